from django.urls import path

from . import views

app_name = "intro"

urlpatterns = [
    path("", views.participant_list, name="participant_list"),
    path("personer/<int:pk>/", views.participant, name="participant"),
    path("personer/<int:pk>/rett/", views.case_edit, name="case_edit"),
    path("personer/<int:pk>/kartlegging/", views.assessment_edit, name="assessment_edit"),
    path("personer/<int:pk>/vedtak/<str:kind>/", views.decision_new, name="decision_new"),
    path("personer/<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("personer/<int:pk>/integreringsplan.pdf", views.plan_pdf, name="plan_pdf"),
    path("personer/<int:pk>/tiltak/", views.activity_new, name="activity_new"),
    path("personer/<int:pk>/trinn/", views.ladder_step, name="ladder_step"),
    path("personer/<int:pk>/ferie/", views.holiday_week, name="holiday_week"),
    path("personer/<int:pk>/permisjon/", views.leave_new, name="leave_new"),
    path("personer/<int:pk>/oppmote/<str:monday>/", views.attendance_week, name="attendance_week"),
    path("personer/<int:pk>/avslutning/", views.end_edit, name="end_edit"),
    path("personer/<int:pk>/nir.csv", views.nir_person, name="nir_person"),
    path("tiltak/<int:pk>/avslutt/", views.activity_end, name="activity_end"),
    path("vedtak/<int:pk>/brev.pdf", views.decision_letter, name="decision_letter"),
    path("nir.csv", views.nir_export, name="nir_export"),
    path("utbetaling/", views.payroll_index, name="payroll_index"),
    path("utbetaling/<int:municipality_pk>/<str:month>/", views.payroll_month, name="payroll_month"),
    path("utbetaling/<int:municipality_pk>/<str:month>.<str:fmt>", views.payroll_file, name="payroll_file"),
    path("resultater/", views.indicators, name="indicators"),
    path("regler/", views.rules_page, name="rules"),
]
