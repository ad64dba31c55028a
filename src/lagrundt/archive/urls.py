"""URLs of the archive app."""

app_name = "archive"
urlpatterns: list = []
