"""The evidence dossier's download from the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST

from arrears.recovery.access import get_case_for_dossier
from arrears.recovery.actions import issue_dossier
from arrears.recovery.dossier import LANGUAGES


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
