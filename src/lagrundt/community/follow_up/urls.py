from django.urls import path

from . import views

urlpatterns = [
    path("person/<int:pk>/", views.person_talks, name="follow_up_person"),
    path("person/<int:pk>/ny/", views.talk_edit, name="follow_up_add"),
    path("person/<int:pk>/<int:years>-ar/", views.talk_edit, name="follow_up_edit"),
    path("oppsummering/", views.summary, name="follow_up_summary"),
]
