"""The synthetic portfolio has the shape the bench relies on, and is repeatable."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from arrears.strategy.aging import in_order
from arrears.strategy.engine import decide
from arrears.strategy.frames import SCHEMAS, RunConfig
from arrears.strategy.synth import DEFAULT_ON, generate


def test_it_is_deterministic_by_seed_and_follows_the_schemas():
    first, again, other = generate(3_000, seed=5), generate(3_000, seed=5), generate(3_000, seed=6)
    for name, schema in SCHEMAS.items():
        assert getattr(first, name).schema == schema
        assert getattr(first, name).equals(getattr(again, name))
    assert not first.payments.equals(other.payments)


def test_it_has_about_a_fifth_delinquent_with_a_tail_and_every_kind_of_casework():
    frames = generate(20_000, seed=1)
    assert frames.accounts.height == 20_000
    assert set(frames.accounts["product"]) == {"credit_card", "consumer_loan", "invoice"}
    decisions = decide(frames, RunConfig(on=DEFAULT_ON))
    delinquent = decisions.debtors["delinquent"].mean()
    assert 0.15 <= delinquent <= 0.3  # type: ignore[operator]
    assert decisions.aging["dpd"].max() > 180  # type: ignore[operator]
    # Cases exist for yesterday's delinquents, so tonight closes some and opens some.
    assert decisions.closed.height > 0 and decisions.opened.height > 0
    assert set(decisions.promises["status"]) == {"kept", "partly_kept", "broken"}
    assert decisions.plan["info_repair"].any()
    contacts = frames.contacts.with_columns(pl.col("at").dt.date().alias("day"))
    assert contacts["day"].min() >= DEFAULT_ON - timedelta(days=31)  # type: ignore[operator]
    assert (frames.promises["due_on"] >= frames.promises["created_on"]).all()
    # Every case belongs to a debtor of the portfolio.
    assert frames.cases.join(frames.accounts, on="debtor_id", how="anti").is_empty()


def test_it_writes_the_snapshot_in_the_contract_order():
    """docs/nightly.md, "snapshot contract": the order decide() reads without sorting."""
    frames = generate(5_000, seed=2)
    assert in_order(frames.accounts, ["account_id"])
    assert in_order(frames.due_items, ["account_id", "due_date", "key"])
    assert in_order(frames.payments, ["account_id"])
    assert in_order(frames.contacts, ["debtor_id"])
    assert in_order(frames.accounts, ["debtor_id"])
