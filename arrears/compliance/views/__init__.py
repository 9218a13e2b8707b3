"""The compliance officer's desk: policies in words and their changes (maker-checker), the
what-if check, the decision log, and the content review queue."""

from arrears.compliance.views.common import REVIEWER_ROLES, visible_decisions
from arrears.compliance.views.decisions import decision_list
from arrears.compliance.views.policy import policy_index, policy_page, proposal_decide, propose_page
from arrears.compliance.views.review import review_decide, review_list
from arrears.compliance.views.whatif import check_page

__all__ = [
    "REVIEWER_ROLES", "check_page", "decision_list", "policy_index", "policy_page", "proposal_decide",
    "propose_page", "review_decide", "review_list", "visible_decisions",
]
