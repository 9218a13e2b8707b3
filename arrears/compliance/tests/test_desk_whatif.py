"""The what-if check as a form: examples, the history formset, the JSON alternative, no 500s."""

from __future__ import annotations

import json

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arrears.compliance.models import ContactDecision
from arrears.compliance.tests.desk import build_people, client_for, submitted
from arrears.compliance.tests.helpers import req

pytestmark = pytest.mark.django_db

# 09:00 in Shanghai: the examples are built on this day.
NOW = "2026-03-04T01:00:00Z"


@pytest.fixture
def people():
    return build_people()


def run_example(client, name: str):
    page = client.get("/compliance/check/", {"example": name})
    data = {**submitted(page.context["form"]), **submitted(page.context["history"])}
    return page, client.post("/compliance/check/", data)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("example", "rules", "words"),
    [
        ("late-call", ["CN-TIME-01"], "不在允许时段 08:00–22:00"),
        ("seventh-call", ["CN-FREQ-01"], "已向该号码拨打 6 次"),
        ("employer-threat", ["DEF-CONTENT-05"], "披露债务"),
        ("relative-pays", ["CN-PARTY-01", "CN-PARTY-02"], "不得要求其还款"),
    ],
)
def test_each_example_fills_the_form_and_is_blocked_with_its_reason(people, example, rules, words) -> None:
    page, response = run_example(client_for(people.officer), example)
    assert page.status_code == 200 and response.status_code == 200
    result = response.context["result"]
    assert result is not None and not result["allowed"]
    shown = [r["rule"].split(" · ")[0] for r in result["reasons"]]
    assert all(rule in shown for rule in rules), shown
    html = response.content.decode()
    assert words in html and "拦截" in html
    assert ContactDecision.objects.count() == 0  # a what-if is never recorded


@time_machine.travel(NOW, tick=False)
def test_the_late_call_says_when_it_is_next_allowed_in_english(people) -> None:
    _page, response = run_example(client_for(people.second), "late-call")
    html = response.content.decode()
    assert "Blocked" in html and "Contact window" in html
    assert "Next allowed: 2026-03-05 08:00 (Asia/Shanghai)" in html


@time_machine.travel(NOW, tick=False)
def test_a_call_at_ten_to_the_debtor_is_allowed(people) -> None:
    page = client_for(people.officer).get("/compliance/check/")
    data = {**submitted(page.context["form"]), **submitted(page.context["history"])}
    response = client_for(people.officer).post("/compliance/check/", data)
    assert response.context["result"]["allowed"] and "放行" in response.content.decode()


def test_the_json_alternative_still_works(people) -> None:
    body = json.dumps(req("CN", "2026-03-04T23:00:00+08:00"))
    response = client_for(people.second).post("/compliance/check/", {"request": body})
    assert response.context["result"]["reasons"][0]["rule"].startswith("CN-TIME-01 · Contact window")


def test_missing_fields_are_errors_beside_the_fields(people) -> None:
    response = client_for(people.officer).post(
        "/compliance/check/",
        {"history-TOTAL_FORMS": "1", "history-INITIAL_FORMS": "0", "history-0-at": "tomorrow"},
    )
    assert response.status_code == 200 and response.context["result"] is None
    assert {"at", "profile", "channel", "role", "purpose"} <= set(response.context["form"].errors)
    assert response.context["history"].errors[0]["at"]


def test_a_collector_may_not_use_it(people) -> None:
    assert client_for(people.collector).get("/compliance/check/").status_code == 403


_odd = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "0001-01-01T00:00",
            "9999-12-31T23:59",
            "2026-03-08T02:30",
            "2026-02-30T10:00",
            "\u202e",
            "1e309",
            "-1",
            "CN",
            "call",
            "debtor",
            "{}",
            "[]",
            "null",
            '{"at": 1}',
            "99999999999999999999",
        ]
    ),
)
FIELDS = [
    "profile",
    "at",
    "channel",
    "role",
    "purpose",
    "consumer",
    "unreachable",
    "visitors",
    "text",
    "request",
    "history-TOTAL_FORMS",
    "history-INITIAL_FORMS",
    "history-0-at",
    "history-0-channel",
    "history-0-connected",
    "history-1-at",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(FIELDS), _odd, max_size=len(FIELDS)))
def test_no_input_gets_a_500(people, data) -> None:
    text = {k: v.replace("\x00", "") for k, v in data.items()}
    base = {
        "profile": "US",
        "at": "2026-03-04T10:00",
        "channel": "call",
        "role": "debtor",
        "purpose": "collect",
        "history-TOTAL_FORMS": "2",
        "history-INITIAL_FORMS": "0",
    }
    response = client_for(people.officer).post("/compliance/check/", {**base, **text})
    assert response.status_code < 500
