from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arrears.core.request_errors import request_error


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
            if profile.time_zone:
                timezone.activate(ZoneInfo(profile.time_zone))
            else:
                timezone.deactivate()
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


# C0 control characters but tab, line feed and carriage return. NUL is refused by
# PostgreSQL in text (a 500 on a search or a note); the others are refused by XLSX writers
# and are never typed on purpose.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class RefuseControlCharactersMiddleware:
    """Refuse, with a 400 in the reader's language, any request whose query string, form
    fields or JSON body holds a control character, before a view or the database sees it.

    Refused rather than stripped: what is stored as evidence must be what the person sent,
    and a silently altered search or note is worse than a clear "remove it". Forms say the
    same next to the field (arrears.cases.forms); this is the net under every other view
    and the API. File uploads are not looked into (the importers read their own bytes).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            where = self._first_offence(request)
        except MultiPartParserError:
            # A form body that says multipart but is not (no boundary, cut short): the view
            # would fail on it the same way, so answer it here, not with a 500.
            return request_error(
                request, _("The form data could not be read."), status=400, loc=["body"], kind="unreadable"
            )
        except RecursionError:
            # A JSON body thousands of levels deep: json.loads (ours, then the API's) recurses
            # once per level. No request of ours nests beyond a few.
            return request_error(
                request, _("The request is nested too deeply."), status=400, loc=["body"], kind="too_deep"
            )
        if where is not None:
            return request_error(
                request,
                _(
                    "Your input contains an invisible control character (such as a NUL byte) "
                    "that cannot be stored. Remove it and try again."
                ),
                status=400,
                loc=list(where),
                kind="control_character",
            )
        return self.get_response(request)

    def _first_offence(self, request: HttpRequest) -> tuple[str, str] | None:
        for name, values in request.GET.lists():
            if CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(v) for v in values):
                return ("query", name)
        if request.method in ("POST", "PUT", "PATCH"):
            if request.content_type == "application/json":
                return self._json_offence(request)
            if request.method == "POST":
                for name, values in request.POST.lists():
                    if CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(v) for v in values):
                        return ("form", name)
        return None

    def _json_offence(self, request: HttpRequest) -> tuple[str, str] | None:
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            return None  # not JSON: the API answers that itself
        for path in _strings_with_control_characters(body, "body"):
            return ("body", path)
        return None


def _strings_with_control_characters(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if CONTROL_CHARACTERS.search(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if CONTROL_CHARACTERS.search(str(key)):
                yield path
            yield from _strings_with_control_characters(item, str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings_with_control_characters(item, path)
