from django.urls import path

from . import views

app_name = "housing"

urlpatterns = [
    path("", views.stock, name="stock"),
    path("boliger/ny/", views.dwelling_create, name="dwelling_create"),
    path("boliger/<int:pk>/", views.dwelling_detail, name="dwelling_detail"),
    path("boliger/<int:pk>/endre/", views.dwelling_edit, name="dwelling_edit"),
    path("boliger/<int:pk>/inventar/", views.inventory_add, name="inventory_add"),
    path("boliger/<int:pk>/inventar/<int:item>/fjern/", views.inventory_remove, name="inventory_remove"),
    path("boliger/<int:pk>/avtaler/ny/", views.agreement_add, name="agreement_add"),
    path("boliger/<int:pk>/godkjenning/", views.approval_add, name="approval_add"),
    path("utleiere/", views.landlord_list, name="landlord_list"),
    path("utleiere/ny/", views.landlord_create, name="landlord_create"),
    path("utleiere/<int:pk>/", views.landlord_detail, name="landlord_detail"),
    path("utleiere/<int:pk>/endre/", views.landlord_edit, name="landlord_edit"),
    path("husstander/<int:pk>/", views.household, name="household"),
    path("husstander/<int:pk>/forslag/", views.household_suggestions, name="household_suggestions"),
    path("husstander/<int:pk>/tildel/<int:dwelling>/", views.tenancy_start, name="tenancy_start"),
    path("saker/<int:pk>/forslag/", views.case_suggestions, name="case_suggestions"),
    path("saker/<int:pk>/reserver/<int:dwelling>/", views.case_hold, name="case_hold"),
    path("leieforhold/<int:pk>/avslutt/", views.tenancy_end, name="tenancy_end"),
    path("leieforhold/<int:pk>/flytt/", views.tenancy_move, name="tenancy_move"),
    path("leieforhold/<int:pk>/frigi/", views.tenancy_release, name="tenancy_release"),
    path("leieforhold/<int:pk>/tilsyn/ny/", views.inspection_add, name="inspection_add"),
    path("tilsyn/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("avvik/", views.deviations, name="deviations"),
    path("avvik/<int:pk>/lukk/", views.deviation_close, name="deviation_close"),
]
