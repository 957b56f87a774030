from django.contrib.auth import views as auth_views
from django.urls import path

from . import invitation_views, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("compte/double-authentification/", views.two_factor_view, name="two_factor"),
    path("compte/", views.profile_view, name="profile"),
    path("compte/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("compte/role/", views.switch_membership_view, name="switch_membership"),
    path("mot-de-passe-oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe-oublie/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitations/", invitation_views.invitation_list_view, name="invitations"),
    path("invitations/<int:pk>/annuler/", invitation_views.invitation_revoke_view, name="invitation_revoke"),
    path("invitation/<str:token>/", invitation_views.invitation_accept_view, name="invitation_accept"),
]
