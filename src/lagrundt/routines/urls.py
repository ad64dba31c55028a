from django.urls import path

from . import views

app_name = "routines"

urlpatterns = [
    path("oppgaver/", views.task_list, name="task_list"),
    path("oppgaver/<int:pk>/", views.task_detail, name="task_detail"),
    path("oppgaver/etterlevelse/", views.compliance, name="compliance"),
    path("oppgaver/kalender-og-e-post/", views.notice_settings, name="notice_settings"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("personer/<int:pk>/tidslinje/", views.person_timeline, name="person_timeline"),
]
