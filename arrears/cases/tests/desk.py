"""The controls' tests' personas (a collector, her lead, a manager, another team's lead and
collector, a compliance officer; a small and a large case), built in
arrears.testing.personas, with the controls' own checks."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from arrears.cases.models import Case
from arrears.testing.personas import ON, Desk, build_desk, client_for, local

__all__ = ["MORNING", "Desk", "build_desk", "client_for", "kinds", "verify_clean"]

# 10:00 in Shanghai on the world's Monday: inside every contact window.
MORNING = local(ON, 10)


def verify_clean(case: Case) -> None:
    """`manage.py verify_evidence` finds nothing wrong with the case's chain and rows."""
    import io

    out = io.StringIO()
    call_command("verify_evidence", "--case", case.reference, "--lang", "en", stdout=out, verbosity=0)
    assert "0 problems" in out.getvalue(), out.getvalue()


def kinds(case: Case, last: int) -> list[Any]:
    """The kinds of the case's last `last` events, oldest first."""
    return list(reversed(list(case.events.order_by("-seq").values_list("kind", flat=True)[:last])))
