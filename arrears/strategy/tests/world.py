"""The strategy tests' world: a creditor worked by a team of collectors, debtors with a
loan each (instalments, payments), their own phones. Built from the shared personas
(arrears.testing.personas); ON is its Monday."""

from __future__ import annotations

from arrears.testing.personas import (
    ON,
    World,
    add_calls,
    add_debtor,
    build_world,
    local,
    open_case,
    pay,
    self_person,
)

__all__ = [
    "ON",
    "World",
    "add_calls",
    "add_debtor",
    "build_world",
    "local",
    "open_case",
    "pay",
    "self_person",
]
