"""The policy pages: the active policy in words, its history, and maker-checker changes."""

from __future__ import annotations

import pytest
from django.utils import translation

from arrears.compliance.actions import active_policy, change_policy, check_and_record
from arrears.compliance.models import PolicyProposal, PolicyVersion
from arrears.compliance.profiles import DEFAULTS
from arrears.compliance.proposals import ProposalError, approve, propose, reject
from arrears.compliance.tests.desk import build_people, client_for, submitted
from arrears.compliance.tests.helpers import req

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return build_people()


def cn_with(**changes):
    return {**DEFAULTS["CN"].to_dict(), **changes}


def test_the_policy_page_shows_each_parameter_in_words_in_chinese(people) -> None:
    html = client_for(people.officer).get("/compliance/policy/CN/").content.decode()
    assert "每天最多拨打同一联系方式 6 次" in html
    assert "08:00–22:00" in html
    assert "CN-FREQ-01 · 同一联系方式每日拨打次数" in html  # a rule id never without its words
    assert "attempts_per_point_per_day" not in html.split('data-param="attempts_per_point_per_day"', 1)[1]
    assert "compliance.md" not in html and "第6.1节" not in html
    assert "{" not in html.split("<main>", 1)[1].split("</main>", 1)[0]  # no JSON


def test_the_policy_page_in_english_and_every_profile_renders(people) -> None:
    client = client_for(people.second)
    html = client.get("/compliance/policy/CN/").content.decode()
    assert "At most 6 dials a day to one contact method" in html and "Yes" in html
    for name in ("US", "UK", "GLOBAL-STRICT"):
        assert client.get(f"/compliance/policy/{name}/").status_code == 200
    assert client.get("/compliance/policy/XX/").status_code == 404
    assert "Mon–Sat" in client.get("/compliance/policy/GLOBAL-STRICT/").content.decode()


def test_an_officer_proposes_is_refused_her_own_and_a_second_officer_approves(people) -> None:
    officer = client_for(people.officer)
    form = officer.get("/compliance/policy/CN/propose/").context["form"]
    data = {**submitted(form), "window_end": "21:00", "reason": "采用更保守的21点结束"}
    response = officer.post("/compliance/policy/CN/propose/", data)
    assert response.status_code == 302
    proposal = PolicyProposal.objects.get()
    assert (proposal.status, proposal.base_version.version, proposal.parameters["window_end"]) == (
        "pending",
        1,
        "21:00",
    )
    page = officer.get("/compliance/policy/CN/").content.decode()
    assert "联系时段结束时间（债务人当地时间）: 22:00 → <b>21:00</b>" in page

    # At 21:30 a call is allowed under version 1.
    at = req("CN", "2026-03-04T21:30:00+08:00")
    assert check_and_record(at, user=people.collector)[1].allowed

    refused = officer.post(
        f"/compliance/proposals/{proposal.public_id}/decide/", {"verdict": "approve"}, follow=True
    )
    assert "您提出了这项变更" in refused.content.decode()
    assert PolicyVersion.objects.filter(profile="CN").count() == 1

    approved = client_for(people.second).post(
        f"/compliance/proposals/{proposal.public_id}/decide/",
        {"verdict": "approve", "note": "ok"},
        follow=True,
    )
    assert "Approved: version 2 is now active." in approved.content.decode()
    version = active_policy("CN")
    assert (version.version, version.author, version.approved_by) == (2, people.officer, people.second)
    assert version.reason == "采用更保守的21点结束"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.version) == ("approved", people.second, version)

    # The gate now decides under version 2: the same call is blocked.
    _checked, row = check_and_record(at, user=people.collector)
    assert not row.allowed and row.rule_list == ["CN-TIME-01"] and row.policy_version == version
    history = officer.get("/compliance/policy/CN/").content.decode()
    assert "由 second 批准" in history and "08:00–21:00" in history


