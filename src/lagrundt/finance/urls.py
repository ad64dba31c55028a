from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("eksport/", views.overview_export, name="overview_export"),
    path("scenarier/", views.scenarios, name="scenarios"),
    path("scenarier/eksport/", views.scenarios_export, name="scenarios_export"),
    path("scenarier/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("scenarier/<int:pk>/endre/", views.scenario_edit, name="scenario_edit"),
    path("scenarier/<int:pk>/slett/", views.scenario_delete, name="scenario_delete"),
    path("scenarier/<int:pk>/planlagt/", views.planned_save, name="planned_save"),
    path("scenarier/<int:pk>/planlagt/<int:planned>/fjern/", views.planned_remove, name="planned_remove"),
    path("faktiske-tilskudd/", views.receipts, name="receipts"),
    path("faktiske-tilskudd/<int:pk>/slett/", views.receipt_delete, name="receipt_delete"),
    path("kostnader/", views.costs, name="costs"),
    path("kostnader/<int:pk>/slett/", views.cost_delete, name="cost_delete"),
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
    path(
        "personer/<int:pk>/funksjonsnedsettelse/<int:grant_id>/slett/",
        views.disability_grant_delete,
        name="disability_grant_delete",
    ),
    path("satser/", views.rates, name="rates"),
    path("satser/eksport/", views.rates_export, name="rates_export"),
    path("satser/mal/", views.rates_template, name="rates_template"),
    path("satser/import/", views.rates_import, name="rates_import"),
]
