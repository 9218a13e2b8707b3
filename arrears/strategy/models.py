"""What the nightly run keeps: one summary row per run, for reports and for the next run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NightlyRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    on = models.DateField(_("run date"))
    # "all", or "debtors" for a run over a few debtors after an action (replan).
    scope = models.CharField(_("scope"), max_length=10, default="all")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Row counts per output (accounts aged, cases opened, promises broken, ...) and the
    # wall seconds per step.
    counts = models.JSONField(_("counts"), default=dict)
    timings = models.JSONField(_("timings"), default=dict)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("nightly run")
        verbose_name_plural = _("nightly runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.on} {self.scope} {self.status}"
