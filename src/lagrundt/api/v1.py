from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import tokens, views

router = DefaultRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("persons", views.PersonViewSet, basename="person")
router.register("households", views.HouseholdViewSet, basename="household")
router.register("settlements", views.SettlementViewSet, basename="settlement")
router.register("move-outs", views.MoveOutViewSet, basename="moveout")

urlpatterns = [
    path("", include(router.urls)),
    path("auth/token/", tokens.ApiTokenView.as_view(), name="api_token"),
]
