"""A zh-hans user reads Chinese: no English sentence of ours on the everyday pages.

Each page is rendered for the personas who use it, in zh-hans, and its visible text (tags,
scripts and attribute values left out) is searched for English: any message of the
catalogue that shows in English, and any run of three or more English words (a string that
was never marked for translation). Data the users typed or imported (names, notes) is not
ours to translate; the personas' data is Chinese or codes, so what is found is ours."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import transaction

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases import actions
from arrears.cases.tests.desk import MORNING, Desk, build_desk, client_for
from arrears.contacts.models import ContactPoint
from arrears.core.models import Role, Team
from arrears.legal.models import LegalMatter, LegalReferral
from arrears.recovery.models import Agency, Contract, PlacementBatch
from arrears.recovery.placement import place
from arrears.strategy.apply_cases import REASONS
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, local
from arrears.testing.personas import make_user

pytestmark = pytest.mark.django_db

# Words that are names, not English: the product, units, formats.
NAMES = {"Arrears", "CNY", "USD", "GBP", "CSV", "XLSX", "API", "SMS", "JSON", "OpenAPI", "HTMX"}
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z']+(?:[ ,]+[A-Za-z][a-z']+){2,}\b")
# Internal codes: snake_case values, stage moves in codes, rule ids standing alone.
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(?:phone|field|agency|legal) → (?:phone|field|agency|legal)\b")
# A rule id in its own element with no words after it (CN-TIME-01 alone says nothing).
RULE_ALONE = re.compile(r">\s*((?:[A-Z]{2,}-)+(?:[A-Z]+|\d+))\s*</[a-z]+>\s*(?:<(?!/?(?:b|i|em|span)\b)|$)")
LATER = ON + timedelta(days=3)
AGENCY_TIERS = [{"from_dpd": 0, "principal": "0.10", "interest": "0.20", "fees": "0.30"}]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            # What a reader sees of attributes: placeholders, titles, labels.
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def english_in(text: str) -> list[str]:
    found = []
    for match in ENGLISH_RUN.finditer(text):
        words = [w for w in re.split(r"[ ,]+", match.group()) if w not in NAMES]
        if len(words) >= 3:
            found.append(match.group())
    return found


def codes_in(html: str) -> list[str]:
    found = [m.group() for m in CODE.finditer(visible_text(html))]
    found += [m.group(1) for m in RULE_ALONE.finditer(html)]
    return found


@pytest.fixture
def desk(db) -> Desk:
    """The controls' personas, with a case that has lived a little: a call the gate
    blocked, a promise broken, an information-repair task, the nightly's stage moves."""
    with time_machine.travel(MORNING, tick=False):
        desk = build_desk()
        case, collector = desk.small, desk.collector
        person = case.debtor.people.get(relationship="self")
        point = ContactPoint.objects.filter(person=person).first()
        with pytest.raises(actions.ContactBlocked):
            actions.log_contact(
                case,
                collector,
                person=person,
                contact_point=point,
                channel="call",
                outcome="no_answer",
                at=local(ON, 23),
            )
        actions.make_promise(case, collector, amount=Decimal("100.00"), due_on=ON + timedelta(days=1))
        actions.ensure_repair_task(case, collector)
    with time_machine.travel(local(LATER, 9), tick=False):
        run_nightly(LATER)
        # A batch placed with an agency (the case page shows it, in words on the timeline),
        # and the agency's collector.
        agency = Agency.objects.create(code="huaxin", name="华信信用管理")
        contract = Contract.objects.create(
            agency=agency, reference="HX-1", starts_on=date(2026, 1, 1), tiers=AGENCY_TIERS
        )
        place([case.pk], agency, contract, desk.lead, LATER, segment="代理")
        agent = make_user("agent", Role.AGENCY_COLLECTOR, None)
        agent.profile.agency = agency
        agent.profile.save()
        # A stage move as the nightly run writes it for a case further down the ladder (the
        # note in English, the stages as codes), from an earlier version without the dpd.
        with transaction.atomic():
            evidence.append(
                case,
                Kind.STAGE_RECOMMENDED,
                note=REASONS["agency"].format(dpd=110),
                data={"from": "phone", "to": "agency", "rule": "dpd_agency"},
            )
        # The legal pages: a referral waiting on the small case (the lead's decision form on
        # its page), a matter on the large one (its page, the list).
        LegalReferral.objects.create(
            case=case,
            requested_by=collector,
            requested_at=local(LATER, 9),
            reason="多次联系未果",
            from_stage=case.stage,
            balance=case.balance,
        )
        referred = LegalReferral.objects.create(
            case=desk.large,
            requested_by=collector,
            requested_at=local(LATER, 9),
            reason="多次联系未果",
            from_stage=desk.large.stage,
            balance=desk.large.balance,
            status=LegalReferral.Status.APPROVED,
            decided_by=desk.lead,
            decided_at=local(LATER, 9),
        )
        LegalMatter.objects.create(
            case=desk.large,
            referral=referred,
            currency="CNY",
            opened_at=local(LATER, 9),
            updated_at=local(LATER, 9),
        )
    return desk


