from arrears.portfolio.importing import import_portfolio
from arrears.portfolio.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "Import debtors, accounts and due items from a CSV or XLSX file (docs/import.md)."
    kind = "portfolio"
    importer = staticmethod(import_portfolio)
