from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from mlplatform.audits import urls as audits_urls
from mlplatform.commission import urls as commission_urls
from mlplatform.label import urls as label_urls
from mlplatform.observatory import urls as observatory_urls
from mlplatform.surveys import urls as surveys_urls

admin.site.site_header = "Administration technique — plateforme label Missions Locales"

# The label cycle: three apps (the label file, the audits, the commission) under one namespace,
# ``label:``, so that the paths and names of the pages (bookmarks, e-mails) stayed as they were
# before the label app was split. Assembled here: label's URLs do not include the apps built on it.
label_cycle = [
    *label_urls.urlpatterns,
    path("audits/", include(audits_urls.urlpatterns)),
    path("commission/", include(commission_urls.urlpatterns)),
]

urlpatterns = [
    # The admin signs in through the platform's own sign-in (throttled, two-factor).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("", include("mlplatform.core.urls")),
    path("", include("mlplatform.accounts.urls")),
    path("", include("mlplatform.legal.urls")),
    path("reseau/", include("mlplatform.network.urls")),
    path("referentiels/", include("mlplatform.frameworks.urls")),
    path("preuves/", include("mlplatform.evidence.urls")),
    path("auto-evaluation/", include("mlplatform.assessments.urls")),
    path("plan-amelioration/", include("mlplatform.improvement.urls")),
    path("observatoire/", include("mlplatform.observatory.urls")),
    path("donnees-ouvertes/", include((observatory_urls.public_urlpatterns, "opendata"))),
    path("api/", include("mlplatform.api.urls")),
    path("programmes/", include("mlplatform.programmes.urls")),
    path("animation/", include("mlplatform.animation.urls")),
    path("formation/", include("mlplatform.training.urls")),
    path("rapports-activite/", include("mlplatform.activity_reports.urls")),
    path("labellisation/", include((label_cycle, "label"))),
    path("enquetes/", include("mlplatform.surveys.urls")),
    path("q/", include((surveys_urls.public_urlpatterns, "surveys_public"))),
]
