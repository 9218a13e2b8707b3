"""Recovery's screens, by topic: `agencies` (placements, batches, recalls, the case page's
notice form), `league` (the league table, commission statements) and `evidence` (the
dossier, limitation)."""

from arrears.recovery.views.agencies import (
    batch_file,
    batch_page,
    index,
    new_placement,
    notice,
    recall_batch,
    recall_one,
)
from arrears.recovery.views.evidence import dossier, limitation_fact, limitation_list
from arrears.recovery.views.league import league_file, league_page, statement_file, statement_page

__all__ = [
    "batch_file",
    "batch_page",
    "dossier",
    "index",
    "league_file",
    "league_page",
    "limitation_fact",
    "limitation_list",
    "new_placement",
    "notice",
    "recall_batch",
    "recall_one",
    "statement_file",
    "statement_page",
]
