from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .errors import NotFoundView

# The schema's own postprocessing: enums as drf-spectacular makes them, then the one error shape on
# every operation's 4xx answers (``errors.error_responses``). Tests generate the schema with these.
SCHEMA_SETTINGS = {
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lagrundt.api.errors.error_responses",
    ]
}

urlpatterns = [
    path("v1/", include("lagrundt.api.v1")),
    # Any other address under v1 (an id that is not a number, a list that does not exist): a 404 in
    # the API's error shape, not the HTML page; 401 before, to a caller without a key.
    re_path(r"^v1/(?P<rest>.*)$", NotFoundView.as_view(), name="api_not_found"),
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]
