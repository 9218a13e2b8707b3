"""What the nightly run keeps: one summary row per run, for reports and for the next run."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
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
    # What decided: the strategy versions (champion, challenger and its share) and the
    # score model used, if any.
    strategy = models.JSONField(_("strategy"), default=dict)

    class Meta:
        verbose_name = _("nightly run")
        verbose_name_plural = _("nightly runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.on} {self.scope} {self.status}"


class ScoreModelVersion(models.Model):
    """One trained probability-of-payment model (`manage.py train_scores`). Rows are never
    edited; the active one (the newest with `active` set) fills the accounts' p_pay."""

    trained_at = models.DateTimeField(_("trained at"), auto_now_add=True)
    # The file under settings.VAR_DIR / "models", written by ScoreModel.save (joblib).
    path = models.CharField(_("file"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, default="gbm")
    # The data date the history was cut at; rows, positives and AUC on the held-out split.
    as_of = models.DateField(_("history as of"))
    rows = models.PositiveIntegerField(_("training rows"), default=0)
    holdout_rows = models.PositiveIntegerField(_("held-out rows"), default=0)
    default_rate = models.FloatField(_("default rate"), null=True, blank=True)
    auc = models.FloatField(_("held-out AUC"), null=True, blank=True)
    features = models.JSONField(_("features"), default=list)
    meta = models.JSONField(_("metadata"), default=dict)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("score model version")
        verbose_name_plural = _("score model versions")
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        auc = f"{self.auc:.3f}" if self.auc is not None else "-"
        return f"score {self.pk} ({self.kind}, AUC {auc})"


class StrategyVersion(models.Model):
    """One version of a strategy's parameters (RunConfig fields as JSON). Rows are never
    edited: a change is a new version. The active version of a name is its highest
    `version`; "champion" drives the nightly run, "challenger" the experiment's share."""

    CHAMPION = "champion"
    CHALLENGER = "challenger"

    name = models.CharField(
        _("name"),
        max_length=20,
        choices=[(CHAMPION, _("Champion")), (CHALLENGER, _("Challenger"))],
    )
    version = models.PositiveIntegerField(_("version"))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="strategyversion_uniq")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


def run_finished_at(on: date) -> datetime | None:
    """When the nightly run of `on` over the whole book finished (its report rows are
    written right after): the "as of" the overview and the team screen show. None when no
    such run is recorded (rows rebuilt from history, or written by hand)."""
    finished: datetime | None = (
        NightlyRun.objects.filter(on=on, scope="all", status=NightlyRun.Status.DONE)
        # The last run of the day wrote the rows (each run rewrites its day's).
        .order_by("-pk")
        .values_list("finished_at", flat=True)
        .first()
    )
    return finished