def _pages(desk: Desk) -> list[tuple[Any, ...]]:
    case = desk.small
    batch = PlacementBatch.objects.get()
    agent = User.objects.get(username="agent")
    return [
        (desk.collector, "/work/"),
        (desk.collector, f"/cases/{case.public_id}/"),
        (desk.collector, "/"),
        (desk.lead, "/team/"),
        (desk.lead, "/team/approvals/"),
        (desk.lead, f"/cases/{case.public_id}/"),
        (desk.manager, "/team/"),
        (desk.compliance, "/compliance/check/"),
        (desk.compliance, "/compliance/decisions/"),
        (desk.compliance, "/compliance/review/"),
        (desk.compliance, f"/cases/{case.public_id}/"),
        (desk.manager, "/reports/manager/"),
        (desk.lead, "/reports/team/"),
        (desk.lead, "/legal/"),
        (desk.lead, f"/legal/matters/{LegalMatter.objects.get(case=desk.large).public_id}/"),
        (desk.compliance, "/legal/"),
        (desk.compliance, "/reports/compliance/"),
        (desk.lead, "/agencies/"),
        (desk.lead, "/agencies/new/"),
        (desk.lead, "/agencies/new/", {"agency": batch.agency_id, "contract": batch.contract_id}),
        (desk.lead, f"/agencies/batches/{batch.public_id}/"),
        (desk.lead, "/agencies/league/"),
        (desk.lead, "/agencies/huaxin/statement/?month=2026-03"),
        (agent, "/work/"),
        (agent, f"/cases/{case.public_id}/"),
    ]


def _read_as(desk: Desk, language: str) -> dict[str, str]:
    pages = {}
    with time_machine.travel(local(LATER, 10), tick=False):
        for user, url, *posted in _pages(desk):
            form: dict[str, Any] = posted[0] if posted else {}
            user.profile.language = language
            user.profile.save(update_fields=["language"])
            client = client_for(user)
            # A page reached by a POST (the placement's preview) is read as the answer to it.
            response = client.post(url, {**form, "step": "preview"}) if form else client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            pages[f"{user.username} {url}{' POST' if form else ''}"] = response.content.decode()
    return pages


def test_no_english_sentence_and_no_internal_code_shows_to_a_zh_hans_user(desk: Desk) -> None:
    pages = _read_as(desk, "zh-hans")
    case_page = visible_text(pages[f"{desk.collector.username} /cases/{desk.small.public_id}/"])
    # The world is what it should be: the timeline has the blocked call and the tasks.
    assert "CN-TIME-01" in case_page and "信息修复" in case_page and "建议调整阶段" in case_page
    # The dashboards' filters list the teams, whose names the personas give in English:
    # data typed by an administrator, not ours to translate.
    teams = sorted(Team.objects.values_list("name", flat=True), key=len, reverse=True)

    def ours(html: str) -> str:
        text = visible_text(html)
        for name in teams:
            text = text.replace(name, "")
        return text

    problems = {page: sorted(set(english_in(ours(html)) + codes_in(html))) for page, html in pages.items()}
    problems = {page: found for page, found in problems.items() if found}
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())
    # The dashboards drew their tables (not only the filters).
    for user, url in ((desk.manager, "/reports/manager/"), (desk.compliance, "/reports/compliance/")):
        assert pages[f"{user.username} {url}"].count('data-testid="report-card"') >= 3, url


def test_an_english_reader_sees_no_internal_code_either(desk: Desk) -> None:
    pages = _read_as(desk, "en")
    problems = {page: sorted(set(codes_in(html))) for page, html in pages.items()}
    problems = {page: found for page, found in problems.items() if found}
    assert not problems, "\n".join(f"{page}: {found}" for page, found in problems.items())
