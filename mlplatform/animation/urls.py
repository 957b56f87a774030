from django.urls import path

from . import evidence_views, record_views, views

app_name = "animation"

urlpatterns = [
    path("pratiques/", views.catalogue_view, name="catalogue"),
    path("pratiques/<int:pk>/fichier/", views.practice_file_view, name="practice_file"),
    path("pratiques/publier/", record_views.practice_publish_view, name="practice_publish"),
    path("pratiques/<int:pk>/modifier/", record_views.practice_edit_view, name="practice_edit"),
    path(
        "pratiques/<int:pk>/utiliser-comme-preuve/",
        evidence_views.practice_evidence_view,
        name="practice_evidence",
    ),
    path("<str:code>/", views.overview_view, name="overview"),
    path("<str:code>/journal/", views.journal_view, name="journal"),
    path("<str:code>/referents/annuaire/", record_views.directory_view, name="directory"),
    path("<str:code>/referents/annuaire.xlsx", record_views.directory_xlsx_view, name="directory_xlsx"),
    path("<str:code>/preuves/<slug:section>/", evidence_views.section_evidence_view, name="section_evidence"),
    path(
        "<str:code>/partenariats/<int:pk>/utiliser-comme-preuve/",
        evidence_views.partnership_evidence_view,
        name="partnership_evidence",
    ),
    path("<str:code>/partenariats/<int:pk>/evaluation/", record_views.evaluation_view, name="evaluation"),
    path("<str:code>/partenariats/<int:pk>/documents/", record_views.document_add_view, name="document_add"),
    path(
        "<str:code>/partenariats/<int:pk>/documents/<int:document>/",
        record_views.document_view,
        name="document",
    ),
    path(
        "<str:code>/partenariats/<int:pk>/documents/<int:document>/utiliser-comme-preuve/",
        record_views.document_evidence_view,
        name="document_evidence",
    ),
    path("<str:code>/reunions/ajouter/", views.meeting_add_view, name="meeting_add"),
    path("<str:code>/reunions/<int:pk>/", views.meeting_view, name="meeting"),
    path("<str:code>/reunions/<int:pk>/modifier/", views.meeting_edit_view, name="meeting_edit"),
    path("<str:code>/reunions/<int:pk>/compte-rendu/", views.meeting_minutes_view, name="meeting_minutes"),
    path(
        "<str:code>/reunions/<int:pk>/utiliser-comme-preuve/",
        views.meeting_evidence_view,
        name="meeting_evidence",
    ),
    # Last: events, referents and partnerships (records.KINDS), after the meetings' own paths.
    path("<str:code>/<slug:kind>/ajouter/", record_views.record_add_view, name="record_add"),
    path("<str:code>/<slug:kind>/<int:pk>/modifier/", record_views.record_edit_view, name="record_edit"),
]
