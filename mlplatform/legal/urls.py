from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("accessibilite/", views.accessibility_view, name="accessibility"),
    path("mentions-legales/", views.legal_notice_view, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data_view, name="personal_data"),
    path("contact/", views.contact_view, name="contact"),
    path("plan-du-site/", views.sitemap_view, name="sitemap"),
]
