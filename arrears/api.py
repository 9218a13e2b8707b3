"""The HTTP API under /api/v1/: a thin adapter over each app's actions.

Each app owns a ninja Router in its own api.py; this module only mounts them. Sessions
authenticate the browser; the API shares the same permission-checked getters as views.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from arrears.cases.api import router as cases_router
from arrears.compliance.api import router as compliance_router
from arrears.portfolio.api import router as portfolio_router
from arrears.scripts.api import router as assist_router
from arrears.strategy.api import router as plan_router

# django_auth checks the CSRF token on unsafe methods for cookie sessions.
api = NinjaAPI(title="Arrears API", version="1", urls_namespace="api", auth=django_auth)
api.add_router("/portfolio", portfolio_router)
api.add_router("/compliance", compliance_router)
api.add_router("/assist", assist_router)
api.add_router("/cases", cases_router)
api.add_router("/plan", plan_router)
