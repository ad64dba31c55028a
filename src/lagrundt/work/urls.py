from django.urls import path

from .views import employers, fairs, meeting, openings, overview, placements, profiles, statistics

app_name = "work"

urlpatterns = [
    path("", overview.index, name="index"),
    path("kandidater/", profiles.candidate_list, name="candidate_list"),
    path("personer/<int:pk>/", profiles.profile_detail, name="profile_detail"),
    path("personer/<int:pk>/endre/", profiles.profile_edit, name="profile_edit"),
    path("personer/<int:pk>/ny/<str:kind>/", profiles.profile_row_add, name="profile_row_add"),
    path(
        "personer/<int:pk>/fjern/<str:kind>/<int:row>/",
        profiles.profile_row_remove,
        name="profile_row_remove",
    ),
    path("personer/<int:pk>/stillinger/", profiles.person_openings, name="person_openings"),
    path("personer/<int:pk>/praksis/ny/", placements.placement_create, name="placement_create"),
    path("arbeidsgivere/", employers.employer_list, name="employer_list"),
    path("arbeidsgivere/ny/", employers.employer_create, name="employer_create"),
    path("arbeidsgivere/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("arbeidsgivere/<int:pk>/endre/", employers.employer_edit, name="employer_edit"),
    path(
        "arbeidsgivere/<int:pk>/kontaktpersoner/ny/",
        employers.employer_add,
        {"what": "contact_person"},
        name="contact_person_add",
    ),
    path(
        "arbeidsgivere/<int:pk>/kontaktpersoner/<int:contact>/fjern/",
        employers.contact_person_remove,
        name="contact_person_remove",
    ),
    path(
        "arbeidsgivere/<int:pk>/avtaler/ny/",
        employers.employer_add,
        {"what": "agreement"},
        name="agreement_add",
    ),
    path(
        "arbeidsgivere/<int:pk>/kontakter/ny/",
        employers.employer_add,
        {"what": "contact"},
        name="employer_contact_add",
    ),
    path("stillinger/", openings.opening_list, name="opening_list"),
    path("stillinger/ny/", openings.opening_create, name="opening_create"),
    path("stillinger/<int:pk>/", openings.opening_detail, name="opening_detail"),
    path("stillinger/<int:pk>/endre/", openings.opening_edit, name="opening_edit"),
    path("stillinger/<int:pk>/foresla/", openings.opening_propose, name="opening_propose"),
    path("praksis/", placements.placement_list, name="placement_list"),
    path("praksis/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("praksis/<int:pk>/steg/<str:state>/", placements.placement_move, name="placement_move"),
    path("praksis/<int:pk>/oppfolging/", placements.placement_visit, name="placement_visit"),
    path("praksis/<int:pk>/endre/", placements.placement_edit, name="placement_edit"),
    path("motet/", meeting.meeting, name="meeting"),
    path("motet/agenda.pdf", meeting.meeting_pdf, name="meeting_pdf"),
    path("overgang-til-jobb/", statistics.conversion, name="conversion"),
    path("flyktningeloftet/", statistics.pledge, name="pledge"),
    path("jobbtreff/", fairs.fair_list, name="fair_list"),
    path("jobbtreff/nytt/", fairs.fair_create, name="fair_create"),
    path("jobbtreff/<int:pk>/", fairs.fair_detail, name="fair_detail"),
    path("jobbtreff/<int:pk>/arbeidsgivere/", fairs.fair_invite_employer, name="fair_invite_employer"),
    path(
        "jobbtreff/<int:pk>/arbeidsgivere/<int:row>/oppmote/",
        fairs.fair_employer_attended,
        name="fair_employer_attended",
    ),
    path("jobbtreff/<int:pk>/deltakere/", fairs.fair_invite_participant, name="fair_invite_participant"),
    path(
        "jobbtreff/<int:pk>/deltakere/<int:row>/oppmote/",
        fairs.fair_participant_attended,
        name="fair_participant_attended",
    ),
    path("jobbtreff/<int:pk>/utfall/", fairs.fair_outcome, name="fair_outcome"),
]
