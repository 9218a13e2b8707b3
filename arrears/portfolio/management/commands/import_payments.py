from arrears.portfolio.importing import import_payments
from arrears.portfolio.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "Import payments from a CSV or XLSX file (docs/import.md); re-ages the accounts paid."
    kind = "payments"
    importer = staticmethod(import_payments)
