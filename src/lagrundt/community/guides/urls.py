"""The volunteer register, guide suggestions and pairs, under /frivillig/ (names "community:guide_*")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.volunteer_list, name="guide_volunteers"),
    path("ny/", views.volunteer_create, name="guide_volunteer_create"),
    path("<int:pk>/", views.volunteer_detail, name="guide_volunteer"),
    path("<int:pk>/endre/", views.volunteer_edit, name="guide_volunteer_edit"),
    path("<int:pk>/avslutt/", views.volunteer_end, name="guide_volunteer_end"),
    path("person/<int:pk>/", views.person_guides, name="guide_person"),
    path("person/<int:pk>/forslag/", views.person_suggest, name="guide_person_suggest"),
    path("person/<int:pk>/par/<int:volunteer>/", views.person_pair, name="guide_person_pair"),
    path("husstand/<int:pk>/", views.household_guides, name="guide_household"),
    path("husstand/<int:pk>/forslag/", views.household_suggest, name="guide_household_suggest"),
    path("husstand/<int:pk>/par/<int:volunteer>/", views.household_pair, name="guide_household_pair"),
    path("par/", views.pair_list, name="guide_pairs"),
    path("par/<int:pk>/", views.pair_detail, name="guide_pair"),
    path("par/<int:pk>/mote/", views.pair_meeting, name="guide_pair_meeting"),
    path("par/<int:pk>/avslutt/", views.pair_end, name="guide_pair_end"),
    path("statistikk/", views.statistics, name="guide_statistics"),
]
