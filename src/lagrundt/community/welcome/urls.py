from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="welcome_index"),
    path("brev/ny/", views.template_edit, name="welcome_template_new"),
    path("brev/<int:pk>/", views.template_edit, name="welcome_template_edit"),
    path("mote/ny/", views.meeting_new, name="welcome_meeting_new"),
    path("mote/<int:pk>/", views.meeting_detail, name="welcome_meeting"),
    path("mote/<int:pk>/oppmote/", views.meeting_attendance, name="welcome_meeting_attendance"),
    path("person/<int:pk>/", views.person_welcome, name="welcome_person"),
    path("person/<int:pk>/brev.pdf", views.letter_pdf, name="welcome_letter_pdf"),
    path("person/<int:pk>/sendt/", views.letter_sent, name="welcome_letter_sent"),
]
