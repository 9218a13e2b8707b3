"""A synthetic portfolio for tests and the bench: N accounts, deterministic by seed.

Vectorised (numpy draws, Polars frames) so that 10 million accounts generate in minutes,
not hours. The shape, roughly what a card and consumer-loan book with a B2B tail looks
like: half credit cards (three monthly statements with a minimum due), a third consumer
loans (monthly instalments plus the next one not yet due), the rest invoices; about one
debtor in five with accounts behind, missed months drawn from a geometric tail (most M1,
a few past M6); payments of the items that were paid, a partial one now and then; open
cases for yesterday's delinquent debtors (and a few who have since paid), promises, and
30 days of contact attempts. All money in minor units.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from arrears.strategy.aging import age_frames
from arrears.strategy.frames import STAGES, Frames, RunConfig

DEFAULT_ON = date(2026, 3, 16)
CREDITORS = 8
ACCOUNTS_PER_COLLECTOR = 2_000
OUTCOMES_CONNECTED = ["promise", "refused", "hardship", "callback", "claims_paid"]
OUTCOMES_FAILED = ["no_answer", "busy", "switched_off", "wrong_number"]


def _within(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., k-1 for each k in counts, concatenated: the index inside each group."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total) - starts


def _days(values: np.ndarray) -> pl.Series:
    return pl.Series(values.astype("datetime64[D]")).cast(pl.Date)


def generate(n_accounts: int, seed: int = 0, on: date = DEFAULT_ON) -> Frames:
    rng = np.random.default_rng(seed)
    n = n_accounts
    on64 = np.datetime64(on, "D")

    # Accounts: a debtor has one or two accounts with the same creditor.
    n_debtors = max(1, int(n / 1.25))
    debtor = np.arange(n, dtype=np.int64) * n_debtors // n + 1
    creditor_of_debtor = rng.integers(1, CREDITORS + 1, n_debtors + 1)
    creditor = creditor_of_debtor[debtor]
    product = rng.choice(3, n, p=[0.5, 0.35, 0.15])  # card, loan, invoice
    status = rng.choice(3, n, p=[0.97, 0.02, 0.01])  # open, settled, written_off
    scored = rng.random(n) < 0.5
    p_pay = np.where(scored, rng.beta(2, 3, n), np.nan)
    accounts = pl.DataFrame(
        {
            "account_id": np.arange(1, n + 1, dtype=np.int64),
            "debtor_id": debtor,
            "creditor_id": creditor,
            "team_id": creditor,
            "product": pl.Series(np.array(["credit_card", "consumer_loan", "invoice"])[product]),
            "currency": pl.repeat("CNY", n, eager=True),
            "status": pl.Series(np.array(["open", "settled", "written_off"])[status]),
            "p_pay": pl.Series(p_pay).fill_nan(None),
        }
    )

    # Missed months: 0 for the current, 1 + a geometric tail for the ~20% behind.
    behind = rng.random(n) < 0.2
    missed = np.where(behind, np.minimum(rng.geometric(0.45, n), 24), 0)
    past = np.where(product == 2, np.maximum(1, missed), np.maximum(np.where(product == 0, 3, 2), missed + 1))
    future = (product == 1).astype(np.int64)  # a loan's next instalment, not yet due
    count = past + future
    day = rng.integers(1, 29, n)
    this_month = on64.astype("datetime64[M]")
    last_month = np.where(day < on.day, this_month, this_month - 1)

    # Due items, oldest first within each account.
    idx = _within(count)
    acc = np.repeat(np.arange(n), count)
    month = np.repeat(last_month, count) - (np.repeat(past, count) - 1 - idx)
    due = month.astype("datetime64[D]") + (day[acc] - 1)
    size = np.exp(rng.normal(0, 0.6, n))
    base = np.select([product == 0, product == 1], [800_000, 150_000], 2_000_000) * size
    card = product[acc] == 0
    amount = (base[acc] * np.where(card, 1 + 0.04 * idx, 1)).astype(np.int64)
    minimum = np.where(card, np.maximum(amount // 10, np.minimum(amount, 10_000)), -1)
    statement = due - 20
    items = pl.DataFrame(
        {
            "account_id": acc.astype(np.int64) + 1,
            "due_date": _days(due),
            "amount": amount,
            "minimum": pl.Series(minimum).replace(-1, None),
            "statement_date": pl.Series(_days(statement)),
            "is_statement": card,
        }
    ).with_columns(
        pl.col("due_date").dt.strftime("%Y%m%d").alias("key"),
        pl.when("is_statement").then("statement_date").alias("statement_date"),
    )

    # Payments: each paid item once, on or a little before its due date (cards pay the
    # minimum or a little more, which the next minimum absorbs); the first missed item
    # sometimes gets a part payment after its due date.
    required = np.where(minimum >= 0, minimum, amount)
    paid_item = (idx < np.repeat(past - missed, count)) & (due < on64)
    extra = np.where(card, rng.random(acc.size) * 0.5, 0)
    first_missed = (idx == np.repeat(past - missed, count)) & (np.repeat(missed, count) > 0)
    partial = first_missed & (rng.random(acc.size) < 0.3)
    lag = (rng.random(acc.size) * (on64 - due).astype(np.int64).clip(0)).astype(np.int64)
    pay_amount = np.concatenate(
        [
            (required[paid_item] * (1 + extra[paid_item])).astype(np.int64),
            (required[partial] * rng.uniform(0.1, 0.9, int(partial.sum()))).astype(np.int64),
        ]
    )
    pay_day = np.concatenate(
        [due[paid_item] - rng.integers(0, 15, int(paid_item.sum())), due[partial] + lag[partial]]
    )
    payments = pl.DataFrame(
        {
            "account_id": np.concatenate([acc[paid_item], acc[partial]]).astype(np.int64) + 1,
            "paid_on": _days(pay_day),
            "amount": pay_amount,
        }
    ).filter(pl.col("amount") > 0)

    cases, promises, extra_payments, contacts = _casework(rng, accounts, items, payments, on)
    collectors = _collectors(rng, accounts)
    cases = _owners(rng, cases, collectors, accounts)
    payments = pl.concat([payments, extra_payments]).sort("account_id", "paid_on")
    # Drawn from a stream of their own, so the frames above stay what they were.
    more = np.random.default_rng(seed + 7_919)
    # About a third of debtors have an address a field visit can go to.
    addresses = pl.DataFrame(
        {"debtor_id": np.flatnonzero(more.random(n_debtors + 1) < 0.35)[1:].astype(np.int64)}
    )
    # One collector in fifty away for the next two days.
    away = collectors.filter(pl.Series(more.random(collectors.height) < 0.02))
    absences = away.select(
        "collector_id", pl.lit(on).alias("starts_on"), pl.lit(on + timedelta(days=1)).alias("ends_on")
    )
    # Open tasks: callbacks at an hour of the next days, a few disputes to answer.
    open_cases = cases.filter(pl.col("status") == "open")["case_id"].to_numpy()
    kind = more.choice(3, open_cases.size, p=[0.93, 0.05, 0.02])
    has = kind > 0
    day = more.integers(-1, 4, open_cases.size)[has]
    hour = more.integers(1, 12, open_cases.size)[has]  # UTC: 09:00-19:00 in Shanghai
    due_on = on64 + day.astype("timedelta64[D]")
    due_at = due_on.astype("datetime64[us]") + hour.astype("timedelta64[h]")
    is_callback = kind[has] == 1
    tasks = pl.DataFrame(
        {
            "case_id": open_cases[has],
            "kind": np.where(is_callback, "callback", "dispute"),
            "due_on": _days(due_on),
            "due_at": pl.Series(due_at).dt.replace_time_zone("UTC"),
        }
    ).with_columns(pl.when(pl.col("kind") == "callback").then("due_at").alias("due_at"))
    return Frames(
        accounts=accounts,
        due_items=items,
        payments=payments,
        cases=cases,
        promises=promises,
        contacts=contacts,
        collectors=collectors,
        tasks=tasks,
        addresses=addresses,
        absences=absences,
    )


def _casework(
    rng: np.random.Generator,
    accounts: pl.DataFrame,
    items: pl.DataFrame,
    payments: pl.DataFrame,
    on: date,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Yesterday's cases, promises (and the payments that keep some), contact history."""
    config = RunConfig(on=on)
    aged = age_frames(accounts.lazy(), items.lazy(), payments.lazy(), on - timedelta(days=1)).join(
        accounts.lazy().select("account_id", "debtor_id"), on="account_id"
    )
    debtors = (
        aged.group_by("debtor_id")
        .agg(pl.col("dpd").max(), pl.col("overdue").sum(), pl.col("account_id").min())
        .sort("debtor_id")
        .collect()
    )
    m = debtors.height
    dpd = debtors["dpd"].to_numpy()
    # Delinquent yesterday: most have a case; a few cured debtors still have one open.
    has_case = np.where(dpd >= 1, rng.random(m) < 0.95, rng.random(m) < 0.01)
    chosen = debtors.filter(pl.Series(has_case))
    k = chosen.height
    cdpd = chosen["dpd"].to_numpy()
    ladder = np.array(list(config.stage_from_dpd.values()))
    rank = (cdpd[:, None] >= ladder[None, :]).sum(axis=1) - 1
    # Stages lag the ladder now and then: a case the manager has not escalated yet.
    rank = np.maximum(0, rank - (rng.random(k) < 0.2))
    case_id = np.arange(1, k + 1, dtype=np.int64)
    cases = pl.DataFrame(
        {
            "case_id": case_id,
            "debtor_id": chosen["debtor_id"],
            "stage": pl.Series(np.array(STAGES)[rank]),
            "opened_on": _days(np.datetime64(on, "D") - np.maximum(cdpd, 1)),
            "status": pl.repeat("open", k, eager=True),
        }
    )

    # Promises for a third of the cases, made in the last week, due within a week.
    with_promise = rng.random(k) < 0.33
    p = int(with_promise.sum())
    created = np.datetime64(on, "D") - rng.integers(1, 8, p)
    due_on = created + rng.integers(0, 8, p)
    overdue = chosen["overdue"].to_numpy()[with_promise]
    promise_amount = np.maximum(100, (overdue * rng.uniform(0.3, 1.0, p)).astype(np.int64))
    promises = pl.DataFrame(
        {
            "promise_id": np.arange(1, p + 1, dtype=np.int64),
            "case_id": case_id[with_promise],
            "created_on": _days(created),
            "due_on": _days(due_on),
            "amount": promise_amount,
            "status": pl.repeat("open", p, eager=True),
        }
    )
    # Some promises are kept in full, some in part, on the debtor's first account.
    outcome = rng.random(p)
    pays = outcome < 0.55
    window = (np.minimum(due_on, np.datetime64(on, "D")) - created).astype(np.int64)
    paid_on = created + (rng.random(p) * (window + 1)).astype(np.int64)
    paid_amount = np.where(outcome < 0.4, promise_amount, promise_amount * rng.uniform(0.2, 0.9, p))
    extra_payments = pl.DataFrame(
        {
            "account_id": chosen["account_id"].to_numpy()[with_promise][pays],
            "paid_on": _days(paid_on[pays]),
            "amount": paid_amount[pays].astype(np.int64),
        }
    ).filter(pl.col("amount") > 0)

    # Contact attempts over the last 30 days, 08:00-20:00 Shanghai time (UTC+8).
    attempts = rng.poisson(5, k)
    reach = np.where(rng.random(k) < 0.1, 0.0, rng.uniform(0.2, 0.6, k))
    who = np.repeat(np.arange(k), attempts)
    t = who.size
    local_start = np.datetime64(on, "D") - rng.integers(0, 30, t)
    seconds = rng.integers(8 * 3600, 20 * 3600, t)
    at = (local_start.astype("datetime64[s]") + seconds - 8 * 3600).astype("datetime64[us]")
    channel = rng.choice(np.array(["phone", "sms", "visit", "email"]), t, p=[0.75, 0.15, 0.05, 0.05])
    connected = rng.random(t) < reach[who]
    outcome_text = np.where(
        connected,
        np.array(OUTCOMES_CONNECTED)[rng.integers(0, len(OUTCOMES_CONNECTED), t)],
        np.array(OUTCOMES_FAILED)[rng.integers(0, len(OUTCOMES_FAILED), t)],
    )
    contacts = pl.DataFrame(
        {
            "debtor_id": chosen["debtor_id"].to_numpy()[who],
            "at": pl.Series(at).dt.replace_time_zone("UTC"),
            "channel": channel,
            "connected": connected,
            "outcome": outcome_text,
        }
    ).sort(["debtor_id", "at"], maintain_order=True)  # the extract's order (docs/nightly.md)
    return cases, promises, extra_payments, contacts


