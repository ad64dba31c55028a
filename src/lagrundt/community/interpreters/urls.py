from django.urls import path

from . import views

urlpatterns = [
    path("person/<int:pk>/", views.person_uses, name="interpreter_person"),
    path("person/<int:pk>/ny/", views.person_add, name="interpreter_person_add"),
    path("oppgave/<int:task_pk>/ny/", views.task_add, name="interpreter_task_add"),
    path("velkomstmote/<int:pk>/ny/", views.meeting_add, name="interpreter_meeting_add"),
    path("uten-tolk/", views.missing, name="interpreter_missing"),
    path("statistikk/", views.statistics, name="interpreter_statistics"),
]
