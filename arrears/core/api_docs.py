"""/api/v1/docs: the API's browsable documentation, with no request leaving the site.

Swagger UI is vendored from its npm package (arrears/core/static/arrears/swagger-ui/) and
served by WhiteNoise like the rest of the static files; the page and the OpenAPI document
need a signed-in user or an API token, since they describe every endpoint and field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

from arrears.core.tokens import find_token, record_use


class OfflineSwagger(DocsBase):
    """Swagger UI from our own static files; no inline script (settings travel as JSON)."""

    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # The default would load a badge from the public validator: no request leaves.
        "validatorUrl": None,
        "tryItOutEnabled": False,
    }

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        context = {
            "api": api,
            "swagger_settings": {**self.settings, "url": self.get_openapi_url(api, kwargs)},
        }
        return render(request, "core/api_docs.html", context)


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a signed-in user or a bearer of a valid API token read the docs and the schema;
    send anyone else to sign in (the page) or answer 401 in the API's error shape (JSON)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        header = request.headers.get("Authorization", "")
        if header[:7].lower() == "bearer ":
            token = find_token(header[7:].strip())
            if token is not None:
                record_use(token, request)
                request.user = token.owner
                return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            response = JsonResponse(
                {"detail": _("Sign in, or send an API token: Authorization: Bearer <token>."), "errors": []},
                status=401,
            )
            response["WWW-Authenticate"] = 'Bearer realm="arrears"'
            return response
        return redirect_to_login(request.get_full_path())

    return wrapper
