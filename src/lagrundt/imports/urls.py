"""URLs of the imports app."""

app_name = "imports"
urlpatterns: list = []
