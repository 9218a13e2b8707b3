"""The referral to legal: refused while the checklist is incomplete (each missing exhibit
named), approved once complete by a lead of the case's team or a manager, never by who
asked; approval opens the legal matter and moves the case to the legal stage."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from arrears.cases.actions.common import NotAllowed
from arrears.cases.models import Stage
from arrears.cases.tests.desk import verify_clean
from arrears.legal import actions
from arrears.legal.checklist import case_checklist
from arrears.legal.models import Exhibit, LegalMatter, LegalReferral
from arrears.legal.tests.conftest import MORNING, Legal
from arrears.legal.tests.helpers import CN_CARD, PDF, pdf, satisfy
from arrears.testing.personas import client_for

pytestmark = pytest.mark.django_db

LABELS_EN = {
    "agreement": "Card agreement or application form (领用合约/申请表)",
    "statements": "Statements (账单明细)",
    "computation": "Computation of the amount owed (逾期金额计算)",
    "collection_record": "Collection record (催收记录)",
    "demand_letter": "Demand letter sent (催收函)",
}
DOSSIER = ("statements", "computation", "collection_record")


def _ask(legal: Legal, user=None) -> LegalReferral:
    return actions.request_referral(
        legal.case, user or legal.world.collector, reason="多次联系未果，申请诉讼"
    )


def test_the_checklist_of_a_cn_credit_card_case_is_the_five_exhibits(legal: Legal) -> None:
    with translation.override("en"):
        items = case_checklist(legal.case).items
    assert [i.requirement.code for i in items] == list(CN_CARD)
    assert not any(i.done for i in items)


@pytest.mark.parametrize(
    "missing",
    [("agreement",), DOSSIER, ("demand_letter",), CN_CARD],
    ids=["agreement", "dossier", "demand-letter", "everything"],
)
def test_the_referral_is_refused_while_an_exhibit_is_missing_and_names_each(legal: Legal, missing) -> None:
    with time_machine.travel(MORNING, tick=False), translation.override("en"):
        for code in CN_CARD:
            if code not in missing:
                satisfy(legal.world, code)
        with pytest.raises(ValidationError) as refused:
            _ask(legal)
    messages = refused.value.messages
    assert len(messages) == len(missing)
    for code, message in zip(missing, messages, strict=True):
        assert LABELS_EN[code] in message
    assert not LegalReferral.objects.exists()
    assert legal.case.events.filter(kind="legal_referral_requested").count() == 0


def _complete(legal: Legal) -> None:
    for code in CN_CARD:
        satisfy(legal.world, code)


def test_once_complete_a_lead_of_the_team_approves_and_the_matter_opens(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        referral = _ask(legal)
        actions.decide_referral(referral, legal.world.lead, approve=True, note="同意")
    referral.refresh_from_db()
    legal.case.refresh_from_db()
    assert referral.status == "approved" and referral.decided_by == legal.world.lead
    matter = LegalMatter.objects.get(case=legal.case)
    assert matter.referral == referral and matter.currency == "CNY"
    assert legal.case.stage == Stage.LEGAL
    kinds = list(legal.case.events.order_by("seq").values_list("kind", flat=True))
    tail = kinds[kinds.index("legal_referral_requested") :]
    assert tail[:4] == [
        "legal_referral_requested",
        "legal_referral_decided",
        "legal_matter_opened",
        "stage_changed",
    ]
    moved = legal.case.events.get(kind="stage_changed")
    assert moved.data["to"] == "legal" and moved.data["rule"] == "legal_referral"
    verify_clean(legal.case)


def test_a_manager_over_the_team_approves_too(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        actions.decide_referral(_ask(legal), legal.manager, approve=True)
    assert LegalMatter.objects.filter(case=legal.case).exists()


def test_the_requester_never_decides_even_as_a_lead_and_another_lead_does(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        referral = _ask(legal, legal.world.lead)
        with pytest.raises(NotAllowed):
            actions.decide_referral(referral, legal.world.lead, approve=True)
        actions.decide_referral(referral, legal.lead2, approve=True)
    referral.refresh_from_db()
    assert referral.decided_by == legal.lead2


@pytest.mark.parametrize("who", ["collector", "other_lead", "compliance"])
def test_only_a_lead_or_manager_of_the_cases_team_decides(legal: Legal, who: str) -> None:
    user = {
        "collector": legal.world.collector,
        "other_lead": legal.other_lead,
        "compliance": legal.compliance,
    }[who]
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        referral = _ask(legal, legal.world.lead)
        with pytest.raises(NotAllowed):
            actions.decide_referral(referral, user, approve=True)
    referral.refresh_from_db()
    assert referral.is_pending and not LegalMatter.objects.exists()


def test_a_rejection_needs_a_note_and_leaves_the_case_where_it_was(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        referral = _ask(legal)
        with pytest.raises(ValidationError):
            actions.decide_referral(referral, legal.world.lead, approve=False)
        actions.decide_referral(referral, legal.world.lead, approve=False, note="先安排外访")
    referral.refresh_from_db()
    legal.case.refresh_from_db()
    assert referral.status == "rejected" and legal.case.stage != Stage.LEGAL


def test_a_stale_referral_is_refused_and_recorded_as_expired(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        referral = _ask(legal)
    with time_machine.travel(MORNING + timedelta(days=15), tick=False), pytest.raises(ValidationError):
        actions.decide_referral(referral, legal.world.lead, approve=True)
    referral.refresh_from_db()
    assert referral.status == "expired" and not LegalMatter.objects.exists()
    assert legal.case.events.filter(kind="legal_referral_decided").count() == 1


def test_a_second_referral_waits_for_the_first(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        _ask(legal)
        with pytest.raises(ValidationError):
            _ask(legal, legal.world.lead)


def test_an_attached_exhibit_is_stored_with_its_sha256_on_the_chain(legal: Legal, settings) -> None:
    import hashlib

    with time_machine.travel(MORNING, tick=False):
        exhibit = actions.attach_exhibit(legal.case, legal.world.collector, code="agreement", upload=pdf())
    digest = hashlib.sha256(PDF).hexdigest()
    assert exhibit.sha256 == digest
    assert (settings.LEGAL_EXHIBITS_DIR / exhibit.path).read_bytes() == PDF
    event = legal.case.events.get(kind="exhibit_attached")
    assert event.data["sha256"] == digest and event.data["code"] == "agreement"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("agreement.exe", PDF, "application/pdf"),  # extension
        ("agreement.pdf", b"\x89PNG\r\n\x1a\n....", "application/pdf"),  # content is not a PDF
        ("agreement.pdf", PDF, "text/html"),  # declared type
        ("agreement.pdf", b"", "application/pdf"),  # empty
        ("agreement.pdf", b"%PDF-" + b"0" * 3000, "application/pdf"),  # too large (limit below)
    ],
    ids=["extension", "content", "type", "empty", "size"],
)
def test_an_upload_of_the_wrong_kind_or_size_is_refused(
    legal: Legal, settings, name, content, content_type
) -> None:
    settings.LEGAL_EXHIBIT_MAX_BYTES = 2048
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    with time_machine.travel(MORNING, tick=False), pytest.raises(ValidationError) as refused:
        actions.attach_exhibit(legal.case, legal.world.collector, code="agreement", upload=upload)
    assert "file" in refused.value.error_dict
    assert not Exhibit.objects.exists()


def test_the_case_page_shows_what_is_missing_and_the_refusal_over_http(legal: Legal) -> None:
    case = legal.case
    with time_machine.travel(MORNING, tick=False):
        client = client_for(legal.world.collector)
        page = client.get(f"/cases/{case.public_id}/").content.decode()
        assert 'data-testid="exhibits-checklist"' in page
        assert page.count('data-testid="exhibit-missing"') == 5
        refused = client.post(f"/legal/cases/{case.public_id}/refer/", {"reason": "申请诉讼"})
        assert refused.status_code == 400
        assert "领用合约/申请表" in refused.content.decode()
        upload = client.post(f"/legal/cases/{case.public_id}/exhibits/", {"code": "agreement", "file": pdf()})
        assert upload.status_code == 200, upload.content.decode()[:500]
        assert Exhibit.objects.filter(case=case, code="agreement").exists()
        page = client.get(f"/cases/{case.public_id}/").content.decode()
        assert page.count('data-testid="exhibit-missing"') == 4


def test_the_decision_over_http_opens_the_matter_and_an_outsider_gets_404(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        _complete(legal)
        referral = _ask(legal)
        url = f"/legal/referrals/{referral.public_id}/decide/"
        assert client_for(legal.other_lead).post(url, {"decision": "approve"}).status_code == 404
        assert client_for(legal.world.collector).post(url, {"decision": "approve"}).status_code == 403
        assert client_for(legal.world.lead).get(url).status_code == 405
        done = client_for(legal.world.lead).post(url, {"decision": "approve", "note": ""})
    assert done.status_code == 200
    assert LegalMatter.objects.filter(case=legal.case).exists()
