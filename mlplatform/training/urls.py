from django.urls import path

from . import edit_views, needs_views, own_plan_views, views

app_name = "training"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("avis/<str:key>/", views.evaluate_view, name="evaluate"),
    path("effectifs/<str:code>/", views.headcounts_view, name="headcounts"),
    path("plan-de-formation/<str:code>/", own_plan_views.own_plan_view, name="own_plan"),
    path("plan-de-formation/<str:code>/plan.pdf", own_plan_views.own_plan_pdf_view, name="own_plan_pdf"),
    path("plan-de-formation/<str:code>/ajouter/", own_plan_views.own_plan_add_view, name="own_plan_add"),
    path(
        "plan-de-formation/<str:code>/<int:pk>/modifier/",
        own_plan_views.own_plan_edit_view,
        name="own_plan_edit",
    ),
    path(
        "plan-de-formation/<str:code>/joindre/", own_plan_views.own_plan_attach_view, name="own_plan_attach"
    ),
    path("<str:code>/", views.plan_view, name="plan"),
    path("<str:code>/bilan/", views.review_view, name="review"),
    path("<str:code>/bilan.pdf", views.review_pdf_view, name="review_pdf"),
    path("<str:code>/bilan.xlsx", views.review_xlsx_view, name="review_xlsx"),
    path("<str:code>/besoins/", needs_views.needs_view, name="needs"),
    path("<str:code>/besoins/ouvrir/", needs_views.needs_open_view, name="needs_open"),
    path("<str:code>/besoins/<int:pk>/repondre/", needs_views.needs_answer_view, name="needs_answer"),
    path("<str:code>/besoins/<int:pk>/clore/", needs_views.needs_close_view, name="needs_close"),
    path("<str:code>/besoins/<int:pk>/synthese.xlsx", needs_views.needs_xlsx_view, name="needs_xlsx"),
    path("<str:code>/actions/ajouter/", views.action_add_view, name="action_add"),
    path("<str:code>/actions/<int:pk>/sessions/ajouter/", views.session_add_view, name="session_add"),
    path("<str:code>/actions/<int:pk>/modifier/", edit_views.action_edit_view, name="action_edit"),
    path("<str:code>/actions/<int:pk>/supprimer/", edit_views.action_delete_view, name="action_delete"),
    path("<str:code>/sessions/<int:pk>/", views.session_view, name="session"),
    path("<str:code>/sessions/<int:pk>/modifier/", edit_views.session_edit_view, name="session_edit"),
    path("<str:code>/sessions/<int:pk>/supprimer/", edit_views.session_delete_view, name="session_delete"),
    path(
        "<str:code>/sessions/<int:pk>/inscriptions/<int:registration>/annuler/",
        edit_views.cancel_view,
        name="cancel",
    ),
    path("<str:code>/sessions/<int:pk>/inscrire/", views.register_view, name="register"),
    path("<str:code>/sessions/<int:pk>/presences/", views.attendance_view, name="attendance"),
    path("<str:code>/sessions/<int:pk>/convocations/", views.convene_view, name="convene"),
    path(
        "<str:code>/sessions/<int:pk>/attestations/<int:registration>/",
        views.certificate_view,
        name="certificate",
    ),
]
