"""A refused request, said in the reader's language: a page for a browser, the page's
error line for HTMX (behaviour.js shows [data-request-error]), the API's error shape for
/api/ (`{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`, as django-ninja's own)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def request_error(
    request: HttpRequest, message: str, *, status: int = 400, loc: list[str] | None = None, kind: str = ""
) -> HttpResponse:
    if request.path.startswith("/api/"):
        detail = {"loc": loc or [], "msg": message, "type": kind or "invalid"}
        return JsonResponse({"detail": [detail]}, status=status)
    fragment = getattr(request, "htmx", False) or request.headers.get("HX-Request") == "true"
    template = "_request_error.html" if fragment else "request_error.html"
    return render(request, template, {"message": message}, status=status)
