"""The workbench: my queue, the case page and its actions, the team lead's screen, the call
panel. One module per topic; urls.py names the views through this package."""

from arrears.cases.views.approvals import (
    approvals,
    decide_approval,
    raise_care_hold,
    request_approval,
    review_care_hold,
    withdraw_approval,
)
from arrears.cases.views.assist import assist, assist_log, assist_script
from arrears.cases.views.case import add_note, case_page, task_done
from arrears.cases.views.contacts import (
    add_contact_point,
    log_contact,
    mark_contact_point,
    open_dispute,
    record_preference,
    unmask,
)
from arrears.cases.views.plan import add_absence, rebalance, reminders, remove_absence
from arrears.cases.views.promises import make_plan, make_promise
from arrears.cases.views.queue import queue
from arrears.cases.views.recommendations import decide_group
from arrears.cases.views.stages import close_case, move_stage
from arrears.cases.views.team import reassign, team
from arrears.cases.views.visits import plan_visit, record_visit

__all__ = [
    "add_absence",
    "add_contact_point",
    "add_note",
    "approvals",
    "assist",
    "assist_log",
    "assist_script",
    "case_page",
    "close_case",
    "decide_approval",
    "decide_group",
    "log_contact",
    "make_plan",
    "make_promise",
    "mark_contact_point",
    "move_stage",
    "open_dispute",
    "plan_visit",
    "queue",
    "raise_care_hold",
    "reassign",
    "rebalance",
    "record_preference",
    "record_visit",
    "reminders",
    "remove_absence",
    "request_approval",
    "review_care_hold",
    "task_done",
    "team",
    "unmask",
    "withdraw_approval",
]
