"""URLs of the archive app: the outbox, and the button that queues a letter."""

from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("arkiver/<str:kind>/<int:pk>/", views.archive, name="archive"),
    path("meldinger/<int:pk>/prov-igjen/", views.retry, name="retry"),
]
