from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("eksport/", views.overview_export, name="overview_export"),
    path("scenarier/", views.scenarios, name="scenarios"),
    path("scenarier/eksport/", views.scenarios_export, name="scenarios_export"),
    path("scenarier/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("faktiske-tilskudd/", views.receipts, name="receipts"),
    path("kostnader/", views.costs, name="costs"),
    path("personer/", views.persons, name="persons"),
    path("personer/eksport/", views.persons_export, name="persons_export"),
    path("personer/<int:pk>/", views.person_schedule, name="person_schedule"),
    path("personer/<int:pk>/eksport/", views.person_schedule_export, name="person_schedule_export"),
    path("personer/<int:pk>/grunnlag/", views.person_facts, name="person_facts"),
    path("personer/<int:pk>/funksjonsnedsettelse/", views.disability_grant, name="disability_grant_add"),
    path(
        "personer/<int:pk>/funksjonsnedsettelse/<int:grant_id>/",
        views.disability_grant,
        name="disability_grant_edit",
    ),
    path("satser/", views.rates, name="rates"),
    path("satser/eksport/", views.rates_export, name="rates_export"),
    path("satser/mal/", views.rates_template, name="rates_template"),
    path("satser/import/", views.rates_import, name="rates_import"),
]
