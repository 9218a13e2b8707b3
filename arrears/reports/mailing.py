"""Dashboards by email: `manage.py send_reports` (cron, after the nightly run).

Each active Subscription due on the day gets one email in its user's language: each table's
title and its first rows in the body (HTML with a plain-text part), and every table of the
dashboard in an XLSX attachment (one sheet a table, written by arrears.core.spreadsheets,
so no cell runs as a formula). Daily: the day before; weekly, on Mondays: the seven days
before. A subscription is marked sent for the day only once its email is accepted by the
mail server, so a run after a failure sends what is missing and nothing twice.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from arrears.core.spreadsheets import write_xlsx_sheets
from arrears.reports import present
from arrears.reports.access import may_see, team_scope
from arrears.reports.metrics import Filters, dashboard
from arrears.reports.models import Subscription
from arrears.reports.tables import Table

log = logging.getLogger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows of each table in the email's body; the attachment has them all.
BODY_ROWS = 10


@dataclass(frozen=True)
class Sent:
    subscription: int
    to: str
    outcome: str  # "sent", "no address", "not allowed", "failed: ..."


def period(frequency: str, today: date) -> tuple[date, date] | None:
    """The days a subscription's email covers when sent on `today`, or None when it is not
    due that day."""
    if frequency == Subscription.Frequency.DAILY:
        return today - timedelta(days=1), today - timedelta(days=1)
    if frequency == Subscription.Frequency.WEEKLY and today.weekday() == 0:
        return today - timedelta(days=7), today - timedelta(days=1)
    return None


def workbook(tables: list[Table]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx_sheets(
        buffer,
        [(t.title, [c.label for c in t.columns], t.values()) for t in tables],
    )
    return buffer.getvalue()


def compose(subscription: Subscription, first: date, last: date) -> EmailMultiAlternatives:
    user = subscription.user
    language = getattr(getattr(user, "profile", None), "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        filters = Filters(
            creditor_id=subscription.creditor_id,
            team_ids=team_scope(user, subscription.dashboard),
            product=None,
            first=first,
            last=last,
        )
        tables = dashboard(subscription.dashboard, filters)
        shown = [
            {
                "title": t.title,
                "note": t.note,
                "currency": t.currency,
                "header": [c.label for c in t.columns],
                "rows": [
                    [present.cell_text(c, row.get(c.key)) for c in t.columns] for row in t.rows[:BODY_ROWS]
                ],
                "more": max(len(t.rows) - BODY_ROWS, 0),
            }
            for t in tables
        ]
        names = {"manager": _("Manager"), "team": _("Team"), "compliance": _("Compliance")}
        context = {
            "dashboard": names.get(subscription.dashboard, subscription.dashboard),
            "first": first,
            "last": last,
            "creditor": subscription.creditor,
            "tables": shown,
        }
        subject = _("Arrears %(dashboard)s report, %(first)s to %(last)s") % {
            "dashboard": context["dashboard"],
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
        text = render_to_string("reports/email.txt", context)
        html = render_to_string("reports/email.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.attach(f"arrears-{subscription.dashboard}-{first}-{last}.xlsx", workbook(tables), XLSX)
    return message


def send_due(today: date) -> list[Sent]:
    """Send every subscription due on `today` that has not been sent for it."""
    out: list[Sent] = []
    due = (
        Subscription.objects.filter(active=True, user__is_active=True)
        .exclude(last_sent_on=today)
        .select_related("user", "user__profile", "creditor")
        .order_by("pk")
    )
    for subscription in due:
        days = period(subscription.frequency, today)
        if days is None:
            continue
        user = subscription.user
        if not user.email:
            out.append(Sent(subscription.pk, "", "no address"))
            continue
        if not may_see(user, subscription.dashboard):
            # The user's role changed since they subscribed: nothing goes out.
            out.append(Sent(subscription.pk, user.email, "not allowed"))
            continue
        try:
            compose(subscription, *days).send()
        except OSError as exc:  # smtplib's errors are OSErrors
            log.warning("report email to %s failed: %s", user.email, exc)
            out.append(Sent(subscription.pk, user.email, f"failed: {exc}"))
            continue
        Subscription.objects.filter(pk=subscription.pk).update(last_sent_on=today)
        out.append(Sent(subscription.pk, user.email, "sent"))
    return out
