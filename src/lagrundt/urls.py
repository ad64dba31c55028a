"""URL configuration. Every page needs a login (LoginRequiredMiddleware) unless marked otherwise."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from lagrundt.web import health
from lagrundt.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("statistikk/", web_views.statistics, name="statistics"),
    path("logg-inn/", web_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/", web_views.login_not_required(set_language), name="set_language"),
    path("helse/", health.health, name="health"),
    path("favicon.ico", web_views.favicon, name="favicon"),
    path("personer/", include("lagrundt.people.urls")),
    path("personer/", include("lagrundt.records.urls")),
    path("logg/", include("lagrundt.access.urls")),
    path("konto/", include("lagrundt.accounts.urls")),
    path("", include("lagrundt.routines.urls")),
    path("bosetting/", include("lagrundt.settlement.urls")),
    path("bolig/kapasitet/", include("lagrundt.housing.capacity_urls")),
    path("bolig/", include("lagrundt.housing.urls")),
    path("program/", include("lagrundt.intro.urls")),
    path("arbeid/", include("lagrundt.work.urls")),
    path("okonomi/", include("lagrundt.finance.urls")),
    path("planer/", include("lagrundt.plans.urls")),
    path("frivillig/", include("lagrundt.community.urls")),
    path("fritid/", include("lagrundt.leisure.urls")),
    path("undersokelser/", include("lagrundt.surveys.urls")),
    path("personvern/", include("lagrundt.privacy.urls")),
    path("import/", include("lagrundt.imports.urls")),
    path("arkiv/", include("lagrundt.archive.urls")),
    path("api/", include("lagrundt.api.urls")),
    path("admin/", admin.site.urls),
]
