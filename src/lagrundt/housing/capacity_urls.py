from django.urls import path  # noqa: F401

app_name = "housing_capacity"
urlpatterns: list = []
