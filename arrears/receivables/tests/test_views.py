"""The finance screen: who may open it, its tables and downloads, bad filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from arrears.core.models import Role
from arrears.portfolio.models import Creditor
from arrears.receivables import build
from arrears.testing.personas import client_for, make_creditor, make_team, make_user


@pytest.fixture
def world(db):
    team = make_team("Receivables")
    creditor = make_creditor("wholesale", team, name="示例贸易")
    Creditor.objects.filter(pk=creditor.pk).update(kind=Creditor.Kind.COMPANY)
    other = make_creditor("elsewhere", make_team("Other"))
    Creditor.objects.filter(pk=other.pk).update(kind=Creditor.Kind.COMPANY)
    today = timezone.localdate()
    account = build.customer(creditor, "C1", "苏州瑞丰建材有限公司", salesperson_name="王磊")
    build.invoice(account, "INV-1", today - timedelta(days=70), today - timedelta(days=40), "1200.00")
    hidden = build.customer(other, "C9", "不可见客户有限公司")
    build.invoice(hidden, "INV-9", today - timedelta(days=70), today - timedelta(days=40), "99.00")
    return team, creditor


def test_a_lead_reads_the_measures_of_their_teams_creditors(world):
    team, _creditor = world
    client = client_for(make_user("lead", Role.TEAM_LEAD, team))
    page = client.get("/receivables/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "苏州瑞丰建材有限公司" in text and "王磊" in text
    assert "不可见客户有限公司" not in text
    csv = client.get("/receivables/aging-customer.csv").content.decode("utf-8-sig")
    assert "苏州瑞丰建材有限公司" in csv and "1200.00" in csv
    xlsx = client.get("/receivables/dso.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_filters_by_salesperson_and_refuses_a_future_day(world):
    team, _creditor = world
    client = client_for(make_user("lead", Role.TEAM_LEAD, team))
    page = client.get("/receivables/", {"salesperson": "name:王磊"})
    assert "苏州瑞丰建材有限公司" in page.content.decode()
    page = client.get("/receivables/", {"on": (timezone.localdate() + timedelta(days=400)).isoformat()})
    assert page.status_code == 400 and 'data-testid="filter-errors"' in page.content.decode()
    assert client.get("/receivables/", {"creditor": "99999999999999999999"}).status_code == 400


def test_a_collector_may_not_open_it(world):
    team, _creditor = world
    client = client_for(make_user("c", Role.COLLECTOR, team))
    assert client.get("/receivables/").status_code == 403
    assert client.get("/receivables/dso.csv").status_code == 403
