from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/indikatorer/", views.indicators, name="indicators"),
    path("<int:pk>/tall/", views.figures, name="figures"),
    path("<int:pk>/eksport.xlsx", views.export, name="export"),
    path("<int:pk>/revider/", views.revise, name="revise"),
    path("<int:pk>/kapittel/<int:chapter_pk>/nytt-tiltak/", views.measure_add, name="measure_add"),
    path("<int:pk>/mal/<int:goal_pk>/maltall/", views.target_edit, name="target_edit"),
    path("<int:pk>/rapporter/", views.report_list, name="report_list"),
    path("<int:pk>/rapporter/<int:year>/", views.report, name="report"),
    path("<int:pk>/rapporter/<int:year>/sammendrag/", views.report_summary, name="report_summary"),
    path("<int:pk>/rapporter/<int:year>/sektortekst/", views.report_text, name="report_text"),
    path("<int:pk>/rapporter/<int:year>/send/", views.report_issue, name="report_issue"),
    path("<int:pk>/rapporter/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/rapporter/<int:year>/pdf/lag/", views.report_pdf_make, name="report_pdf_make"),
    path("<int:pk>/rapporter/<int:year>/pdf/jobb/<int:job>/", views.report_pdf_job, name="report_pdf_job"),
    path(
        "<int:pk>/rapporter/<int:year>/pdf/jobb/<int:job>/last-ned/",
        views.report_pdf_download,
        name="report_pdf_download",
    ),
    path("tiltak/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("tiltak/<int:pk>/endre/", views.measure_edit, name="measure_edit"),
    path("tiltak/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("tiltak/<int:pk>/notat/", views.measure_note, name="measure_note"),
    path("tiltak/<int:pk>/lenke/", views.measure_link, name="measure_link"),
]
