"""Named state changes of a case. Web, API, admin and the nightly run call these.

Every outbound contact goes through `log_contact` or `plan_visit`, which ask the contact
gate first (arrears.compliance.shell) with the debtor's real history from the evidence
trail; a blocked contact is kept as a `blocked` event and raised as ContactBlocked, which
carries the rule, the reason and the next allowed time. Every change appends an event.

One module per topic; this package exports them all, so callers write
`from arrears.cases import actions; actions.log_contact(...)`.
"""

from arrears.cases.actions.approvals import (
    approver_limits,
    change_stage,
    decide_approval,
    expire_approvals,
    limits_for,
    request_approval,
    withdraw_approval,
)
from arrears.cases.actions.care import raise_care_hold, review_care_hold
from arrears.cases.actions.common import ContactBlocked, NotAllowed, User
from arrears.cases.actions.contacts import (
    add_contact_point,
    ensure_repair_task,
    log_contact,
    mark_contact_point,
    open_dispute,
    record_preference,
)
from arrears.cases.actions.gate import Verdict, channel_for, contact_verdicts, gate_context
from arrears.cases.actions.notes import add_note, correct_event
from arrears.cases.actions.plan import add_absence, rebalance, remove_absence
from arrears.cases.actions.promises import make_plan, make_promise
from arrears.cases.actions.stages import (
    close_case,
    decide_recommendation,
    decide_recommendations,
    move_stage,
    reassign,
    reopen_case,
    skips_stages,
)
from arrears.cases.actions.tasks import complete_task, open_task
from arrears.cases.actions.visits import VISIT_OUTCOME, plan_visit, record_visit

__all__ = [
    "VISIT_OUTCOME",
    "ContactBlocked",
    "NotAllowed",
    "User",
    "Verdict",
    "add_absence",
    "add_contact_point",
    "add_note",
    "approver_limits",
    "change_stage",
    "channel_for",
    "close_case",
    "complete_task",
    "contact_verdicts",
    "correct_event",
    "decide_approval",
    "decide_recommendation",
    "decide_recommendations",
    "ensure_repair_task",
    "expire_approvals",
    "gate_context",
    "limits_for",
    "log_contact",
    "make_plan",
    "make_promise",
    "mark_contact_point",
    "move_stage",
    "open_dispute",
    "open_task",
    "plan_visit",
    "raise_care_hold",
    "reassign",
    "rebalance",
    "record_preference",
    "record_visit",
    "remove_absence",
    "reopen_case",
    "request_approval",
    "review_care_hold",
    "skips_stages",
    "withdraw_approval",
]
