"""The stages of a case, shared by the case models (models.py) and the control models
(control_models.py); arrears.cases.models re-exports them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    # In escalation order: the articles' four steps (内勤提示 -> 电话催收 -> 外访 -> 委外/诉讼).
    REMINDER = "reminder", _("Reminder (内勤提示)")
    PHONE = "phone", _("Phone (电话催收)")
    FIELD = "field", _("Field visit (外访)")
    AGENCY = "agency", _("Agency (委外)")
    LEGAL = "legal", _("Legal (诉讼)")
    CLOSED = "closed", pgettext_lazy("stage", "Closed")


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)
