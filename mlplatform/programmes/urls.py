from django.urls import path

from . import version_views, views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("regional/nouveau/", views.create_prae, name="create"),
    path("<str:code>/", views.programme_overview, name="overview"),
    path("<str:code>/declinaisons/", views.declination_matrix, name="matrix"),
    path("<str:code>/actions/nouvelle/", views.add_action, name="add_action"),
    path("<str:code>/actions/<int:number>/", views.action_sheet, name="action"),
    path("<str:code>/actions/<int:number>/suivi/", views.follow_up, name="follow_up"),
    path("<str:code>/actions/<int:number>/modifier/", views.edit_action, name="edit_action"),
    path("<str:code>/actions/<int:number>/livrables/<int:pk>/", views.deliverable_view, name="deliverable"),
    path("<str:code>/actions/<int:number>/imprimer/", views.print_view, name="action_print"),
    path("<str:code>/actions/<int:number>/pdf/", views.pdf_view, name="action_pdf"),
    path("<str:code>/imprimer/", views.print_view, name="print"),
    path("<str:code>/pdf/", views.pdf_view, name="pdf"),
    path("<str:code>/actions.xlsx", views.xlsx_view, name="xlsx"),
    path("<str:code>/bilan/<int:year>/", views.review_view, name="review"),
    path("<str:code>/bilan/<int:year>/pdf/", version_views.review_pdf_view, name="review_pdf"),
    path("<str:code>/versions/", version_views.versions_view, name="versions"),
    path("<str:code>/journal/", version_views.journal_view, name="journal"),
    path("<str:code>/etats-des-lieux/", views.snapshots_view, name="snapshots"),
    path("<str:code>/etats-des-lieux/<int:pk>/", views.snapshot_view, name="snapshot"),
]
