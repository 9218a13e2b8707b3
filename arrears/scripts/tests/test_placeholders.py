"""Placeholders: nothing is published that no setting provides, a missing value reaches
the collector as a marked gap (never a raw {placeholder}) and is logged as a problem."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from arrears.cases.models import Case
from arrears.conftest import make_user
from arrears.contacts.models import ContactPoint, Person, Relationship
from arrears.core.models import Role, Team
from arrears.portfolio.models import Account, Creditor, CreditorSettings, Debtor, DueItem, PaymentChannel
from arrears.scripts.actions import PlaceholdersRefused, add_version, publish_version, record_gaps
from arrears.scripts.models import PlaceholderGap, Script, ScriptVersion
from arrears.strategy.shell import run_nightly

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ON = date(2026, 3, 3)
MORNING = datetime.combine(ON, time(10), tzinfo=SHANGHAI)


def _debtor(creditor: Creditor, n: int) -> Debtor:
    debtor = Debtor.objects.create(
        creditor=creditor, external_id=f"D{n}", name=f"债务人{n}", jurisdiction="CN"
    )
    person = Person.objects.create(debtor=debtor, relationship=Relationship.SELF, name=debtor.name)
    ContactPoint.objects.create(person=person, kind="phone", value=f"13900000{n:03d}", source="bank_system")
    account = Account.objects.create(
        creditor=creditor, debtor=debtor, external_id=f"A{n}", product="consumer_loan"
    )
    DueItem.objects.create(
        account=account,
        external_id="1",
        kind="instalment",
        due_date=ON - timedelta(days=3),
        amount_due=Decimal(900),
    )
    return debtor


def _configure(creditor: Creditor) -> CreditorSettings:
    row = CreditorSettings.objects.create(
        creditor=creditor,
        short_name_zh="甲银行",
        short_name_en="Bank Jia",
        callback_number="95123",
        dispute_channel_zh="拨打95123按3",
        dispute_channel_en="call 95123, option 3",
        agency_zh="甲银行催收中心",
        agency_en="Jia Collections",
        office_days="mon_fri",
        office_opens=time(9),
        office_closes=time(18),
    )
    PaymentChannel.objects.create(
        creditor_settings=row, kind="app", name_zh="手机银行", name_en="the mobile app"
    )
    return row


@pytest.fixture
def world() -> tuple[User, Creditor, Creditor, Case, Case]:
    team = Team.objects.create(name="A")
    ready = Creditor.objects.create(code="ready", name="甲银行 消费贷款", team=team)
    bare = Creditor.objects.create(code="bare", name="乙公司", team=team)
    collector = make_user("alice", Role.COLLECTOR, team, language="zh-hans")
    _configure(ready)
    one, two = _debtor(ready, 1), _debtor(bare, 2)
    run_nightly(ON)
    return collector, ready, bare, Case.objects.get(debtor=one), Case.objects.get(debtor=two)


def _draft(body: str, language: str = "zh-hans") -> ScriptVersion:
    script = Script.objects.create(
        key=f"k-{Script.objects.count()}", language=language, kind="follow_up", stage="phone",
        channel="phone", title="t",
    )  # fmt: skip
    # Straight to the table: add_version would already refuse an unknown name.
    return ScriptVersion.objects.create(script=script, number=1, body=body)


def test_publishing_a_script_with_an_unknown_placeholder_is_refused_by_name(world) -> None:
    version = _draft("您好{debtor_name}，请拨打{hotline}")
    with pytest.raises(PlaceholdersRefused) as info:
        publish_version(version, None)
    assert info.value.unknown == ["hotline"]
    assert "{hotline}" in str(info.value)
    version.refresh_from_db()
    assert not version.published


def test_writing_a_version_with_an_unknown_placeholder_is_refused_too(world) -> None:
    script = _draft("x").script
    with pytest.raises(ValueError, match="debtor_nmae"):
        add_version(script, "您好{debtor_nmae}", None)


def test_publishing_is_refused_while_a_creditor_with_open_cases_lacks_the_setting(world) -> None:
    _, _, bare, _, _ = world
    version = _draft("可通过{payment_channels}还款，或拨打{callback_number}")
    with pytest.raises(PlaceholdersRefused) as info:
        publish_version(version, None)
    assert info.value.missing == {"payment_channels": ["乙公司"], "callback_number": ["乙公司"]}
    message = str(info.value)
    assert "乙公司" in message and "债权人设置" in message and "甲银行" not in message
    _configure(bare)
    publish_version(version, None)
    version.refresh_from_db()
    assert version.published


def test_a_setting_missing_only_in_english_blocks_only_the_english_script(world) -> None:
    _, ready, bare, _, _ = world
    _configure(bare)
    CreditorSettings.objects.filter(creditor=ready).update(dispute_channel_en="")
    publish_version(_draft("异议请{dispute_channel}"), None)
    with pytest.raises(PlaceholdersRefused) as info:
        publish_version(_draft("To dispute, {dispute_channel}.", "en"), None)
    assert info.value.missing == {"dispute_channel": ["甲银行 消费贷款"]}


def test_the_admin_publish_action_shows_the_refusal_and_publishes_nothing(world) -> None:
    version = _draft("请拨打{callback_number}")
    admin = User.objects.create_superuser("root", password="pw")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/scripts/script/",
        {"action": "publish_latest", "_selected_action": [version.script.pk]},
        follow=True,
    )
    assert "乙公司" in response.content.decode()
    version.refresh_from_db()
    assert not version.published


def test_record_gaps_counts_per_creditor_placeholder_language_and_keeps_users_apart(world) -> None:
    collector, ready, bare, _, _ = world
    other = make_user("bob", Role.COLLECTOR, None)
    record_gaps(bare, collector, [("callback_number", "zh-hans"), ("callback_number", "zh-hans")])
    record_gaps(bare, collector, [("callback_number", "zh-hans"), ("collector_name", "en")])
    record_gaps(bare, other, [("collector_name", "en"), ("promise_date", "en"), ("debtor_name", "en")])
    rows = {
        (g.placeholder, g.language, g.user_id): g.count for g in PlaceholderGap.objects.filter(creditor=bare)
    }
    # A repeat within one rendering counts once; situation and case values are no settings.
    assert rows == {
        ("callback_number", "zh-hans", None): 2,
        ("collector_name", "en", collector.pk): 1,
        ("collector_name", "en", other.pk): 1,
    }
    assert not PlaceholderGap.objects.filter(creditor=ready).exists()


@time_machine.travel(MORNING, tick=False)
def test_the_call_panel_marks_a_missing_setting_and_logs_it_without_a_raw_placeholder(world) -> None:
    collector, _, bare, _, bare_case = world
    client = Client()
    client.force_login(collector)
    html = client.post(
        f"/cases/{bare_case.public_id}/assist/", {"text": "我怎么还款，打哪个电话"}
    ).content.decode()
    assert "{" not in html.split('data-testid="assist-suggestions"')[1].split("</ol>")[0]
    assert '<mark class="gap" data-testid="gap"' in html
    assert PlaceholderGap.objects.filter(creditor=bare, language="zh-hans").exists()


@time_machine.travel(MORNING, tick=False)
def test_the_opening_names_the_collector_by_display_name_and_work_number_never_the_login(world) -> None:
    collector, ready, _, case, _ = world
    call = Client()
    call.force_login(collector)
    CreditorSettings.objects.filter(creditor=ready).update(
        agency_zh="甲银行催收中心", agency_en="Jia Collections"
    )
    # The bare creditor's case closed: it no longer holds back the seed's publication.
    Case.objects.filter(debtor__creditor__code="bare").update(status="closed", closed_on=ON)
    call_command("seed_scripts", verbosity=0)
    html = call.get(f"/cases/{case.public_id}/assist/script/").content.decode()
    assert "alice" not in html
    assert '<mark class="gap" data-testid="gap" data-placeholder="collector_name">' in html
    assert PlaceholderGap.objects.get(placeholder="collector_name", user=collector).count == 1
    collector.profile.display_name, collector.profile.work_number = "张敏", "CS1001"
    collector.profile.save()
    html = call.get(f"/cases/{case.public_id}/assist/script/").content.decode()
    assert "我是甲银行催收中心的张敏（工号 CS1001），受甲银行委托与您联系" in html
    assert 'data-testid="gap"' not in html


@time_machine.travel(MORNING, tick=False)
def test_settings_text_is_escaped_in_the_call_panel(world) -> None:
    collector, ready, _, case, _ = world
    CreditorSettings.objects.filter(creditor=ready).update(short_name_zh="<img src=x onerror=alert(1)>")
    client = Client()
    client.force_login(collector)
    html = client.post(f"/cases/{case.public_id}/assist/", {"text": "你是谁"}).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_the_opening_script_endpoint_is_get_only_and_hidden_from_outsiders(world) -> None:
    _, _, _, case, _ = world
    outsider = Client()
    outsider.force_login(make_user("mallory", Role.COLLECTOR, Team.objects.create(name="B")))
    assert outsider.get(f"/cases/{case.public_id}/assist/script/").status_code == 404
    owner = Client()
    owner.force_login(case.owner)
    assert owner.post(f"/cases/{case.public_id}/assist/script/").status_code == 405
