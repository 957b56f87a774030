from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Administration technique — plateforme label Missions Locales"

urlpatterns = [
    # The admin signs in through the platform's own sign-in (throttled, two-factor).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("", include("mlplatform.core.urls")),
    path("", include("mlplatform.accounts.urls")),
    path("reseau/", include("mlplatform.network.urls")),
    path("referentiels/", include("mlplatform.frameworks.urls")),
    path("preuves/", include("mlplatform.evidence.urls")),
    path("auto-evaluation/", include("mlplatform.assessments.urls")),
    path("plan-amelioration/", include("mlplatform.improvement.urls")),
    path("observatoire/", include("mlplatform.observatory.urls")),
    path("api/", include("mlplatform.api.urls")),
    path("labellisation/", include("mlplatform.label.urls")),
]
