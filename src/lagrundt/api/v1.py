from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import archive, finance, housing, plans, programme, settlement, tokens, views, work

router = DefaultRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("persons", views.PersonViewSet, basename="person")
router.register("households", views.HouseholdViewSet, basename="household")
router.register("settlements", views.SettlementViewSet, basename="settlement")
router.register("move-outs", views.MoveOutViewSet, basename="moveout")
# Each part of the API adds its own (api_part on each viewset: what a key's scope may limit).
for part in (programme, work, finance, plans, settlement, housing, archive):
    part.register(router)

urlpatterns = [
    path("", include(router.urls)),
    path("auth/token/", tokens.ApiTokenView.as_view(), name="api_token"),
]