def _collectors(rng: np.random.Generator, accounts: pl.DataFrame) -> pl.DataFrame:
    teams = accounts.group_by("team_id").len().sort("team_id")
    per_team = np.maximum(2, teams["len"].to_numpy() // ACCOUNTS_PER_COLLECTOR)
    total = int(per_team.sum())
    return pl.DataFrame(
        {
            "collector_id": np.arange(1, total + 1, dtype=np.int64),
            "team_id": np.repeat(teams["team_id"].to_numpy(), per_team),
            "capacity": rng.integers(40, 91, total),
            "active": rng.random(total) < 0.98,
        }
    )


def _owners(
    rng: np.random.Generator, cases: pl.DataFrame, collectors: pl.DataFrame, accounts: pl.DataFrame
) -> pl.DataFrame:
    """A random collector of the debtor's team (some since made inactive); 2% unowned."""
    team_of = accounts.group_by("debtor_id").agg(pl.col("team_id").min())
    cases = cases.join(team_of, on="debtor_id", how="left").sort("case_id")
    ordered = collectors.sort("team_id", "collector_id")
    sizes = ordered.group_by("team_id").len().sort("team_id")
    offset = dict(zip(sizes["team_id"], np.cumsum(sizes["len"]) - sizes["len"], strict=True))
    size = dict(zip(sizes["team_id"], sizes["len"], strict=True))
    team = cases["team_id"].to_numpy()
    start = np.array([offset[t] for t in np.unique(team)])
    width = np.array([size[t] for t in np.unique(team)])
    where = np.searchsorted(np.unique(team), team)
    pick = start[where] + (rng.random(team.size) * width[where]).astype(np.int64)
    owner = ordered["collector_id"].to_numpy()[pick]
    unowned = rng.random(team.size) < 0.02
    return cases.with_columns(pl.Series("owner_id", owner).scatter(np.flatnonzero(unowned), None)).drop(
        "team_id"
    )
