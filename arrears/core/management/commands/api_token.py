"""Make, list and revoke API tokens for integrations (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from arrears.core.models import ApiScope, ApiToken
from arrears.core.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = "API tokens: create NAME --owner USER --scope S [--scope S ...] | revoke PREFIX | list"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token; its secret is printed once")
        create.add_argument("name", help="what the token is for, e.g. 'dialer'")
        create.add_argument("--owner", required=True, help="the user the token acts as")
        create.add_argument(
            "--scope", action="append", required=True, choices=ApiScope.values, help="repeat for several"
        )
        revoke = sub.add_parser("revoke", help="revoke a token now")
        revoke.add_argument("prefix", help="the token's prefix (as `list` shows) or its whole secret")
        sub.add_parser("list", help="every token, newest first")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['action']}")(options)

    def do_create(self, options: dict[str, Any]) -> None:
        try:
            owner = get_user_model().objects.get(username=options["owner"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {options['owner']!r}") from None
        try:
            token, secret = create_token(options["name"], owner, options["scope"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Token {token.prefix} ({token.name}) acts as {owner} with {', '.join(token.scopes)}."
        )
        self.stdout.write("Copy it now: it is shown only this once.")
        self.stdout.write(secret)

    def do_revoke(self, options: dict[str, Any]) -> None:
        prefix = options["prefix"][:12]
        matches = list(ApiToken.objects.filter(prefix=prefix))
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} tokens have the prefix {prefix!r}; `list` shows them")
        token = matches[0]
        if revoke_token(token):
            self.stdout.write(f"Revoked {token.prefix} ({token.name}).")
        else:
            self.stdout.write(
                f"{token.prefix} ({token.name}) was already revoked at {token.revoked_at:%Y-%m-%d %H:%M}."
            )

    def do_list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("owner").order_by("-created_at", "-pk")
        self.stdout.write(f"{'prefix':<13}{'name':<20}{'owner':<14}{'last used':<18}{'revoked':<18}scopes")
        for t in tokens:
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "-"
            revoked = f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "-"
            self.stdout.write(
                f"{t.prefix:<13}{t.name[:19]:<20}{t.owner.get_username()[:13]:<14}{used:<18}{revoked:<18}"
                f"{', '.join(t.scopes)}"
            )
