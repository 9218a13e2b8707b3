from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    """Speak to a signed-in user in the language of their profile.

    LocaleMiddleware has already chosen from the browser for anonymous pages (the login);
    a user's own choice wins once we know who they are.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        profile = getattr(user, "profile", None) if user and user.is_authenticated else None
        if profile is not None:
            translation.activate(profile.language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if profile is not None:
            response.headers.setdefault("Content-Language", profile.language)
        return response


class IdleSessionMiddleware:
    """End a signed-in session after ARREARS_SESSION_IDLE_MINUTES without a request.

    A collector who walks away from a shared desk must not leave a debtor's file open.
    SESSION_COOKIE_AGE is the idle time too, so the stored session and the cookie expire
    with it; this middleware renews the session at most once a minute (not on every
    request: that would be a database write per page) and refuses a session whose last
    renewal is older than the idle time, whatever the cookie says.
    """

    RENEW_AFTER_SECONDS = 60
    KEY = "arrears_seen_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(self.KEY)
            if isinstance(seen, int) and now - seen > settings.SESSION_COOKIE_AGE:
                logout(request)
            elif not isinstance(seen, int) or now - seen >= self.RENEW_AFTER_SECONDS:
                self.mark_seen(request)
        return self.get_response(request)

    @classmethod
    def mark_seen(cls, request: HttpRequest) -> None:
        request.session[cls.KEY] = int(time.time())
