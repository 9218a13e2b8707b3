from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from arrears.api import api
from arrears.core.views import choose_language

urlpatterns = [
    path("", include("arrears.portfolio.urls")),
    path("", include("arrears.cases.urls")),
    path("compliance/", include("arrears.compliance.urls")),
    path("", include("arrears.messaging.urls")),
    path("reports/", include("arrears.reports.urls")),
    path("", include("arrears.recovery.urls")),
    path("legal/", include("arrears.legal.urls")),
    path("receivables/", include("arrears.receivables.urls")),
    path("", include("arrears.dunning.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("language/", choose_language, name="language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
