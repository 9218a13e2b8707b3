"""The language switcher in the app's header.

Django's set_language keeps the choice in a cookie, which UserLanguageMiddleware overrides
with the profile's language once the user is signed in; this view keeps a signed-in user's
choice on their profile too, so that it holds on every device and in what the product sends
them (digests, exports)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseRedirect("/")
    language = form.cleaned_data["language"]
    target = form.cleaned_data["next"] or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    if profile is not None and profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])
    translation.activate(language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response
