"""Sign-in hardening: who the client is behind a proxy, and how long a session lasts idle.

Brute-force protection itself is django-axes (settings: AXES_*); this module gives it the
client's address the way our deployment sees it.
"""

from __future__ import annotations

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The address that reached our outermost trusted proxy.

    With no proxy (ARREARS_TRUSTED_PROXIES=0) it is the peer address. Behind N proxies
    that each append the address they saw to X-Forwarded-For, it is the N-th entry from
    the right: entries further left were written by the client and prove nothing, and
    trusting them would let an attacker rotate "addresses" to dodge the lockout.
    """
    peer = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.ARREARS_TRUSTED_PROXIES
    if proxies <= 0:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return peer
    return forwarded[-proxies]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page a locked-out sign-in gets (429), in the product's style and language."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
