"""The customer profile on a company debtor's case page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from arrears.cases.models import Case
from arrears.core.dpd import days_since
from arrears.core.models import Role
from arrears.portfolio.models import Creditor
from arrears.receivables import build
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import ON, client_for, make_creditor, make_team, make_user


def test_the_case_page_of_a_company_debtor_shows_its_profile(db):
    team = make_team("Receivables")
    collector = make_user("ar-collector", Role.COLLECTOR, team)
    creditor = make_creditor("wholesale", team)
    Creditor.objects.filter(pk=creditor.pk).update(kind=Creditor.Kind.COMPANY)
    account = build.customer(
        creditor,
        "C1",
        "苏州瑞丰建材有限公司",
        annual_sales=Decimal("1250000.00"),
        credit_limit=Decimal("300000"),
        payment_terms_days=60,
        salesperson_name="王磊",
        value_note="重点客户，合作八年",
    )
    build.invoice(account, "INV-1", ON - timedelta(days=90), ON - timedelta(days=30), "5000.00")
    run_nightly(ON)
    case = Case.objects.get(debtor=account.debtor)
    page = client_for(collector).get(f"/cases/{case.public_id}/").content.decode()
    assert 'data-testid="customer-profile"' in page
    assert "王磊" in page and "重点客户，合作八年" in page and "1,250,000.00" in page
    # A company has a registration number, not a person's identity card.
    assert "身份证" not in page and "National id" not in page
    assert "统一社会信用代码" in page or "Registration no." in page


def test_the_nightly_ages_a_credit_note_as_a_credit(db):
    team = make_team("Receivables")
    creditor = make_creditor("wholesale", team)
    account = build.customer(creditor, "C1", "苏州瑞丰建材有限公司")
    build.invoice(account, "INV-1", ON - timedelta(days=90), ON - timedelta(days=60), "1000.00")
    build.invoice(account, "INV-2", ON - timedelta(days=60), ON - timedelta(days=30), "500.00")
    # The whole of the older invoice credited: only INV-2 is overdue, 30 days.
    build.credit_note(account, "CN-1", ON - timedelta(days=50), "1000.00", "INV-1")
    run_nightly(ON)
    account.refresh_from_db()
    assert (days_since(account.delinquent_since, ON), account.overdue_amount, account.balance) == (
        30,
        Decimal("500.00"),
        Decimal("500.00"),
    )
