from django.urls import path

from . import public_views, views

app_name = "activity_reports"

REPORT = "<str:code>/<int:year>/edition-<int:edition>/"

urlpatterns = [
    path("", views.list_view, name="list"),
    path("creer/", views.create_view, name="create"),
    path("publies/", public_views.public_list_view, name="public_list"),
    path("publies/<str:code>/<int:year>/", public_views.public_latest_view, name="public_latest"),
    path(f"publies/{REPORT}", public_views.public_report_view, name="public_report"),
    path(f"publies/{REPORT}rapport.pdf", public_views.public_pdf_view, name="public_pdf"),
    path(REPORT, views.report_view, name="report"),
    path(f"{REPORT}sections/", views.sections_view, name="sections"),
    path(f"{REPORT}blocs/<int:pk>/", views.block_view, name="block"),
    path(f"{REPORT}etape/", views.transition_view, name="transition"),
    path(f"{REPORT}apercu.pdf", views.preview_pdf_view, name="preview_pdf"),
    path(f"{REPORT}preuve/", views.evidence_view, name="evidence"),
]
