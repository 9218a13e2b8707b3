"""The fixed vocabularies of agent assist: debtor reactions, collection stages, UI actions.

Labels are stored in the database (corrections) and in the corpus file, so they never change
spelling; a new label needs a corpus, replies and a migration of its choices.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reaction(models.TextChoices):
    AWAY_OR_BUSY = "away_or_busy", _("Away or busy")
    WILL_PAY_SOON = "will_pay_soon", _("Will pay soon (no date)")
    PROMISE_SPECIFIC = "promise_specific", _("Promise with a date or amount")
    HARDSHIP_NO_MONEY = "hardship_no_money", _("Hardship, no money")
    ILLNESS_OR_FAMILY_CRISIS = "illness_or_family_crisis", _("Illness or family crisis")
    CLAIMS_ALREADY_PAID = "claims_already_paid", _("Claims already paid")
    DISPUTES_DEBT = "disputes_debt", _("Disputes the debt")
    WANTS_INSTALLMENT_OR_REDUCTION = (
        "wants_installment_or_reduction",
        _("Wants instalments or a reduction"),
    )
    THIRD_PARTY_SAYS_NOT_MY_BUSINESS = (
        "third_party_says_not_my_business",
        _("Third party: not my business"),
    )
    WRONG_PERSON_OR_NUMBER = "wrong_person_or_number", _("Wrong person or number")
    REFUSES_OR_HOSTILE = "refuses_or_hostile", _("Refuses or hostile")
    COMPLAINS_ABOUT_HARASSMENT = (
        "complains_about_harassment_or_threatens_complaint",
        _("Complains about harassment or threatens a complaint"),
    )
    ASKS_TO_STOP_CONTACT = "asks_to_stop_contact", _("Asks to stop contact")
    BANKRUPTCY_OR_LAWYER = "bankruptcy_or_lawyer", _("Bankruptcy or lawyer")
    DECEASED_OR_INCAPACITATED = "deceased_or_incapacitated", _("Deceased or incapacitated")
    # A business customer's answers about its invoices (issue 19).
    PAYMENT_SENT = "payment_sent", _("Cheque or transfer already sent")
    INVOICE_DISPUTED = "invoice_disputed", _("Invoice disputed")
    WAITING_FOR_CUSTOMER_PAYMENT = (
        "waiting_for_customer_payment",
        _("Waiting for their own customer to pay"),
    )
    NEEDS_APPROVAL = "needs_approval", _("Needs approval from the boss")
    GOODS_OR_SERVICE_PROBLEM = "goods_or_service_problem", _("Goods or service problem")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    REMINDER = "reminder", _("Reminder (SMS, letter, early call)")
    PHONE = "phone", _("Phone collection")
    FIELD = "field", _("Field visit")


class Language(models.TextChoices):
    ZH = "zh-hans", _("Simplified Chinese")
    EN = "en", _("English")


REACTIONS: tuple[str, ...] = tuple(Reaction.values)
STAGES: tuple[str, ...] = tuple(Stage.values)
LANGUAGES: tuple[str, ...] = tuple(Language.values)


def normalise_language(value: str | None) -> str | None:
    """Accept the spellings the UI and transcripts send ("zh", "zh-CN", "EN") or None."""
    if not value:
        return None
    low = value.strip().lower()
    if low.startswith("zh"):
        return Language.ZH
    if low.startswith("en"):
        return Language.EN
    raise ValueError(f"unsupported language {value!r}; use zh-hans or en")


def detect_language(text: str) -> str:
    """Chinese if the utterance holds any CJK ideograph, else English.

    Mixed utterances ("ok 我明天还") are written by Chinese speakers, so one ideograph decides.
    """
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return Language.ZH
    return Language.EN
