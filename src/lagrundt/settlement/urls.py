from django.urls import path

from . import views

app_name = "settlement"

urlpatterns = [
    path("", views.board, name="board"),
    path("saker/", views.case_list, name="case_list"),
    path("saker/ny/", views.case_create, name="case_create"),
    path("saker/<int:pk>/", views.case_detail, name="case_detail"),
    path("saker/<int:pk>/endre/", views.case_edit, name="case_edit"),
    path("saker/<int:pk>/svar/", views.case_reply, name="case_reply"),
    path("saker/<int:pk>/forventet-ankomst/", views.case_expected_arrival, name="case_expected_arrival"),
    path("saker/<int:pk>/flytt/<str:to>/", views.case_move, name="case_move"),
    path("saker/<int:pk>/ankomst/", views.case_arrive, name="case_arrive"),
    path("saker/<int:pk>/forste-uker/", views.case_settle, name="case_settle"),
    path("saker/<int:pk>/trekk/", views.case_withdraw, name="case_withdraw"),
    path("saker/<int:pk>/personer/ny/", views.member_add, name="member_add"),
    path("saker/<int:pk>/personer/<int:member>/endre/", views.member_edit, name="member_edit"),
    path("saker/<int:pk>/personer/<int:member>/fjern/", views.member_remove, name="member_remove"),
    path("ar/<int:year>/", views.year_page, name="year"),
    path("innstillinger/", views.settings_page, name="settings"),
    path("personer/<int:pk>/integrering/", views.integration_record, name="integration_record"),
    path(
        "personer/<int:pk>/integrering/endre/", views.integration_record_edit, name="integration_record_edit"
    ),
    path(
        "personer/<int:pk>/integrering/norsk/", views.norwegian_training_edit, name="norwegian_training_edit"
    ),
    path("personer/<int:pk>/integrering/prove/ny/", views.norwegian_test_add, name="norwegian_test_add"),
    path(
        "personer/<int:pk>/integrering/prove/<int:row>/fjern/",
        views.norwegian_test_remove,
        name="norwegian_test_remove",
    ),
]
