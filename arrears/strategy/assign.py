"""Owner assignment: each case without an owner goes to the active collector of its team
with the fewest open cases, ties to the lowest collector id, one case at a time in
debtor-id order, counting the cases already handed out.

That sequential rule (bench/baseline_nightly.py runs it with a heap) is computed here
without a loop. Think of collector c with load L_c as offering slots at levels L_c,
L_c + 1, ...; the greedy rule hands out slots in (level, collector_id) order, so the j-th
case of a team (0-based) gets the j-th slot. Below level v there are
cum(v) = sum over c with L_c <= v of (v - L_c) slots, piecewise linear between the distinct
loads. For the last distinct load v_m with cum(v_m) <= j, the a_m collectors with
L_c <= v_m share the levels up to the next distinct load, so the case lands on level
v_m + (j - cum_m) // a_m, with the ((j - cum_m) % a_m)-th of those collectors by id.
"""

from __future__ import annotations

import polars as pl

from arrears.strategy.aging import rank_in_groups, starts_group


def assign_owners(need: pl.DataFrame, collectors: pl.DataFrame, loads: pl.DataFrame) -> pl.DataFrame:
    """Owners for `need` (debtor_id, team_id), given active `collectors` (collector_id,
    team_id) and their current `loads` (collector_id, load). Returns debtor_id, owner_id;
    a case whose team has no active collector is left out.
    """
    team_collectors = (
        collectors.select("collector_id", "team_id")
        .join(loads, on="collector_id", how="left")
        .with_columns(pl.col("load").fill_null(0))
    )
    levels = (
        team_collectors.group_by("team_id", "load")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .sort("team_id", "load")
        .with_columns(
            pl.col("n").cum_sum().over("team_id").alias("active"),
            (pl.col("n") * pl.col("load")).cum_sum().over("team_id").alias("load_sum"),
        )
        .with_columns((pl.col("active") * pl.col("load") - pl.col("load_sum")).alias("cum"))
        .select("team_id", pl.col("load").alias("level"), "active", "cum")
    )
    # The collectors sharing each level band, numbered by id.
    members = (
        levels.select("team_id", "level")
        .join(team_collectors, on="team_id")
        .filter(pl.col("load") <= pl.col("level"))
        .sort("team_id", "level", "collector_id")
        .with_columns(pl.int_range(pl.len()).over("team_id", "level").alias("slot"))
        .select("team_id", "level", "slot", "collector_id")
    )
    cases = (
        need.filter(pl.col("team_id").is_not_null())
        .sort("team_id", "debtor_id")
        .with_columns(starts_group("team_id").alias("first"))
        .with_columns((rank_in_groups("first") - 1).alias("j"))
        .sort("j")
    )
    # Both sides are sorted on the as-of keys (j, cum) above; Polars cannot verify that
    # per team, and says so unless told.
    placed = cases.join_asof(
        levels.sort("cum"),
        left_on="j",
        right_on="cum",
        by="team_id",
        strategy="backward",
        check_sortedness=False,
    ).filter(pl.col("level").is_not_null())
    return (
        placed.with_columns(((pl.col("j") - pl.col("cum")) % pl.col("active")).alias("slot"))
        .join(members, on=["team_id", "level", "slot"])
        .select("debtor_id", pl.col("collector_id").alias("owner_id"))
    )
