from django.urls import path

from . import public, views

app_name = "observatory"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("completude/", views.completeness_view, name="completeness"),
    path("import/", views.upload_view, name="upload"),
    path("import/<int:pk>/", views.job_view, name="job"),
    path("import/<int:pk>/etat/", views.job_status_view, name="job_status"),
    path("<str:code>/<int:year>/", views.figures_view, name="figures"),
    path("<str:code>/<int:year>/comparaison/", views.comparison_view, name="comparison"),
    path("<str:code>/<int:year>/rapport.pdf", views.report_pdf_view, name="report_pdf"),
    path("<str:code>/<int:year>/indicateurs.xlsx", views.report_xlsx_view, name="report_xlsx"),
    path("<str:code>/<int:year>/donnees-ouvertes.csv", views.opendata_view, name="opendata"),
]

# The public open-data page and files (no account), mounted at /donnees-ouvertes/ as ``opendata:``.
public_urlpatterns = [
    path("", public.index_view, name="index"),
    path("<int:year>/<str:code>.csv", public.file_view, name="file"),
]
