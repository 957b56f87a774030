from django.urls import path

from . import answer_views, carryover_views, evidence_links, export_views, review_views, views

app_name = "assessments"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("campagnes/nouvelle/", views.campaign_create_view, name="campaign_create"),
    path("campagnes/<int:pk>/", review_views.campaign_view, name="campaign"),
    path("campagnes/<int:pk>/modifier/", views.campaign_edit_view, name="campaign_edit"),
    path("campagnes/<int:pk>/regions/<str:code>/", review_views.region_view, name="region"),
    path("campagnes/<int:pk>/reprise/", carryover_views.run_view, name="carryover_run"),
    path("reprises/<str:code>/", carryover_views.report_view, name="carryover_report"),
    path("<int:pk>/", views.assessment_view, name="assessment"),
    path("<int:pk>/resultats/", views.results_view, name="results"),
    path("<int:pk>/historique/", views.history_view, name="history"),
    path("<int:pk>/soumettre/", views.submit_view, name="submit"),
    path("<int:pk>/rouvrir/", views.reopen_view, name="reopen"),
    path("<int:pk>/pdf/", export_views.pdf_view, name="pdf"),
    path("<int:pk>/xlsx/", export_views.xlsx_view, name="xlsx"),
    path("<int:pk>/reprises/confirmer/", carryover_views.confirm_view, name="confirm_carried"),
    path(
        "<int:pk>/exigences/<int:requirement_pk>/reprise/preuves/",
        carryover_views.keep_evidence_view,
        name="keep_evidence",
    ),
    path("<int:pk>/exigences/<int:requirement_pk>/", answer_views.requirement_view, name="requirement"),
    path(
        "<int:pk>/exigences/<int:requirement_pk>/reponse/", answer_views.save_answer_view, name="save_answer"
    ),
    path("<int:pk>/exigences/<int:requirement_pk>/echanges/", answer_views.comment_view, name="comment"),
    path(
        "<int:pk>/exigences/<int:requirement_pk>/preuves/", evidence_links.attach_view, name="attach_evidence"
    ),
    path(
        "<int:pk>/exigences/<int:requirement_pk>/preuves/<int:link_pk>/detacher/",
        evidence_links.detach_view,
        name="detach_evidence",
    ),
]
