"""Sign-in, second factor, profile and switching the current role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from mlplatform.core.french import as_role, le
from mlplatform.core.mail import notify

from . import twofactor
from .forms import EmailLoginForm, MembershipSwitchForm, ProfileForm, TotpForm


def _safe_next(request: HttpRequest, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = EmailLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        if user.requires_two_factor():
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': _safe_next(request)})}")
        return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code, or set up the authenticator first if the person has none yet."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    device = twofactor.confirmed_device(user)
    setting_up = device is None
    if setting_up:
        device = twofactor.pending_device(user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, device, form.cleaned_data["token"]):
            if setting_up:
                messages.success(request, "La double authentification est activée sur votre compte.")
            return redirect(_safe_next(request))
        form.add_error(
            "token",
            "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et saisissez le code affiché "
            "(après plusieurs erreurs, patientez quelques secondes entre deux essais).",
        )
    context = {"form": form, "setting_up": setting_up, "next": request.GET.get("next", "")}
    if setting_up:
        context.update(qr_svg=twofactor.qr_svg(device), secret=twofactor.secret_for_display(device))
    return render(request, "accounts/two_factor.html", context)


def profile_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre profil est enregistré.")
        return redirect("accounts:profile")
    memberships = user.memberships.active().select_related("structure").order_by("structure__sort_name")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "has_two_factor": twofactor.confirmed_device(user) is not None,
            "requires_two_factor": user.requires_two_factor(),
        },
    )


@require_POST
def switch_membership_view(request: HttpRequest) -> HttpResponse:
    form = MembershipSwitchForm(request.user, request.POST)
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        request.user.current_membership = membership
        request.user.save(update_fields=["current_membership"])
        messages.success(
            request,
            f"Vous agissez maintenant {as_role(membership.get_role_display())} "
            f"pour {le(membership.structure)}.",
        )
    else:
        messages.error(request, "Ce rôle n'est pas l'un des vôtres.")
    return redirect("core:home")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, "Votre mot de passe est modifié.")
        return super().form_valid(form)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, its e-mail sent like every other one: queued, by the background worker."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        notify([to_email], subject, email_template_name, context)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
