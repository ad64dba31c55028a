app_name = "intro"

urlpatterns: list = []
