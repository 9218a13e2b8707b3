"""The content review queue: held texts, compliance officers' decisions, retraining on them."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from arrears.compliance import content_model
from arrears.compliance.actions import check, check_and_record
from arrears.compliance.content import check_content
from arrears.compliance.models import ContactDecision, ContentReview
from arrears.compliance.review import decided_lines
from arrears.compliance.tests.helpers import req
from arrears.core.models import Profile, Role

pytestmark = pytest.mark.django_db

# Texts near the model's uncertain band; the test uses the first one the model holds.
CANDIDATES = [
    "You have 24 hours before we escalate this to the sheriff.",
    "我们会把你欠钱的事情跟你表哥讲一讲",
    "It would be smart to call us back before your boss does.",
    "我们这边会安排人员到你户籍地走访一下。",
    "We will be reaching out to the people on your contact list.",
    "你最好今天就处理，不然我们只能换一种方式了。",
    "Your employer may hear from us if this continues.",
    "再不处理，我们就去你家附近问问邻居。",
    "Maybe your parents would like to know about this.",
    "不还的话后果自负，我们会走别的流程。",
]


def held_text() -> str:
    for text in CANDIDATES:
        findings = check_content(text)
        if findings and all(f.review for f in findings):
            return text
    pytest.fail("no candidate lands in the review band; update CANDIDATES")


def person(name: str, role: str) -> User:
    u = User.objects.create_user(name, password="pw")
    Profile.objects.create(user=u, role=role)
    return u


@pytest.fixture
def officer() -> User:
    return person("officer", Role.COMPLIANCE)


def test_a_held_text_blocks_the_contact_and_queues_one_review(officer: User) -> None:
    text = held_text()
    collector = person("wang", Role.COLLECTOR)
    request = req("CN", "2025-03-05T10:00:00+08:00", channel="sms", text=text)
    checked, row = check_and_record(request, user=collector)
    assert not checked.decision.allowed and checked.decision.held_for_review
    assert row.content_model_version == content_model.get_model().version
    assert checked.decision.to_dict("en")["content_model_version"] == row.content_model_version
    check_and_record(req("CN", "2025-03-05T11:00:00+08:00", channel="sms", text=text), user=collector)
    review = ContentReview.objects.get()
    assert (review.text, review.status, review.occurrences) == (text, "pending", 2)
    assert review.created_by == collector


def test_a_what_if_check_queues_nothing() -> None:
    check(req("CN", "2025-03-05T10:00:00+08:00", channel="sms", text=held_text()))
    assert not ContentReview.objects.exists()


def test_only_a_compliance_officer_decides_and_an_approval_lets_the_text_pass(officer: User) -> None:
    text = held_text()
    check_and_record(req("CN", "2025-03-05T10:00:00+08:00", channel="sms", text=text), user=None)
    review = ContentReview.objects.get()
    for role, status in ((Role.COLLECTOR, 403), (Role.TEAM_LEAD, 403), (Role.ADMIN, 403)):
        c = Client()
        c.force_login(person(f"u-{role}", role))
        assert c.post(f"/compliance/review/{review.pk}/decide/", {"verdict": "approve"}).status_code == status
    c = Client()
    c.force_login(officer)
    assert c.get(f"/compliance/review/{review.pk}/decide/").status_code == 405
    assert c.post("/compliance/review/999999/decide/", {"verdict": "approve"}).status_code == 404
    assert c.post(f"/compliance/review/{review.pk}/decide/", {"verdict": "maybe"}).status_code == 400
    review.refresh_from_db()
    assert review.status == "pending"
    page = c.get("/compliance/review/")
    assert text in page.content.decode()
    assert c.post(f"/compliance/review/{review.pk}/decide/", {"verdict": "approve"}).status_code == 302
    review.refresh_from_db()
    assert (review.status, review.decided_by) == ("approved", officer)
    assert check(req("CN", "2025-03-05T10:00:00+08:00", channel="sms", text=text)).decision.allowed
    # A decision is final.
    assert c.post(f"/compliance/review/{review.pk}/decide/", {"verdict": "reject"}).status_code == 409


def test_a_rejection_blocks_for_good_under_the_rule_the_officer_chose(officer: User) -> None:
    text = held_text()
    check_and_record(req("CN", "2025-03-05T10:00:00+08:00", channel="sms", text=text), user=None)
    review = ContentReview.objects.get()
    c = Client()
    c.force_login(officer)
    c.post(f"/compliance/review/{review.pk}/decide/", {"verdict": "reject", "rule_id": "DEF-CONTENT-02"})
    decision = check(req("CN", "2025-03-05T10:00:00+08:00", channel="sms", text=text)).decision
    assert not decision.allowed and not decision.held_for_review
    assert "DEF-CONTENT" in " ".join(decision.rule_ids)


def test_a_team_lead_sees_the_queue_but_a_collector_does_not() -> None:
    lead, collector = Client(), Client()
    lead.force_login(person("lead", Role.TEAM_LEAD))
    collector.force_login(person("col", Role.COLLECTOR))
    assert lead.get("/compliance/review/").status_code == 200
    assert collector.get("/compliance/review/").status_code == 403


def test_decisions_become_training_lines_for_the_next_run(officer: User, settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    text = held_text()
    check_and_record(req("CN", "2025-03-05T10:00:00+08:00", channel="sms", text=text), user=None)
    c = Client()
    c.force_login(officer)
    c.post(f"/compliance/review/{ContentReview.objects.get().pk}/decide/",
           {"verdict": "reject", "rule_id": "DEF-CONTENT-05"})
    lines = decided_lines()
    assert [(line.text, line.labels) for line in lines] == [(text, ("DEF-CONTENT-05",))]
    before = content_model.get_model().version
    out = io.StringIO()
    try:
        call_command("train_content", stdout=out)
        after = content_model.get_model()
        assert "1 review decisions" in out.getvalue()
        assert after.version != before and after.meta["sources"].get("review") == 1
        assert (tmp_path / "models" / "content_model.joblib").exists()
        assert ContactDecision.objects.count() == 1
    finally:
        content_model.reset_cache(None)
