"""The legal matter: each change an event with the fields changed; bad input on the form
comes back as errors by field, never a 500; a stale page is refused; the list of matters
for leads, managers and compliance, with its filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from arrears.legal import actions
from arrears.legal.models import LegalMatter
from arrears.legal.tests.conftest import MORNING, Legal
from arrears.legal.tests.helpers import CN_CARD, satisfy
from arrears.testing.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(legal: Legal) -> LegalMatter:
    with time_machine.travel(MORNING, tick=False):
        for code in CN_CARD:
            satisfy(legal.world, code)
        referral = actions.request_referral(legal.case, legal.world.collector, reason="申请诉讼")
        actions.decide_referral(referral, legal.world.lead, approve=True)
    return LegalMatter.objects.get(case=legal.case)


def test_a_change_is_an_event_with_each_field_changed_and_no_change_writes_nothing(
    legal: Legal, matter: LegalMatter
) -> None:
    with time_machine.travel(MORNING, tick=False):
        changed = actions.change_matter(
            matter,
            legal.world.lead,
            {
                "court": "上海市黄浦区人民法院",
                "case_number": "(2026)沪0101民初123号",
                "filed_on": date(2026, 3, 2),
            },
        )
        assert changed.court == "上海市黄浦区人民法院"
        event = legal.case.events.filter(kind="legal_matter_changed").get()
        assert event.data["changes"] == {
            "court": ["", "上海市黄浦区人民法院"],
            "case_number": ["", "(2026)沪0101民初123号"],
            "filed_on": [None, "2026-03-02"],
        }
        actions.change_matter(changed, legal.world.lead, {"court": "上海市黄浦区人民法院"})
        assert legal.case.events.filter(kind="legal_matter_changed").count() == 1
        actions.change_matter(
            changed,
            legal.world.lead,
            {"judgment_on": date(2026, 3, 3), "judgment_amount": Decimal("5000.00")},
        )
    last = legal.case.events.filter(kind="legal_matter_changed").order_by("-seq").first()
    assert last is not None and last.data["changes"]["judgment_amount"] == [None, "5000.00"]


def test_the_dates_order_is_checked_by_the_action_too(legal: Legal, matter: LegalMatter) -> None:
    with time_machine.travel(MORNING, tick=False), pytest.raises(ValidationError) as refused:
        actions.change_matter(
            matter, legal.world.lead, {"filed_on": date(2026, 3, 2), "judgment_on": date(2026, 3, 1)}
        )
    assert "judgment_on" in refused.value.error_dict
    assert not legal.case.events.filter(kind="legal_matter_changed").exists()


def _form(matter: LegalMatter, **values: str) -> dict[str, str]:
    data = {
        "status": "filed",
        "court": "",
        "case_number": "",
        "filed_on": "",
        "hearings": "",
        "judgment_on": "",
        "judgment_amount": "",
        "enforcement_applied_on": "",
        "enforcement_case_number": "",
        "enforcement_outcome": "",
        "court_fees": "0",
        "lawyer_fees": "0",
        "notes": "",
        "seen": str(matter.version),
    }
    data.update(values)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("filed_on", "9999-99-99"),
        ("filed_on", "2026-02-30"),
        ("filed_on", "2099-01-01"),
        ("judgment_amount", "1.23456"),
        ("judgment_amount", "abc"),
        ("court_fees", "-5"),
        ("lawyer_fees", "99999999999999999999"),
        ("hearings", "2026-05-20\n2026-13-01"),
        ("status", "nonsense"),
        ("enforcement_outcome", "<script>"),
    ],
)
def test_bad_input_on_the_matter_form_gives_a_field_error_not_a_500(
    legal: Legal, matter: LegalMatter, field: str, value: str
) -> None:
    with time_machine.travel(MORNING, tick=False):
        response = client_for(legal.world.lead).post(
            f"/legal/matters/{matter.public_id}/", _form(matter, **{field: value})
        )
    assert response.status_code == 400
    assert f'data-testid="field-error-{field}"' in response.content.decode()
    assert not legal.case.events.filter(kind="legal_matter_changed").exists()


def test_a_judgment_before_the_filing_is_an_error_by_its_field(legal: Legal, matter: LegalMatter) -> None:
    with time_machine.travel(MORNING, tick=False):
        response = client_for(legal.world.lead).post(
            f"/legal/matters/{matter.public_id}/",
            _form(matter, filed_on="2026-03-02", judgment_on="2026-03-01", judgment_amount="100"),
        )
    assert response.status_code == 400
    assert 'data-testid="field-error-judgment_on"' in response.content.decode()


def test_the_form_saves_and_a_stale_page_is_refused(legal: Legal, matter: LegalMatter) -> None:
    url = f"/legal/matters/{matter.public_id}/"
    stale = _form(matter, court="旧页面")
    with time_machine.travel(MORNING, tick=False):
        client = client_for(legal.world.lead)
        saved = client.post(
            url,
            _form(
                matter, court="上海市黄浦区人民法院", hearings="2026-05-20, 2026-04-01", court_fees="1,250.50"
            ),
        )
        assert saved.status_code == 200, saved.content.decode()[:2000]
        matter.refresh_from_db()
        assert matter.hearings == ["2026-04-01", "2026-05-20"] and matter.court_fees == Decimal("1250.50")
        assert client.post(url, stale).status_code == 400
    matter.refresh_from_db()
    assert matter.court == "上海市黄浦区人民法院"


def test_who_sees_and_changes_the_matter(legal: Legal, matter: LegalMatter) -> None:
    url = f"/legal/matters/{matter.public_id}/"
    with time_machine.travel(MORNING, tick=False):
        assert client_for(legal.other_lead).get(url).status_code == 404
        assert client_for(legal.world.collector).get(url).status_code == 200
        assert client_for(legal.world.collector).post(url, _form(matter)).status_code == 403
        assert client_for(legal.compliance).post(url, _form(matter)).status_code == 403
        assert client_for(legal.world.lead).delete(url).status_code == 405


def test_the_list_of_matters_for_leads_managers_and_compliance_with_filters(
    legal: Legal, matter: LegalMatter
) -> None:
    with time_machine.travel(MORNING, tick=False):
        assert client_for(legal.world.collector).get("/legal/").status_code == 403
        for user in (legal.world.lead, legal.manager, legal.compliance):
            page = client_for(user).get("/legal/").content.decode()
            assert str(matter.public_id) in page, user.username
        lead = client_for(legal.world.lead)
        assert str(matter.public_id) in lead.get("/legal/", {"status": "preparing"}).content.decode()
        assert str(matter.public_id) not in lead.get("/legal/", {"status": "closed"}).content.decode()
        assert str(matter.public_id) in lead.get("/legal/", {"q": legal.case.reference}).content.decode()
        assert str(matter.public_id) not in lead.get("/legal/", {"q": "无此法院"}).content.decode()
        assert lead.get("/legal/", {"status": "'; drop", "outcome": "<x>", "q": "x" * 500}).status_code == 200
        assert str(matter.public_id) not in client_for(legal.other_lead).get("/legal/").content.decode()
