"""URLs of the imports app."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("mal/<slug:kind>.<str:fmt>", views.template, name="template"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/importer/", views.job_apply, name="job_apply"),
]
