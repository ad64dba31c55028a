from django.urls import include, path

from .follow_up import urls as follow_up
from .guides import urls as guides
from .interpreters import urls as interpreters
from .welcome import urls as welcome

app_name = "community"

# Under /frivillig/ (volunteers and guides) and the person's pages of each part.
urlpatterns = [
    path("", include(guides.urlpatterns)),
    path("velkomst/", include(welcome.urlpatterns)),
    path("tolk/", include(interpreters.urlpatterns)),
    path("oppfolging/", include(follow_up.urlpatterns)),
]
