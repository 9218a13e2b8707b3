"""The case page's recovery parts: the evidence dossier's download, the limitation facts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrears.cases.access import is_lead, sees_everything, visible_cases
from arrears.cases.forms import LimitationFactForm, business_today
from arrears.cases.models import Case
from arrears.cases.views.common import _post_action
from arrears.recovery.access import get_case_for_dossier
from arrears.recovery.actions import issue_dossier, record_limitation_fact
from arrears.recovery.dossier import LANGUAGES
from arrears.recovery.periods import near_their_end


@login_required
@require_POST
def dossier(request: HttpRequest, public_id: str) -> HttpResponse:
    """Print the dossier (masked as on the case page), record its issuance, download it.
    A POST: every download is an event on the case's chain."""
    case = get_case_for_dossier(request.user, public_id)
    language = request.POST.get("language", "")
    if language not in LANGUAGES:
        language = "zh-hans" if (translation.get_language() or "").startswith("zh") else "en"
    issued = issue_dossier(case, language, actor=request.user)
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    name = f"{case.reference}-dossier-{issued.event.seq}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Dossier-SHA256"] = issued.sha256
    return response


@login_required
@require_POST
def limitation_fact(request: HttpRequest, public_id: str) -> HttpResponse:
    def work(case: Case, form: LimitationFactForm) -> str:
        record_limitation_fact(case, request.user, today=business_today(), **form.cleaned_data)
        return _("Recorded; the limitation period is computed again from it.")

    return _post_action(request, public_id, work, LimitationFactForm)


@login_required
def limitation_list(request: HttpRequest) -> HttpResponse:
    """The open cases in the user's scope whose limitation period ends within 90 days, or
    has ended: for a lead to decide on legal action in time, and for compliance to check
    that nobody threatens court on a time-barred debt."""
    if not (is_lead(request.user) or sees_everything(request.user)):
        raise PermissionDenied("team leads, managers and compliance only")
    today = business_today()
    rows = near_their_end(visible_cases(request.user), today)
    return render(request, "recovery/limitation.html", {"rows": rows, "today": today, "days": 90})
