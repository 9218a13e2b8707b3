"""Receivables (应收账款): a business creditor's customers and their invoices. The customer
profile (relationship, annual sales, credit limit, terms, salesperson), credit notes, the
allocation of payments and credit notes to invoices, unapplied cash, invoice disputes and
expected payments ("the cheque is in the post"); the ledger other apps read
(arrears.receivables.ledger), the finance measures and their screen. docs/receivables.md.
"""
