"""The day plan on the demo (its synthetic creditors: `load_demo --skip-uci`): nobody is
planned past capacity, the rest waits as backlog, the collector's queue holds at most the
day's capacity, and no field visit is recommended to a debtor without an address."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from arrears.cases.models import Case, StageRecommendation
from arrears.contacts.models import ContactPoint
from arrears.core.models import Team
from arrears.strategy.shell import run_nightly
from arrears.strategy.today import plan_day

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    # Through the sign-in page, as a person does (django-axes checks every sign-in).
    response = client.post("/login/", {"username": username, "password": f"{username}-demo"})
    assert response.status_code == 302, response.content[:300]
    return client


def test_on_the_demo_nobody_is_planned_past_capacity_and_field_visits_need_an_address(
    settings, tmp_path
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--skip-uci", verbosity=0)
    today = timezone.localdate()
    # A department smaller than its book: 4 cases a day each, so most of it waits.
    Team.objects.update(daily_capacity=4)
    # Half the consumer-loan debtors lose their address (found wrong at a visit).
    addresses = ContactPoint.objects.filter(kind="address", person__debtor__creditor__code="demo-cn-bank")
    lost = list(addresses.order_by("pk").values_list("pk", flat=True)[::2])
    ContactPoint.objects.filter(pk__in=lost).update(verification=ContactPoint.Verification.FAILED)
    with time_machine.travel(
        datetime.combine(today, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False
    ):
        run_nightly(today)
        # The queue's day: today, or on a weekend or a holiday the next working day (the
        # test runs on any day of the week).
        plan = signed_in("lead").get(f"/api/v1/plan/?date={plan_day(today)}").json()
        queue = signed_in("collector").get("/work/").content.decode()
    working = [row for row in plan if row["capacity"] > 0]
    assert working and all(row["planned"] <= row["capacity"] for row in plan)
    assert sum(row["backlog"] for row in plan) > 0
    collector = next(row for row in plan if row["collector"] == "collector")
    assert collector["planned"] == 4
    assert queue.count('data-testid="queue-case"') == collector["planned"] <= 4

    without = Case.objects.filter(status="open", debtor__people__contact_points__pk__in=lost)
    assert without.exists()
    pending_field = StageRecommendation.objects.filter(status="pending", to_stage="field")
    assert not pending_field.filter(case__in=without).exists()
    assert pending_field.exists()  # the debtors who kept theirs are still recommended
    assert without.filter(next_action="find_address").exists()
