"""Demand letters (催收函): the rendered text carries the amount owed, what it is made of and
as of when, the debtor's rights and obligations, how to dispute and the contact details,
and passes the content check; it goes through the gate to the print batch, and a printed
one satisfies the checklist's 催收函."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from arrears.compliance.content import check_content
from arrears.legal import actions, demand
from arrears.legal.checklist import case_checklist
from arrears.legal.tests.conftest import MORNING, Legal
from arrears.legal.tests.helpers import send_demand
from arrears.messaging.models import Message

pytestmark = pytest.mark.django_db


def test_the_chinese_demand_letter_carries_what_cn_letter_01_asks_and_passes_the_content_check(
    legal: Legal,
) -> None:
    with time_machine.travel(MORNING, tick=False):
        message = send_demand(legal.world, printed=False)
    body = message.body
    for expected in (
        "张1",  # the debtor
        "截至2026年3月3日",  # as of a date
        "¥5,000.00",  # the amount owed
        "¥1,234.56",  # of which overdue
        "本金、利息和费用",  # what it is made of
        "示例银行",  # the creditor
        "依据您与示例银行签订的合同",  # the basis
        "还款的义务",  # obligations
        "有权对欠款提出异议",  # rights
        "致电95555或写信至上海市浦东新区示例路1号",  # how to dispute (the creditor's settings)
        "联系电话：95555",  # contact details
        "手机银行App",  # how to pay
    ):
        assert expected in body, expected
    assert check_content(body, profile="CN") == []
    assert check_content(body, profile="CN", time_barred=True) == []
    event = legal.case.events.get(kind="demand_letter")
    assert event.data["message"] == str(message.public_id)
    assert event.data["balance"] == "5000.00" and event.data["as_of"] == "2026-03-03"
    assert event.data["letter_kind"] == "collection"


def test_the_english_demand_letter_carries_the_same_and_passes_the_content_check(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        message = actions.send_demand_letter(
            legal.case,
            legal.world.collector,
            script=legal.world.script("letter-demand", "en"),
            contact_point=legal.world.address,
        )
    body = message.body
    for expected in (
        "As of 3 Mar 2026",
        "CNY 5,000.00",
        "CNY 1,234.56",
        "principal, interest and fees",
        "call 95555 or write to 1 Example Road",
        "Telephone: 95555",
        "the right to a statement",
    ):
        assert expected in body, expected
    assert check_content(body, profile="US") == []


def test_a_printed_demand_letter_satisfies_the_checklist_a_queued_one_does_not_yet(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        message = send_demand(legal.world, printed=False)
        item = next(i for i in case_checklist(legal.case).items if i.requirement.code == "demand_letter")
        assert not item.done and item.waiting
        call_command("print_letters", "--date", "2026-03-03", verbosity=0)
    message.refresh_from_db()
    assert message.status == "sent"
    item = next(i for i in case_checklist(legal.case).items if i.requirement.code == "demand_letter")
    assert item.done


def test_a_lawyers_letter_is_not_sent_from_here(legal: Legal, monkeypatch) -> None:
    monkeypatch.setitem(demand.DEMAND_TEMPLATES, "letter-arrears-notice", demand.DemandKind.LAWYER)
    with time_machine.travel(MORNING, tick=False), pytest.raises(ValidationError):
        actions.send_demand_letter(
            legal.case,
            legal.world.collector,
            script=legal.world.script("letter-arrears-notice"),
            contact_point=legal.world.address,
        )
    assert not Message.objects.exists()


def test_a_demand_letter_goes_to_the_debtor_only_and_only_from_a_demand_template(legal: Legal) -> None:
    with time_machine.travel(MORNING, tick=False):
        with pytest.raises(ValidationError):
            actions.send_demand_letter(
                legal.case,
                legal.world.collector,
                script=legal.world.script("letter-arrears-notice"),
                contact_point=legal.world.address,
            )
        with pytest.raises(ValidationError):
            actions.send_demand_letter(
                legal.case,
                legal.world.collector,
                script=legal.world.script("letter-demand"),
                contact_point=legal.world.relative_phone,
            )
    assert not Message.objects.exists()
