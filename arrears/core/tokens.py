"""API tokens for integrations: made, checked, used and revoked here only.

A token is `arr_` and 43 URL-safe characters (256 random bits). It acts as its owner: the
API's access getters see the owner as `request.user`, so a token never reaches further
than its owner would, and its scopes narrow that to the endpoints it was made for.

Every request made with a token writes a `TokenUse` row (token, time, method, path,
address): a dialer makes a few requests a second at most, which PostgreSQL takes in its
stride, and an auditor can answer "what did this integration do on that day" from it.
`last_used_at` is refreshed at most once a minute, so that concurrent requests of one
token do not queue on its row.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, django_auth

from arrears.core.models import ApiScope, ApiToken, TokenUse
from arrears.core.signin import client_ip

PREFIX = "arr_"
log = logging.getLogger("arrears.api.tokens")
LAST_USED_EVERY = timedelta(minutes=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    name: str, owner: Any, scopes: Iterable[str], *, created_by: Any = None
) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is not kept and cannot be shown again."""
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in ApiScope.values]
    if unknown:
        raise ValueError(f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(ApiScope.values)}")
    if not wanted:
        raise ValueError("a token needs at least one scope")
    if not name.strip():
        raise ValueError("a token needs a name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip(),
        owner=owner,
        scopes=wanted,
        prefix=secret[:12],
        digest=digest_of(secret),
        created_by=created_by,
    )
    log.info("API token %s (%s) created for %s", token.prefix, token.name, owner)
    return token, secret


def revoke_token(token: ApiToken) -> bool:
    """Revoke `token` now; False if it was already revoked."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    if changed:
        log.info("API token %s (%s) revoked", token.prefix, token.name)
    return bool(changed)


def find_token(secret: str) -> ApiToken | None:
    """The active token with this secret whose owner may still sign in, else None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("owner", "owner__profile")
        .filter(digest=digest_of(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.owner.is_active:
        return None
    return token


def record_use(token: ApiToken, request: HttpRequest) -> None:
    now = timezone.now()
    with transaction.atomic():
        TokenUse.objects.create(
            token=token, method=request.method or "", path=request.path[:300], ip=client_ip(request) or None
        )
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
            ).update(last_used_at=now)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer arr_...` for one scope. A token without the scope gets 403
    (it is known, just not allowed); an unknown or revoked one gets 401, even when a
    session cookie comes with it."""

    def __init__(self, scope: ApiScope) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        header = request.headers.get(self.header)
        if header is None:
            return None  # no token: the session may authenticate
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise AuthenticationError()  # credentials we do not accept are not ignored
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = find_token(token)
        if found is None:
            # A bearer token was sent and is wrong: say so, rather than fall back to a
            # session cookie that happens to travel with it (a misconfigured integration
            # must not quietly run as whoever is signed in in that browser).
            raise AuthenticationError()
        if self.scope not in found.scopes:
            raise HttpError(403, _("This API token lacks the scope %(scope)s.") % {"scope": self.scope})
        record_use(found, request)
        request.user = found.owner
        return found


def scoped(scope: ApiScope) -> list[Any]:
    """An endpoint's authentication: an API token with `scope`, or a signed-in session
    (with its CSRF check on unsafe methods); either way the request runs as a user."""
    return [TokenAuth(scope), django_auth]
