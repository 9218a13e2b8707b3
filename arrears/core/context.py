from __future__ import annotations

from django.http import HttpRequest


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    profile = getattr(user, "profile", None) if user and user.is_authenticated else None
    return {"profile": profile}
