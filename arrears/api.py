"""The HTTP API under /api/v1/: a thin adapter over each app's actions.

Each app owns a ninja Router in its own api.py; this module mounts them, gives every error
one shape (arrears.core.api_errors) and serves the OpenAPI document and its browsable
docs to signed-in users and API tokens only. Endpoints authenticate by a session (the
browser) or an API token with the endpoint's scope (arrears.core.tokens); both run as a
user, through the same permission-checked getters as the views. docs/api.md.
"""

from __future__ import annotations

from ninja import NinjaAPI

from arrears.cases.api import router as cases_router
from arrears.compliance.api import router as compliance_router
from arrears.core.api_docs import OfflineSwagger, docs_access
from arrears.core.api_errors import install_error_handlers
from arrears.dunning.api import router as credit_holds_router
from arrears.messaging.api import router as messages_router
from arrears.portfolio.api import router as portfolio_router
from arrears.scripts.api import router as assist_router
from arrears.strategy.api import router as plan_router

api = NinjaAPI(
    title="Arrears API",
    version="1",
    urls_namespace="api",
    docs=OfflineSwagger(),
    docs_decorator=docs_access,
)
install_error_handlers(api)
api.add_router("/portfolio", portfolio_router)
api.add_router("/compliance", compliance_router)
api.add_router("/assist", assist_router)
api.add_router("/cases", cases_router)
api.add_router("/messages", messages_router)
api.add_router("/plan", plan_router)
api.add_router("/credit-holds", credit_holds_router)
