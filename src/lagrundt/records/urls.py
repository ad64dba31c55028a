from django.urls import path

from . import views

app_name = "records"

# Under /personer/: a person's record per sector, beside the person's own page.
urlpatterns = [
    path("<int:pk>/skole/", views.school, name="school"),
    path("<int:pk>/skole/endre/", views.school_edit, name="school_edit"),
    path("<int:pk>/skole/vedtak/ny/", views.school_decision_add, name="school_decision_add"),
    path("<int:pk>/barnehage/", views.kindergarten, name="kindergarten"),
    path("<int:pk>/barnehage/endre/", views.kindergarten_edit, name="kindergarten_edit"),
    path("<int:pk>/barnehage/tolkesamtale/ny/", views.kindergarten_talk_add, name="kindergarten_talk_add"),
    path("<int:pk>/helse/", views.health, name="health"),
    path("<int:pk>/helse/endre/", views.health_edit, name="health_edit"),
    path("<int:pk>/helse/samtale/ny/", views.health_contact_add, name="health_contact_add"),
]
