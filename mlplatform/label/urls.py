from django.urls import include, path

app_name = "label"

urlpatterns = [
    path("", include("mlplatform.label.file_urls")),
    path("audits/", include("mlplatform.label.audit_urls")),
    path("commission/", include("mlplatform.label.commission_urls")),
]
