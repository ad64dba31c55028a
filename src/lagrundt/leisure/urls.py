from django.urls import path

from . import views

app_name = "leisure"

# Under /fritid/: the catalogue, the interest list and the support schemes, and a person's leisure.
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("aktivitet/ny/", views.activity_create, name="activity_create"),
    path("aktivitet/<int:pk>/endre/", views.activity_edit, name="activity_edit"),
    path("interesser/", views.interest_list, name="interest_list"),
    path("interesser/ny/", views.interest_create, name="interest_create"),
    path("interesser/<int:pk>/endre/", views.interest_edit, name="interest_edit"),
    path("stotteordninger/", views.scheme_list, name="scheme_list"),
    path("stotteordninger/ny/", views.scheme_create, name="scheme_create"),
    path("stotteordninger/<int:pk>/endre/", views.scheme_edit, name="scheme_edit"),
    path("person/<int:pk>/", views.person, name="person"),
    path("person/<int:pk>/interesser/", views.mapping_edit, name="mapping_edit"),
    path("person/<int:pk>/deltaking/ny/", views.participation_add, name="participation_add"),
    path(
        "person/<int:pk>/deltaking/<int:participation>/slutt/",
        views.participation_stop,
        name="participation_stop",
    ),
    path("person/<int:pk>/stotte/", views.support, name="support"),
    path("person/<int:pk>/stotte/ny/", views.application_add, name="application_add"),
    path("person/<int:pk>/stotte/<int:application>/vedtak/", views.decision, name="decision"),
]
