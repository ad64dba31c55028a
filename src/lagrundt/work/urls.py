from django.urls import path

from . import views

app_name = "work"

urlpatterns = [
    path("", views.index, name="index"),
    path("kandidater/", views.candidate_list, name="candidate_list"),
    path("personer/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("personer/<int:pk>/endre/", views.profile_edit, name="profile_edit"),
    path("personer/<int:pk>/ny/<str:kind>/", views.profile_row_add, name="profile_row_add"),
    path(
        "personer/<int:pk>/fjern/<str:kind>/<int:row>/", views.profile_row_remove, name="profile_row_remove"
    ),
    path("personer/<int:pk>/stillinger/", views.person_openings, name="person_openings"),
    path("personer/<int:pk>/praksis/ny/", views.placement_create, name="placement_create"),
    path("arbeidsgivere/", views.employer_list, name="employer_list"),
    path("arbeidsgivere/ny/", views.employer_create, name="employer_create"),
    path("arbeidsgivere/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("arbeidsgivere/<int:pk>/endre/", views.employer_edit, name="employer_edit"),
    path(
        "arbeidsgivere/<int:pk>/kontaktpersoner/<int:contact>/fjern/",
        views.contact_person_remove,
        name="contact_person_remove",
    ),
    path("stillinger/", views.opening_list, name="opening_list"),
    path("stillinger/ny/", views.opening_create, name="opening_create"),
    path("stillinger/<int:pk>/", views.opening_detail, name="opening_detail"),
    path("stillinger/<int:pk>/endre/", views.opening_edit, name="opening_edit"),
    path("stillinger/<int:pk>/foresla/", views.opening_propose, name="opening_propose"),
    path("praksis/", views.placement_list, name="placement_list"),
    path("praksis/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("motet/", views.meeting, name="meeting"),
    path("motet/agenda.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("overgang-til-jobb/", views.conversion, name="conversion"),
    path("flyktningeloftet/", views.pledge, name="pledge"),
    path("jobbtreff/", views.fair_list, name="fair_list"),
    path("jobbtreff/nytt/", views.fair_create, name="fair_create"),
    path("jobbtreff/<int:pk>/", views.fair_detail, name="fair_detail"),
]
