from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from arrears.core.dpd import since_for
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem
from arrears.reports.snapshot import write_states

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(db):
    bank = Creditor.objects.create(code="bank", name="Bank One")
    debtor = Debtor.objects.create(
        creditor=bank, external_id="D1", name="Debtor One", national_id="110101199003071234"
    )
    account = Account.objects.create(
        creditor=bank,
        debtor=debtor,
        external_id="A1",
        product="consumer_loan",
        delinquent_since=since_for(12),  # 12 days past due today
        bucket="M1",
        overdue_amount=Decimal("300.00"),
        balance=Decimal("900.00"),
    )
    DueItem.objects.create(
        account=account,
        external_id="I1",
        kind="instalment",
        due_date=date(2026, 1, 1),
        amount_due=Decimal("300.00"),
    )
    Account.objects.create(creditor=bank, debtor=debtor, external_id="A2", product="consumer_loan")
    return account


def test_pages_need_a_login(client, account):
    response = client.get(reverse("portfolio:overview"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_before_the_first_nightly_run_the_overview_counts_accounts_live_and_says_so(
    client, collector, account, django_assert_num_queries
):
    client.force_login(collector)
    # session, user, profile, latest report day (none), grouped accounts, creditors
    with django_assert_num_queries(6):
        response = client.get(reverse("portfolio:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="count-bank-M1">1<' in html
    assert 'data-testid="count-bank-M0">1<' in html
    assert 'data-testid="delinquent-bank">1<' in html
    assert "No nightly run has recorded the portfolio yet" in html


def test_the_overview_shows_the_nightly_runs_figures_not_a_later_change(
    client, collector, account, django_assert_num_queries
):
    from arrears.strategy.shell import run_nightly

    with time_machine.travel(datetime(2026, 3, 2, 2, 30, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False):
        run = run_nightly(date(2026, 3, 2))
    # Imported after the night: it shows after the next run, not before.
    Account.objects.create(
        creditor=account.creditor,
        debtor=account.debtor,
        external_id="A3",
        product="consumer_loan",
        bucket="M1",
        overdue_amount=Decimal("50.00"),
        balance=Decimal("50.00"),
    )
    client.force_login(collector)
    # session, user, profile, latest report day, its rows, the run's end, creditors
    with django_assert_num_queries(7):
        response = client.get(reverse("portfolio:overview"))
    html = response.content.decode()
    night = dict(
        Account.objects.filter(status="open")
        .exclude(external_id="A3")
        .values_list("bucket")
        .annotate(n=Count("id"))
    )
    assert f'data-testid="count-bank-M1">{night.get("M1", 0)}<' in html
    assert f'data-testid="accounts-bank">{sum(night.values())}<' in html
    assert Account.objects.filter(status="open").count() == sum(night.values()) + 1
    finished = timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M")
    assert f"As of the nightly run of 2026-03-02 (finished {finished})" in html
    body = client.get("/api/v1/portfolio/summary").json()
    assert body[0]["accounts"] == sum(night.values())


def test_the_overview_reads_the_latest_nights_rows(client, collector, account):
    write_states(date(2026, 3, 1))
    Account.objects.filter(external_id="A2").update(bucket="M2")
    write_states(date(2026, 3, 2))
    client.force_login(collector)
    html = client.get(reverse("portfolio:overview")).content.decode()
    assert 'data-testid="count-bank-M2">1<' in html and 'data-testid="count-bank-M0">0<' in html
    # No run recorded that day (rows written by hand here): the page gives the date only.
    assert "As of 2026-03-02" in html


def test_the_overview_speaks_the_users_language(client, collector, account):
    collector.profile.language = "zh-hans"
    collector.profile.save()
    client.force_login(collector)
    html = client.get(reverse("portfolio:overview")).content.decode()
    assert "组合概览" in html


def test_the_account_page_masks_the_national_id(client, collector, account):
    from arrears.cases.models import Case

    client.force_login(collector)
    # A collector sees the accounts of their own cases only.
    url = reverse("portfolio:account", args=[account.public_id])
    assert client.get(url).status_code == 404
    Case.objects.create(debtor=account.debtor, owner=collector, opened_on=account.aged_on or "2026-01-01")
    html = client.get(reverse("portfolio:account", args=[account.public_id])).content.decode()
    assert "1101**********1234" in html
    assert "110101199003071234" not in html
    assert ">12<" in html  # days past due


def test_an_unknown_account_is_404(client, collector, account):
    client.force_login(collector)
    response = client.get(reverse("portfolio:account", args=["00000000-0000-0000-0000-000000000000"]))
    assert response.status_code == 404


def test_the_api_summary_needs_a_login_and_gives_decimal_amounts(client, collector, account):
    assert client.get("/api/v1/portfolio/summary").status_code == 401
    client.force_login(collector)
    body = client.get("/api/v1/portfolio/summary").json()
    assert body[0]["creditor"] == "bank" and body[0]["accounts"] == 2 and body[0]["delinquent"] == 1
    m1 = next(b for b in body[0]["buckets"] if b["bucket"] == "M1")
    assert m1 == {"bucket": "M1", "accounts": 1, "overdue": "300.00", "balance": "900.00"}


def test_the_api_refuses_a_wrong_method(client, collector):
    client.force_login(collector)
    assert client.post("/api/v1/portfolio/summary").status_code == 405
