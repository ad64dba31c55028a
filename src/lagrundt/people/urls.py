from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/identitet/", views.person_edit_identity, name="person_edit_identity"),
    path("<int:pk>/bosetting/", views.person_edit_settlement, name="person_edit_settlement"),
    path("<int:pk>/utflytting/", views.person_move_out, name="person_move_out"),
    path("<int:pk>/notat/<slug:section>/", views.person_add_note, name="person_add_note"),
    path("husstand/ny/", views.household_register, name="household_register"),
    path("husstand/<int:pk>/", views.household_detail, name="household_detail"),
]
