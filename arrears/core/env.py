"""Strict readers for environment variables.

Settings come from the environment only. A value that is present but malformed is a
start-up error, never a silent default: a collections system that quietly falls back to
DEBUG or to the wrong database is worse than one that refuses to start.
"""

from __future__ import annotations

import os

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigError(RuntimeError):
    """A setting in the environment has a value we cannot use."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r}: expected one of {sorted(TRUE_WORDS | FALSE_WORDS)}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value}: must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_pair(name: str) -> tuple[str, str] | None:
    """Two comma-separated words (e.g. a header and its value), or None when unset."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ConfigError(f"{name}={raw!r}: expected two comma-separated values, such as HEADER,value")
    return parts[0], parts[1]


# Django's own deploy check (security.W009): at least 50 characters, 5 distinct ones.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def check_production_secret_key(key: str, *, development_key: str) -> None:
    """Refuse to start production with the development key or a weak one.

    Sessions, password reset links and CSRF tokens are signed with it: a known or short
    key lets anyone forge a signed-in session.
    """
    if key == development_key:
        raise ConfigError("ARREARS_SECRET_KEY must be set when ARREARS_PRODUCTION=1")
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        raise ConfigError(
            f"ARREARS_SECRET_KEY is too weak for production: use at least {SECRET_KEY_MIN_LENGTH} "
            f"random characters (e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
        )
    if key.startswith("django-insecure-"):
        raise ConfigError("ARREARS_SECRET_KEY is a generated development key; make a new random one")
def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={raw!r}: expected one of {', '.join(choices)}")
    return value


def env_pairs(name: str) -> dict[str, str]:
    """``a=x,b=y`` as {"a": "x", "b": "y"}; a part without ``=`` or an empty side is an error."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return {}
    pairs: dict[str, str] = {}
    for part in raw.split(","):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"{name}: {part.strip()!r} is not key=value")
        pairs[key.strip()] = value.strip()
    return pairs
