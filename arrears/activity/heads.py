"""The chain heads a digest lists, as frames: their columns and their one written form
(arrears/activity/digest.py reads them for every case, digest_carry.py for the cases that
changed)."""

from __future__ import annotations

from typing import Any

import polars as pl

# `case_id`, `public_id` (hyphenated, lower case), `seq` (0 for a case without events),
# `hash` ("" then) and `events`.
HEADS: dict[str, Any] = {
    "case_id": pl.Int64,
    "public_id": pl.String,
    "seq": pl.Int64,
    "hash": pl.String,
    "events": pl.Int64,
}


def normalised(frame: pl.DataFrame) -> pl.DataFrame:
    """Heads as read from either database, as the digest writes them: sorted by case id,
    the public id hyphenated in lower case (SQLite keeps a UUID as 32 hex digits,
    PostgreSQL prints it with hyphens), a case without events at number 0 with hash ""."""
    hexes = pl.col("public_id").str.replace_all("-", "").str.to_lowercase()
    groups = ((0, 8), (8, 4), (12, 4), (16, 4), (20, 12))
    return frame.sort("case_id").with_columns(
        pl.concat_str(
            [hexes.str.slice(start, size) for start, size in groups],
            separator="-",
        ).alias("public_id"),
        pl.col("seq", "events").fill_null(0),
        pl.col("hash").fill_null(""),
    )
