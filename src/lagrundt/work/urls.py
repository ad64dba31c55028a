app_name = "work"

urlpatterns: list = []
