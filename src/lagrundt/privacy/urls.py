from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("innsyn/<int:pk>/", views.subject_access_page, name="subject_access"),
    path("lagringstid/", views.retention_page, name="retention"),
    path("lagringstid/godkjenn/", views.retention_approve, name="retention_approve"),
]
