from __future__ import annotations

from collections.abc import Callable

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
