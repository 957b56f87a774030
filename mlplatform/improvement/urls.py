from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path("<str:code>/", views.plan_view, name="plan"),
    path("<str:code>/xlsx/", views.plan_xlsx_view, name="xlsx"),
    path("<str:code>/pdf/", views.plan_pdf_view, name="pdf"),
    path("<str:code>/suivi/", views.region_view, name="region"),
    path("<str:code>/nouvelle/", views.create_view, name="create"),
    path("<str:code>/actions/<int:pk>/", views.detail_view, name="detail"),
    path("<str:code>/actions/<int:pk>/modifier/", views.edit_view, name="edit"),
    path("<str:code>/actions/<int:pk>/avancement/", views.note_view, name="note"),
]
