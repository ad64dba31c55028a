from django.urls import path

from . import views

app_name = "routines"

urlpatterns = [
    path("oppgaver/", views.task_list, name="task_list"),
    path("oppgaver/<int:pk>/", views.task_detail, name="task_detail"),
    path("oppgaver/<int:pk>/utfort/", views.task_done, name="task_done"),
    path("oppgaver/<int:pk>/ikke-aktuell/", views.task_not_applicable, name="task_not_applicable"),
    path("oppgaver/<int:pk>/utsett/", views.task_postpone, name="task_postpone"),
    path("oppgaver/<int:pk>/tildel-meg/", views.task_assign, name="task_assign"),
    path("oppgaver/<int:pk>/fjern-tildeling/", views.task_unassign, name="task_unassign"),
    path("oppgaver/<int:pk>/utfort-i-dag/", views.task_done_today, name="task_done_today"),
    path("oppgaver/flere/", views.task_bulk, name="task_bulk"),
    path("oppgaver/flere/bekreft/", views.task_bulk_confirm, name="task_bulk_confirm"),
    path("oppgaver/etterlevelse/", views.compliance, name="compliance"),
    path("oppgaver/kalender-og-e-post/", views.notice_settings, name="notice_settings"),
    path("oppgaver/kalender-og-e-post/ny-adresse/", views.notice_feed_new, name="notice_feed_new"),
    path("oppgaver/kalender-og-e-post/stopp-adressen/", views.notice_feed_stop, name="notice_feed_stop"),
    path("oppgaver/kalender-og-e-post/daglig-e-post/", views.notice_digest, name="notice_digest"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("oppgaver/husstand/<int:pk>/igangsatt/", views.household_started, name="household_started"),
    path("oppgaver/husstand/<int:pk>/", views.household_duties, name="household_duties"),
    path("personer/<int:pk>/tidslinje/", views.person_timeline, name="person_timeline"),
]
