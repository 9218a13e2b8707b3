"""Recovery's screens, by topic: `agencies` (placements, batches, the league table,
statements, the case page's notice form) and `evidence` (the dossier, limitation)."""

from arrears.recovery.views.agencies import (
    batch_file,
    batch_page,
    index,
    league_file,
    league_page,
    new_placement,
    notice,
    recall_batch,
    recall_one,
    statement_file,
    statement_page,
)
from arrears.recovery.views.evidence import dossier, limitation_fact, limitation_list

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
