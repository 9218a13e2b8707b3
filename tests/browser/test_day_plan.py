"""The collector's day in a real browser: the queue shows the planned count within the
day's capacity, and a logged call moves the case to its next call, out of today's plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from arrears.cases.models import Case
from arrears.core.models import Team
from arrears.strategy.planner import next_working_day
from arrears.strategy.shell import run_nightly

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_queue_shows_todays_plan_and_a_call_moves_the_case_to_its_next_day(page):
    # The next working day at 10:00 (in the future, so the browser keeps the session).
    day = next_working_day(datetime.now(SHANGHAI).date() + timedelta(days=1))
    with time_machine.travel(datetime.combine(day, time(10), tzinfo=SHANGHAI), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        # A small department: 5 cases a day each, so the day's plan is full.
        Team.objects.update(daily_capacity=5)
        run_nightly(day)
        page.goto("/login/")
        page.fill("input[name=username]", "collector")
        page.fill("input[name=password]", "collector-demo")
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=plan-summary]")
        planned = int(page.text_content("[data-testid=planned-count]"))
        rows = page.locator("[data-testid=queue-case]")
        assert planned == rows.count() == 5
        assert int(page.text_content("[data-testid=done-count]")) == 0

        reference = rows.first.text_content()
        rows.first.click()
        page.wait_for_selector("[data-testid=case-ref]")
        page.select_option("[data-testid=outcome]", "right_party_contact")
        page.click("[data-testid=log-contact]")
        page.wait_for_selector("[data-testid=done]")
        case = Case.objects.get(pk=int(reference.removeprefix("C-")))
        assert case.next_action == "call" and case.planned_for is not None and case.planned_for > day

        page.goto("/work/")
        assert int(page.text_content("[data-testid=planned-count]")) == 4
        assert int(page.text_content("[data-testid=done-count]")) == 1
        assert reference not in page.text_content("[data-testid=queue]")
