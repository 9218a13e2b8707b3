"""The lead decides a whole group of stage moves in one action; the call panel speaks with
the creditor's settings and the collector's own name, and marks what is missing.

Screenshots go to a temporary folder, or to ARREARS_SCREENSHOTS (docs/screenshots/ when
the documentation's pictures are refreshed).
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from arrears.cases.models import Case, Stage, StageRecommendation
from arrears.contacts.models import ContactPoint, Person
from arrears.core.dpd import today
from arrears.core.models import Profile
from arrears.portfolio.models import Account, Creditor, CreditorSettings, Debtor, DueItem
from arrears.scripts.classifier import get_classifier
from tests.browser.test_workbench import sign_in, tomorrow_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("ARREARS_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _add_overdue_loans(n: int) -> None:
    """n more consumer loans of the demo bank, 45 days past due with 3,000 to 3,500 owed:
    one group (M2, 1,000-10,000) of the stage moves the nightly run recommends."""
    creditor = Creditor.objects.get(code="demo-cn-bank")
    due_on = timezone.localdate() - timedelta(days=45)
    debtors = Debtor.objects.bulk_create(
        Debtor(
            creditor=creditor, external_id=f"X{k:04d}", name=f"批量客户{k}", jurisdiction="CN", synthetic=True
        )
        for k in range(n)
    )
    people = Person.objects.bulk_create(Person(debtor=d, relationship="self", name=d.name) for d in debtors)
    ContactPoint.objects.bulk_create(
        ContactPoint(
            person=p, kind="address", address_kind="home", value=f"上海市示例路{k}号", source="application"
        )
        for k, p in enumerate(people)
    )
    accounts = Account.objects.bulk_create(
        Account(creditor=creditor, debtor=d, external_id=f"XL{k:04d}", product="consumer_loan")
        for k, d in enumerate(debtors)
    )
    DueItem.objects.bulk_create(
        DueItem(
            account=a, external_id="I01", kind="instalment", due_date=due_on, amount_due=Decimal(3000 + k)
        )
        for k, a in enumerate(accounts)
    )


def test_the_lead_confirms_a_group_of_over_100_moves_in_one_action(page, shots):
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        _add_overdue_loans(120)
        call_command("nightly", verbosity=0)
        sign_in(page, "lead", "lead-demo")
        page.goto("/team/")
        row = page.locator("[data-testid=rec-group]").filter(has_text="示例银行").first
        count = int(row.get_attribute("data-count"))
        assert count >= 100
        section = page.locator("[data-testid=recommendations]")
        section.screenshot(path=str(shots / "recommendations-en.png"))
        # The biggest group of the bank (rows come biggest first): M2, 1,000-10,000, to field.
        group_cases = list(
            StageRecommendation.objects.filter(
                status="pending",
                to_stage=Stage.FIELD,
                case__debtor__creditor__code="demo-cn-bank",
                case__delinquent_since__range=(today() - timedelta(days=60), today() - timedelta(days=31)),
                case__balance__gte=1000,
                case__balance__lt=10000,
            ).values_list("case_id", flat=True)
        )
        assert len(group_cases) == count
        row.locator("[data-testid=rec-reason]").fill("M2 无有效承诺，统一转外访")
        row.locator("[data-testid=rec-confirm]").click()
        page.wait_for_selector("[data-testid=rec-done]", timeout=120_000)
        assert str(count) in page.text_content("[data-testid=rec-done]")
        section.screenshot(path=str(shots / "recommendations-confirmed-en.png"))
        moved = Case.objects.filter(pk__in=group_cases, stage=Stage.FIELD).count()
        assert moved == count
        Profile.objects.filter(user__username="lead").update(language="zh-hans")
        page.goto("/team/")
        assert "整组处理" in page.text_content("[data-testid=recommendations]")
        page.locator("[data-testid=recommendations]").screenshot(path=str(shots / "recommendations-zh.png"))


def test_the_call_panel_fills_the_settings_and_marks_a_missing_one(page, shots):
    with time_machine.travel(tomorrow_at(10), tick=True):
        call_command("load_demo", "--skip-uci", "--skip-b2b", verbosity=0)
        get_classifier()  # trained before the browser waits for it
        sign_in(page, "collector", "collector-demo")
        case = (
            Case.objects.filter(
                owner__username="collector", status="open", debtor__creditor__code="demo-cn-bank"
            )
            .order_by("pk")
            .first()
        )
        page.goto(f"/cases/{case.public_id}/")
        page.wait_for_selector("[data-testid=opening-script]")
        opening = page.text_content("[data-testid=opening-script]")
        assert "张敏（工号 CS1001）" in opening and "示例银行" in opening and "collector" not in opening
        page.fill("[data-testid=assist-text]", "我明天还500块")
        page.click("[data-testid=assist-go]")
        page.wait_for_selector("[data-testid=assist-suggestions]")
        replies = page.text_content("[data-testid=assist-suggestions]")
        assert "{" not in replies and "示例银行手机银行App" in replies
        page.locator("#assist-panel").screenshot(path=str(shots / "call-panel-zh.png"))

        # The bank's channels and number go missing: the panel marks the gaps.
        settings = CreditorSettings.objects.get(creditor__code="demo-cn-bank")
        settings.payment_channels.all().delete()
        CreditorSettings.objects.filter(pk=settings.pk).update(callback_number="")
        page.fill("[data-testid=assist-text]", "好的我明天还500块")
        page.click("[data-testid=assist-go]")
        page.wait_for_selector("[data-testid=assist-suggestions] [data-testid=gap]")
        gaps = page.locator("[data-testid=assist-suggestions] [data-testid=gap]").all_text_contents()
        assert "【未设置：还款渠道】" in gaps
        assert "{" not in page.text_content("[data-testid=assist-suggestions]")
        page.locator("#assist-panel").screenshot(path=str(shots / "call-panel-gap-zh.png"))

        # In English, for an English-speaking debtor and collector.
        Profile.objects.filter(user__username="collector").update(language="en")
        Debtor.objects.filter(pk=case.debtor_id).update(preferred_language="en")
        page.goto(f"/cases/{case.public_id}/")
        page.wait_for_selector("[data-testid=opening-script]")
        assert "Zhang" not in page.text_content("[data-testid=opening-script]")
        assert "张敏 (staff no. CS1001)" in page.text_content("[data-testid=opening-script]")
        page.fill("[data-testid=assist-text]", "OK, I will pay 500 tomorrow")
        page.click("[data-testid=assist-go]")
        page.wait_for_selector("[data-testid=assist-suggestions]")
        page.locator("#assist-panel").screenshot(path=str(shots / "call-panel-gap-en.png"))
        assert "{" not in page.text_content("[data-testid=assist-suggestions]")
