from django.urls import path

from . import public, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("ny/", views.survey_create, name="survey_create"),
    path("<int:pk>/", views.survey_detail, name="survey_detail"),
    path("<int:pk>/endre/", views.survey_edit, name="survey_edit"),
    path("<int:pk>/tekster/", views.survey_texts, name="survey_texts"),
    path("<int:pk>/apne/", views.survey_open, name="survey_open"),
    path("<int:pk>/lukk/", views.survey_close, name="survey_close"),
    path("<int:pk>/sporsmal/ny/", views.question_create, name="question_create"),
    path("<int:pk>/sporsmal/<int:question>/", views.question_edit, name="question_edit"),
    path("<int:pk>/sporsmal/<int:question>/slett/", views.question_delete, name="question_delete"),
    path("<int:pk>/koder/", views.codes_make, name="codes_make"),
    path("<int:pk>/resultater/", views.results, name="results"),
    path("<int:pk>/resultater.pdf", views.results_pdf, name="results_pdf"),
    # Answered without logging in: the printed code typed in, or the one-time link on the slip.
    path("svar/", public.code_entry, name="code_entry"),
    path("svar/takk/", public.thanks, name="thanks"),
    path("svar/<str:code>/", public.answer, name="answer"),
]
