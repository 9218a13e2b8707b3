"""Acceptance: every published script and every reply, rendered for a demo-like case of each
demo creditor, at each stage, in both languages, shows no raw {placeholder}; with the
demo's settings nothing is missing but what the situation has not given yet."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from arrears.cases.models import Case, PaymentPlan, Promise, Stage, Visit
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.demo import STAFF_NAMES
from arrears.core.management.commands.load_demo import CREDITORS
from arrears.core.management.commands.load_demo import Command as LoadDemo
from arrears.core.models import Team
from arrears.portfolio.models import Account, Creditor, Debtor, DueItem
from arrears.scripts.context import case_values
from arrears.scripts.labels import LANGUAGES
from arrears.scripts.models import ScriptVersion
from arrears.scripts.placeholders import REGISTRY, SITUATION
from arrears.scripts.render import render_parts
from arrears.scripts.replies import all_replies
from arrears.strategy.shell import run_nightly

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ON = date(2026, 3, 3)
RAW = re.compile(r"\{[a-z_]+\}")


@pytest.fixture
def demo_world() -> dict[str, Case]:
    """The demo's creditors, settings and staff (as load_demo makes them), one case each."""
    for code, name, kind, currency, zone, team in CREDITORS:
        Creditor.objects.create(
            code=code,
            name=name,
            kind=kind,
            default_currency=currency,
            default_time_zone=zone,
            team=Team.objects.get_or_create(name=team)[0],
        )
    loader = LoadDemo()
    loader.add_creditor_settings()
    loader.add_users()
    debtors = {}
    for n, (code, *_rest) in enumerate(CREDITORS):
        creditor = Creditor.objects.get(code=code)
        debtor = Debtor.objects.create(
            creditor=creditor, external_id=f"D{n}", name=f"示例客户{n}", jurisdiction="CN"
        )
        person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=debtor.name)
        ContactPoint.objects.create(
            person=person, kind="phone", value=f"1990000{n:04d}", source="application"
        )
        ContactPoint.objects.create(
            person=person,
            kind="address",
            address_kind="home",
            value=f"上海市示例路{n}号",
            source="application",
        )
        account = Account.objects.create(
            creditor=creditor,
            debtor=debtor,
            external_id=f"A{n}",
            product="consumer_loan",
            currency=creditor.default_currency,
        )
        DueItem.objects.create(
            account=account,
            external_id="1",
            kind="instalment",
            due_date=ON - timedelta(days=40),
            amount_due=Decimal(1200),
        )
        debtors[code] = debtor
    run_nightly(ON)
    call_command("seed_scripts", verbosity=0)  # refused if a demo creditor lacked a setting
    return {code: Case.objects.get(debtor=debtor) for code, debtor in debtors.items()}


def _add_situation(case: Case, collector: User, field: User) -> None:
    """A promise, a plan and a visit, so that every situation placeholder has a value."""
    Promise.objects.create(case=case, amount=Decimal(500), due_on=ON + timedelta(days=3), counts_from=ON)
    plan = PaymentPlan.objects.create(case=case, total=Decimal(1200), created_on=ON)
    for k in range(3):
        Promise.objects.create(
            case=case,
            plan=plan,
            instalment=k + 1,
            amount=Decimal(400),
            due_on=ON + timedelta(days=30 * (k + 1)),
            counts_from=ON,
        )
    address = ContactPoint.objects.filter(person__debtor=case.debtor, kind="address").get()
    visit = Visit.objects.create(
        case=case,
        address=address,
        address_kind="home",
        planned_at=datetime.combine(ON + timedelta(days=2), time(10), tzinfo=SHANGHAI),
    )
    visit.staff.set([collector, field])


def _texts() -> list[tuple[str, str, str]]:
    """(what, language, template) for every published script version and every reply."""
    texts = [
        (str(v), v.script.language, v.body)
        for v in ScriptVersion.objects.filter(published=True).select_related("script")
    ]
    texts += [(r.id, lang, text) for r in all_replies() for lang, text in r.texts.items()]
    return texts


@time_machine.travel(datetime.combine(ON, time(10), tzinfo=SHANGHAI), tick=False)
def test_every_published_text_renders_without_a_raw_placeholder_for_every_demo_creditor(demo_world) -> None:
    collector, field = User.objects.get(username="collector"), User.objects.get(username="field")
    texts = _texts()
    assert ScriptVersion.objects.filter(published=True).count() == 30  # 15 scripts, 2 languages
    situation_names = {n for n, p in REGISTRY.items() if p.source == SITUATION}
    checked = 0
    for code, case in demo_world.items():
        for with_situation in (False, True):
            if with_situation:
                _add_situation(case, collector, field)
            for stage in (Stage.REMINDER, Stage.PHONE, Stage.FIELD, Stage.AGENCY, Stage.LEGAL):
                Case.objects.filter(pk=case.pk).update(stage=stage)
                case.refresh_from_db()
                values = case_values(case, collector, on=ON)
                for what, language, template in texts:
                    rendered = render_parts(
                        template, values, language, currency=case.debtor.accounts.get().currency
                    )
                    assert not RAW.search(rendered.text), (code, stage, what, language, rendered.text)
                    # The demo's settings leave no setting gap; only the situation may.
                    assert rendered.setting_gaps == [], (code, what, language, rendered.gaps)
                    if with_situation:
                        assert rendered.gaps == [], (code, what, language, rendered.gaps)
                    else:
                        assert set(rendered.gaps) <= situation_names
                    checked += 1
    assert checked == len(demo_world) * 2 * 5 * len(texts)
    assert {lang for _w, lang, _t in texts} == set(LANGUAGES)


@time_machine.travel(datetime.combine(ON, time(10), tzinfo=SHANGHAI), tick=False)
def test_the_call_panel_opening_is_filled_for_each_demo_creditor_and_stage(demo_world) -> None:
    for code, case in demo_world.items():
        client = Client()
        client.force_login(case.owner)
        name, number = STAFF_NAMES[case.owner.username]
        for stage in (Stage.PHONE, Stage.FIELD):
            for language in LANGUAGES:
                Case.objects.filter(pk=case.pk).update(stage=stage)
                Debtor.objects.filter(pk=case.debtor_id).update(preferred_language=language)
                html = client.get(f"/cases/{case.public_id}/assist/script/").content.decode()
                assert 'data-testid="opening-script"' in html, (code, stage, language)
                assert not RAW.search(html), (code, stage, language, html)
                assert name in html and number in html  # never the login name
                assert case.owner.username not in re.sub(r"<[^>]+>", "", html), html
                if stage == Stage.PHONE:
                    assert 'data-testid="gap"' not in html, (code, language, html)
