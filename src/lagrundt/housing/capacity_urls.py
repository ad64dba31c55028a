from django.urls import path

from . import capacity_views

app_name = "housing_capacity"
urlpatterns = [
    path("", capacity_views.capacity_page, name="capacity"),
]
