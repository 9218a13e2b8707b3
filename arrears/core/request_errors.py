"""A refused request, said in the reader's language: a page for a browser, the page's
error line for HTMX (behaviour.js shows [data-request-error]), and for /api/ the API's one
error shape (arrears.core.api_errors: `{"detail": ..., "errors": [{"field", "message"}]}`)
with 422, as the schema documents for a request it does not accept."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def request_error(
    request: HttpRequest, message: str, *, status: int = 400, loc: list[str] | None = None, kind: str = ""
) -> HttpResponse:
    if request.path.startswith("/api/"):
        parts = [p for p in (loc or []) if p not in ("query", "form", "body", "payload")]
        field = ".".join(parts)
        return JsonResponse(
            {"detail": message, "errors": [{"field": field, "message": message}] if field else []},
            status=422 if status == 400 else status,
        )
    fragment = getattr(request, "htmx", False) or request.headers.get("HX-Request") == "true"
    template = "_request_error.html" if fragment else "request_error.html"
    return render(request, template, {"message": message}, status=status)
