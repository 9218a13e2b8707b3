"""Care holds: a self-harm or crisis signal stops every contact through the gate (web, API,
dialer export) until a team lead has reviewed it; the lead sees it at once."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from arrears.activity.models import Event, Kind
from arrears.cases import actions
from arrears.cases.models import CareHold, Case
from arrears.cases.tests.desk import MORNING, Desk, build_desk, client_for, verify_clean
from arrears.core.models import Profile
from arrears.strategy.dialer import call_list
from arrears.strategy.tests.world import ON, local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def desk() -> Desk:
    return build_desk()


def point_of(case: Case):
    return case.debtor.people.get().contact_points.get()


def say(desk: Desk, case: Case, text: str):
    return client_for(desk.collector).post(f"/cases/{case.public_id}/assist/", {"text": text})


def call(desk: Desk, case: Case):
    return client_for(desk.collector).post(
        f"/cases/{case.public_id}/contact/",
        {"contact_point": str(point_of(case).public_id), "channel": "call", "outcome": "no_answer"},
    )


def test_the_call_panels_care_flag_puts_the_case_on_hold_and_says_so(desk: Desk) -> None:
    Profile.objects.filter(user=desk.collector).update(language="zh-hans")
    response = say(desk, desk.small, "我真的不想活了")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="care-held"' in html and "已暂停本案所有联系，已提交组长复核" in html
    hold = CareHold.objects.get(case=desk.small)
    assert hold.is_open and hold.source == "call_panel" and hold.words == "我真的不想活了"
    assert hold.raised_by == desk.collector and "不想活" in hold.reason
    event = desk.small.events.get(kind=Kind.CARE_HOLD_RAISED)
    assert event.data == {"hold": str(hold.public_id), "source": "call_panel", "words": "我真的不想活了"}
    # The panel re-reads the words as they are typed: one hold, one event.
    say(desk, desk.small, "我真的不想活了，别再打了")
    assert CareHold.objects.count() == 1 and desk.small.events.filter(kind=Kind.CARE_HOLD_RAISED).count() == 1


def test_an_open_hold_blocks_calls_on_the_web_and_in_the_api(desk: Desk) -> None:
    say(desk, desk.small, "I just want to die")
    response = call(desk, desk.small)
    assert response.status_code == 409
    html = response.content.decode()
    # The rule and its reason in the collector's language (Chinese).
    assert "CARE-HOLD" in html and "组长复核前不得进行任何联系" in html
    assert not Event.objects.filter(case=desk.small, kind=Kind.CONTACT).exists()
    blocked = Event.objects.get(case=desk.small, kind=Kind.BLOCKED)
    assert blocked.data["rule_ids"] == ["CARE-HOLD"]
    api = client_for(desk.collector).post(
        f"/api/v1/cases/{desk.small.public_id}/contacts",
        {"contact_point": str(point_of(desk.small).public_id), "outcome": "busy"},
        content_type="application/json",
    )
    assert api.status_code == 409
    decision = api.json()["decision"]
    assert decision["rule_ids"] == ["CARE-HOLD"] and decision["next_allowed_at"] is None
    # The verdicts on the case page say so, and the other case is not touched.
    page = client_for(desk.collector).get(f"/cases/{desk.small.public_id}/").content.decode()
    assert "<code>CARE-HOLD</code>" in page and 'data-testid="care-hold"' in page
    assert call(desk, desk.large).status_code == 200


def test_an_open_hold_leaves_the_dialer_export_and_the_queue(desk: Desk, tmp_path, capsys) -> None:
    assert desk.small.reference in {r["case"] for r in call_list(ON).rows}
    actions.raise_care_hold(desk.small, desk.collector, source="manual", reason="said she would end it")
    result = call_list(ON)
    assert desk.small.reference not in {r["case"] for r in result.rows}
    # Left out before the gate is asked (nobody is prompted to call), and accounted for.
    assert result.on_hold == 1 and result.blocked_rows == 0
    out = tmp_path / "calls.csv"
    call_command("export_call_list", "--date", ON.isoformat(), "--out", str(out))
    assert "1 on a care hold" in capsys.readouterr().err
    with out.open(encoding="utf-8") as handle:
        assert desk.small.reference not in {row["case"] for row in csv.DictReader(handle)}
    queue = client_for(desk.collector).get("/work/").content.decode()
    assert desk.small.reference not in queue and desk.large.reference in queue


def test_the_lead_sees_the_hold_at_once_with_who_and_why(desk: Desk) -> None:
    actions.raise_care_hold(desk.small, desk.collector, source="manual", reason="crying, talked of a bridge")
    team = client_for(desk.lead).get("/team/").content.decode()
    assert 'data-testid="team-hold"' in team and desk.small.reference in team
    assert "crying, talked of a bridge" in team and desk.collector.username in team
    approvals = client_for(desk.lead).get("/team/approvals/").content.decode()
    assert f'data-case="{desk.small.reference}"' in approvals and 'data-testid="review-form"' in approvals
    # The raiser cannot lift it; the other team's lead does not see it.
    assert "crying" not in client_for(desk.other_lead).get("/team/").content.decode()


def test_a_review_lets_contact_resume_and_is_evidence(desk: Desk) -> None:
    hold, _new = actions.raise_care_hold(desk.small, desk.collector, source="manual", reason="crisis")
    url = f"/team/care-holds/{hold.public_id}/review/"
    response = client_for(desk.lead).post(url, {"outcome": "resume", "note": "Spoke with her sister; safe."})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.outcome, hold.reviewed_by, hold.resume_after) == ("resume", desk.lead, None)
    event = desk.small.events.latest("seq")
    assert event.kind == Kind.CARE_HOLD_REVIEWED and event.data["outcome"] == "resume"
    # Back in the day's plan and the dialer's list, and a call goes through.
    assert desk.small.reference in {r["case"] for r in call_list(ON).rows}
    assert call(desk, desk.small).status_code == 200
    verify_clean(desk.small)


def test_a_waiting_period_blocks_until_its_day(desk: Desk) -> None:
    hold, _new = actions.raise_care_hold(desk.small, desk.collector, source="manual", reason="crisis")
    resume = ON + timedelta(days=30)
    response = client_for(desk.lead).post(
        f"/team/care-holds/{hold.public_id}/review/",
        {"outcome": "wait", "resume_on": resume.isoformat(), "note": "In treatment; 30 days."},
    )
    assert response.status_code == 302
    blocked = call(desk, desk.small)
    assert blocked.status_code == 409 and f"{resume:%Y-%m-%d} 00:00" in blocked.content.decode()
    with time_machine.travel(local(resume, 10), tick=False):
        assert call(desk, desk.small).status_code == 200


def test_whoever_raised_a_hold_does_not_review_it(desk: Desk) -> None:
    hold, _new = actions.raise_care_hold(
        desk.small, desk.lead, source="manual", reason="heard it on a listen-in"
    )
    response = client_for(desk.lead).post(
        f"/team/care-holds/{hold.public_id}/review/", {"outcome": "resume", "note": "fine"}
    )
    assert response.status_code == 403
    hold.refresh_from_db()
    assert hold.is_open
    with pytest.raises(actions.NotAllowed):
        actions.review_care_hold(hold, desk.lead, outcome="resume", note="fine")
    actions.review_care_hold(hold, desk.manager, outcome="resume", note="called back; safe")
    hold.refresh_from_db()
    assert hold.reviewed_by == desk.manager


def test_a_hold_marked_by_hand_on_the_case_page(desk: Desk) -> None:
    url = f"/cases/{desk.small.public_id}/care-hold/"
    response = client_for(desk.collector).post(
        url, {"reason": "He said he has nothing to live for.", "confirm": "on"}
    )
    assert response.status_code == 200 and "已暂停本案所有联系，已提交组长复核" in response.content.decode()
    hold = CareHold.objects.get(case=desk.small)
    assert hold.source == "manual" and hold.is_open
    verify_clean(desk.small)
