from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("", views.audit_search, name="audit_search"),
    path("person/<int:pk>/", views.audit_person, name="audit_person"),
    path("person/<int:pk>/eksport/", views.audit_person_export, name="audit_person_export"),
    path("bruker/<int:pk>/", views.audit_user, name="audit_user"),
    path("bruker/<int:pk>/eksport/", views.audit_user_export, name="audit_user_export"),
]