def test_an_administrator_may_approve_and_reject(people) -> None:
    first = propose("CN", cn_with(visit_min_staff=3), user=people.officer, reason="三人同行")
    reject(first, user=people.admin, note="不必要")
    first.refresh_from_db()
    assert (first.status, first.decided_by) == ("rejected", people.admin)
    second = propose("CN", cn_with(visit_min_staff=3), user=people.officer, reason="再议")
    version = approve(second, user=people.admin).version
    assert version is not None and version.version == 2


def test_collectors_and_leads_may_neither_propose_nor_decide(people) -> None:
    proposal = propose("CN", cn_with(visit_min_staff=3), user=people.officer, reason="r")
    for who in (people.collector, people.lead):
        client = client_for(who)
        assert client.get("/compliance/policy/CN/propose/").status_code == 403
        assert client.post("/compliance/policy/CN/propose/", {}).status_code == 403
        assert (
            client.post(
                f"/compliance/proposals/{proposal.public_id}/decide/", {"verdict": "approve"}
            ).status_code
            == 403
        )
    assert client_for(people.collector).get("/compliance/policy/CN/").status_code == 403
    assert client_for(people.lead).get("/compliance/policy/CN/").status_code == 200  # reads it
    with pytest.raises(ProposalError):
        approve(proposal, user=people.lead)
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_a_double_approval_creates_one_version(people) -> None:
    proposal = propose("CN", cn_with(visit_min_staff=3), user=people.officer, reason="r")
    approve(proposal, user=people.second)
    with translation.override("en"), pytest.raises(ProposalError, match="already been decided"):
        approve(proposal, user=people.admin)
    assert PolicyVersion.objects.filter(profile="CN").count() == 2


def test_a_proposal_on_an_old_version_is_refused_as_stale(people) -> None:
    proposal = propose("CN", cn_with(visit_min_staff=3), user=people.officer, reason="r")
    change_policy("CN", cn_with(window_end="21:30"), author=people.admin, reason="admin change")
    response = client_for(people.second).post(
        f"/compliance/proposals/{proposal.public_id}/decide/", {"verdict": "approve"}, follow=True
    )
    assert "the policy has changed since this proposal was made" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "superseded" and proposal.version is None
    assert active_policy("CN").version == 2 and active_policy("CN").policy().visit_min_staff == 2


def test_approving_one_proposal_supersedes_the_others_on_the_same_version(people) -> None:
    a = propose("CN", cn_with(visit_min_staff=3), user=people.officer, reason="a")
    b = propose("CN", cn_with(window_end="21:00"), user=people.officer, reason="b")
    approve(a, user=people.second)
    b.refresh_from_db()
    assert b.status == "superseded"
    with pytest.raises(ProposalError):
        approve(b, user=people.second)


def test_the_proposal_form_shows_field_errors_next_to_the_field_in_chinese(people) -> None:
    officer = client_for(people.officer)
    data = {
        **submitted(officer.get("/compliance/policy/CN/propose/").context["form"]),
        "window_start": "23:00",
        "attempts_per_point_per_day": "-1",
        "default_zone": "Mars/Base",
        "reason": "",
    }
    response = officer.post("/compliance/policy/CN/propose/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"window_end", "attempts_per_point_per_day", "default_zone", "reason"}
    html = response.content.decode()
    assert "联系时段必须在开始之后结束" in html and "此字段为必填项" in html
    end_field = html.split('data-field="window_end"', 1)[1].split("data-field=", 1)[0]
    assert "errorlist" in end_field
    assert not PolicyProposal.objects.exists()


def test_an_unchanged_proposal_and_a_form_from_an_older_version_are_refused(people) -> None:
    officer = client_for(people.officer)
    data = {**submitted(officer.get("/compliance/policy/CN/propose/").context["form"]), "reason": "r"}
    assert officer.post("/compliance/policy/CN/propose/", data).status_code == 400
    change_policy("CN", cn_with(window_end="21:30"), author=people.admin, reason="meanwhile")
    response = officer.post("/compliance/policy/CN/propose/", {**data, "visit_min_staff": "3"})
    assert response.status_code == 400 and "base_version" in response.context["form"].errors
    assert not PolicyProposal.objects.exists()
