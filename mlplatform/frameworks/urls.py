from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.framework_list_view, name="list"),
    path("<str:code>/comparer/", views.compare_view, name="compare"),
    path("<str:code>/<str:version>/", views.version_view, name="version"),
    path("<str:code>/<str:version>/preambule/", views.preamble_view, name="preamble"),
    path("<str:code>/<str:version>/parties/<str:number>/", views.part_view, name="part"),
    path("<str:code>/<str:version>/imprimer/", views.print_view, name="print"),
    path("<str:code>/<str:version>/pdf/", views.pdf_view, name="pdf"),
    path("<str:code>/<str:version>/xlsx/", views.xlsx_view, name="xlsx"),
]
