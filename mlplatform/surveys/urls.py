from django.urls import path

from . import public, views

app_name = "surveys"

urlpatterns = [
    path("", views.campaigns_view, name="campaigns"),
    path("nouvelle-campagne/", views.new_campaign_view, name="new_campaign"),
    path("nouveau-questionnaire/", views.new_questionnaire_view, name="new_questionnaire"),
    path(
        "nouveau-questionnaire/<int:pk>/nouvelle-version/",
        views.edit_questionnaire_view,
        name="edit_questionnaire",
    ),
    path("<slug:code>/", views.campaign_view, name="campaign"),
    path("<slug:code>/donnees-ouvertes.csv", views.opendata_view, name="opendata"),
    path("<slug:code>/resultats-national.xlsx", views.national_xlsx_view, name="national_xlsx"),
    path("<slug:code>/region/<str:region>/resultats.xlsx", views.regional_xlsx_view, name="regional_xlsx"),
    path("<slug:code>/<str:structure>/", views.results_view, name="results"),
    path("<slug:code>/<str:structure>/resultats.pdf", views.results_pdf_view, name="results_pdf"),
    path("<slug:code>/<str:structure>/resultats.xlsx", views.results_xlsx_view, name="results_xlsx"),
    path("<slug:code>/<str:structure>/affiche/<int:pk>/", views.poster_view, name="poster"),
    path("<slug:code>/<str:structure>/preuve/", views.attach_view, name="attach"),
    path("<slug:code>/<str:structure>/saisie-papier/", views.paper_view, name="paper"),
    path("<slug:code>/<str:structure>/invitations/", views.invitations_view, name="invitations"),
]

# The public answering pages (no account): config/urls.py mounts them under /q/.
public_urlpatterns = [
    path("<str:token>/", public.answer_view, name="answer"),
    path("i/<str:token>/", public.answer_invitation_view, name="answer_invitation"),
]
