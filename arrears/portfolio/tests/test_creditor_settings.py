"""Creditor settings: what they accept, what they refuse, and who may edit them."""

from __future__ import annotations

from datetime import time

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client

from arrears.conftest import make_user
from arrears.core.models import Role, Team
from arrears.portfolio.models import Creditor, CreditorSettings, PaymentChannel, normalise_service_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("95123", "CN", "95123"),
        ("400-820-8888", "CN", "400 820 8888"),
        ("021-60001234", "CN", "021 6000 1234"),
        ("13812345678", "CN", "138 1234 5678"),
        ("02-2345-6789", "TW", "02 2345 6789"),
        ("+852 2233 4455", "CN", "+852 2233 4455"),
    ],
)
def test_a_callback_number_is_accepted_in_the_forms_debtors_dial(typed, region, stored) -> None:
    assert normalise_service_number(typed, region) == stored


@pytest.mark.parametrize("typed", ["95xxx", "12", "call us", "021-6000", "110", "120"])
def test_a_number_nobody_can_call_back_or_an_emergency_number_is_refused(typed) -> None:
    with pytest.raises(ValidationError):
        normalise_service_number(typed, "CN")


@pytest.fixture
def creditor() -> Creditor:
    return Creditor.objects.create(code="bank", name="示例银行 消费贷款")


def test_office_hours_must_close_after_they_open_and_come_whole(creditor) -> None:
    row = CreditorSettings(
        creditor=creditor, office_days="mon_fri", office_opens=time(18), office_closes=time(9)
    )
    with pytest.raises(ValidationError) as info:
        row.full_clean()
    assert "office_closes" in info.value.message_dict
    row = CreditorSettings(creditor=creditor, office_days="mon_fri", office_opens=time(9))
    with pytest.raises(ValidationError) as info:
        row.full_clean()
    assert "office_days" in info.value.message_dict


def test_a_text_that_depends_on_the_language_is_given_in_both_or_neither(creditor) -> None:
    row = CreditorSettings(creditor=creditor, dispute_channel_zh="拨打95123按3")
    with pytest.raises(ValidationError) as info:
        row.full_clean()
    assert list(info.value.message_dict) == ["dispute_channel_en"]


def test_settings_read_out_per_language(creditor) -> None:
    row = CreditorSettings(
        creditor=creditor,
        callback_number="95123",
        office_days="mon_sat",
        office_opens=time(9),
        office_closes=time(20),
    )
    row.full_clean()
    row.save()
    PaymentChannel.objects.create(
        creditor_settings=row, position=2, kind="counter", name_zh="网点柜台", name_en="a branch counter"
    )
    PaymentChannel.objects.create(
        creditor_settings=row,
        position=1,
        kind="bank_transfer",
        name_zh="银行转账",
        name_en="a bank transfer",
        account_number="6222 0000 0000 0000",
    )
    assert row.office_hours("zh-hans") == "周一至周六 09:00–20:00"
    assert row.office_hours("en") == "Monday to Saturday, 09:00–20:00"
    assert row.payment_channels_text("zh-hans") == ["银行转账（账号 6222 0000 0000 0000）", "网点柜台"]
    assert row.payment_channels_text("en")[0] == "a bank transfer (account 6222 0000 0000 0000)"


def test_a_bank_transfer_needs_an_account_number_of_digits(creditor) -> None:
    row = CreditorSettings.objects.create(creditor=creditor)
    channel = PaymentChannel(creditor_settings=row, kind="bank_transfer", name_zh="转账", name_en="transfer")
    with pytest.raises(ValidationError):
        channel.full_clean()
    channel.account_number = "62220000abc"
    with pytest.raises(ValidationError):
        channel.full_clean()
    channel.account_number = " 6222  0000-0000 0000 "
    channel.full_clean()
    assert channel.account_number == "6222 0000-0000 0000"


@pytest.fixture
def two_teams() -> tuple[Client, Creditor, Creditor]:
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    mine = Creditor.objects.create(code="mine", name="Bank A", team=team_a)
    theirs = Creditor.objects.create(code="theirs", name="Bank B", team=team_b)
    CreditorSettings.objects.create(creditor=mine)
    CreditorSettings.objects.create(creditor=theirs)
    lead = make_user("lead", Role.TEAM_LEAD, team_a)
    lead.is_staff = True
    lead.save()
    lead.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="portfolio",
            codename__in=["view_creditorsettings", "change_creditorsettings", "add_paymentchannel",
                          "change_paymentchannel", "delete_paymentchannel", "view_paymentchannel"],
        )
    )  # fmt: skip
    client = Client()
    client.force_login(lead)
    return client, mine, theirs


def test_a_team_lead_edits_the_settings_of_their_own_teams_creditors_only(two_teams) -> None:
    client, mine, theirs = two_teams
    listing = client.get("/admin/portfolio/creditorsettings/").content.decode()
    assert "Bank A" in listing and "Bank B" not in listing
    assert client.get(f"/admin/portfolio/creditorsettings/{theirs.settings.pk}/change/").status_code == 302
    page = client.get(f"/admin/portfolio/creditorsettings/{mine.settings.pk}/change/")
    assert page.status_code == 200


def test_the_admin_refuses_a_bad_callback_number_and_keeps_the_form(two_teams) -> None:
    client, mine, _ = two_teams
    data = {
        "creditor": mine.pk,
        "callback_number": "110",
        "office_days": "",
        "short_name_zh": "",
        "short_name_en": "",
        "agency_zh": "",
        "agency_en": "",
        "dispute_channel_zh": "",
        "dispute_channel_en": "",
        "payment_channels-TOTAL_FORMS": "0",
        "payment_channels-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/portfolio/creditorsettings/{mine.settings.pk}/change/", data)
    assert response.status_code == 200
    assert "110 is an emergency number." in response.content.decode()
    mine.settings.refresh_from_db()
    assert mine.settings.callback_number == ""
    data["callback_number"] = "400-820-8888"
    response = client.post(f"/admin/portfolio/creditorsettings/{mine.settings.pk}/change/", data)
    assert response.status_code == 302
    mine.settings.refresh_from_db()
    assert mine.settings.callback_number == "400 820 8888"
