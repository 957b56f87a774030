from django.urls import path

from . import token_views, views

app_name = "api"

urlpatterns = [
    # Pages for people (session sign-in, like the rest of the platform).
    path("", views.index_view, name="index"),
    path("jetons/", token_views.token_list_view, name="tokens"),
    path("jetons/<int:pk>/revoquer/", token_views.token_revoke_view, name="token_revoke"),
    # The API itself: token authentication only, JSON, GET only.
    path("v1/openapi.json", views.openapi_view, name="openapi"),
    path("v1/observatoire/annees/", views.years_view, name="observatory_years"),
    path("v1/observatoire/indicateurs/", views.indicators_view, name="observatory_indicators"),
    path("v1/observatoire/structures/", views.structures_indicators_view, name="observatory_structures"),
    path("v1/structures/", views.structures_view, name="structures"),
]
