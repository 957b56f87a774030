from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("avis/<str:key>/", views.evaluate_view, name="evaluate"),
    path("effectifs/<str:code>/", views.headcounts_view, name="headcounts"),
    path("<str:code>/", views.plan_view, name="plan"),
    path("<str:code>/bilan/", views.review_view, name="review"),
    path("<str:code>/bilan.pdf", views.review_pdf_view, name="review_pdf"),
    path("<str:code>/bilan.xlsx", views.review_xlsx_view, name="review_xlsx"),
    path("<str:code>/actions/ajouter/", views.action_add_view, name="action_add"),
    path("<str:code>/actions/<int:pk>/sessions/ajouter/", views.session_add_view, name="session_add"),
    path("<str:code>/sessions/<int:pk>/", views.session_view, name="session"),
    path("<str:code>/sessions/<int:pk>/inscrire/", views.register_view, name="register"),
    path("<str:code>/sessions/<int:pk>/presences/", views.attendance_view, name="attendance"),
    path("<str:code>/sessions/<int:pk>/convocations/", views.convene_view, name="convene"),
    path(
        "<str:code>/sessions/<int:pk>/attestations/<int:registration>/",
        views.certificate_view,
        name="certificate",
    ),
]
