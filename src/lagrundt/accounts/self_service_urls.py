"""Password change and API keys (the user's own)."""

urlpatterns = []
