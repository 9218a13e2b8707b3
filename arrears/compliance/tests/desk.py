"""Personas of the compliance desk's tests: two compliance officers, an administrator, a team
lead and a collector of team A, a collector of team B; all read Chinese but the second officer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from arrears.conftest import make_user
from arrears.core.models import Role, Team


@dataclass
class People:
    officer: User
    second: User
    admin: User
    lead: User
    collector: User
    outsider: User


def build_people() -> People:
    a, b = Team.objects.create(name="A"), Team.objects.create(name="B")
    return People(
        officer=make_user("officer", Role.COMPLIANCE, None, language="zh-hans"),
        second=make_user("second", Role.COMPLIANCE, None, language="en"),
        admin=make_user("admin", Role.ADMIN, None, language="zh-hans"),
        lead=make_user("lead", Role.TEAM_LEAD, a, language="zh-hans"),
        collector=make_user("collector", Role.COLLECTOR, a, language="zh-hans"),
        outsider=make_user("outsider", Role.COLLECTOR, b, language="zh-hans"),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted(form: Any) -> dict[str, Any]:
    """What a browser posts for an unbound form or formset as it is shown (its initial values)."""
    data: dict[str, Any] = {}
    forms = [form.management_form, *form.forms] if hasattr(form, "management_form") else [form]
    for f in forms:
        for bound in f:
            value = bound.value()
            widget = bound.field.widget
            if bound.widget_type == "checkbox":
                if value:
                    data[bound.html_name] = "on"
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                shown = widget.format_value(value)
                data[bound.html_name] = "" if shown is None else shown
    return data
