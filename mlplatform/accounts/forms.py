"""Forms of the accounts pages. Every label and message is in French."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest

from mlplatform.network.models import Structure

from .enums import Role
from .models import Membership, User, role_fits_structure
from .throttle import client_ip, is_throttled, record_attempt


class EmailLoginForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "throttled": (
            "Trop de tentatives de connexion infructueuses. Pour votre sécurité, réessayez dans "
            "quelques minutes ou réinitialisez votre mot de passe."
        ),
    }

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        self.user_cache: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = (self.cleaned_data.get("email") or "").lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        ip = client_ip(self.request)
        if is_throttled(email, ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        self.user_cache = authenticate(self.request, email=email, password=password)
        record_attempt(email, ip, succeeded=self.user_cache is not None)
        if self.user_cache is None:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data

    def get_user(self) -> User | None:
        return self.user_cache


class TotpForm(forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
        help_text=(
            "Le code affiché par votre application d'authentification (il change toutes les 30 secondes)."
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        return token


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone"]


class MembershipSwitchForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=Membership.objects.none(), label="Rôle en cours")

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = user.memberships.active().select_related("structure")


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    structure = forms.ModelChoiceField(queryset=Structure.objects.none(), label="Structure")
    role = forms.ChoiceField(label="Rôle", choices=())

    def __init__(self, membership: Membership, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["structure"].queryset = (
            Structure.objects.for_user(user).open().order_by("type", "sort_name")
        )
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value in membership.invitable_roles
        ]

    def clean(self):
        data = super().clean()
        structure, role, email = data.get("structure"), data.get("role"), data.get("email")
        if structure and role and not role_fits_structure(role, structure):
            self.add_error(
                "role",
                f"Le rôle « {Role(role).label} » ne peut pas être tenu dans une structure de type "
                f"{structure.get_type_display()}.",
            )
        if (
            structure
            and role
            and email
            and Membership.objects.filter(
                user__email=email.lower(), structure=structure, role=role, is_active=True
            ).exists()
        ):
            self.add_error("email", "Cette personne tient déjà ce rôle dans cette structure.")
        return data


class AcceptInvitationForm(forms.Form):
    """For a person without an account: choose a name and a password."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères, ni trop courant ni uniquement des chiffres.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, email: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif p1:
            user = User(
                email=self.email, first_name=data.get("first_name", ""), last_name=data.get("last_name", "")
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
