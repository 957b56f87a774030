"""Form of the API token page. Every label and message is in French."""

from __future__ import annotations

from datetime import timedelta

from django import forms

from mlplatform.accounts.models import Membership

from .models import MAX_ACTIVE_TOKENS, ApiToken

VALIDITY_CHOICES = [
    ("30", "30 jours"),
    ("90", "90 jours"),
    ("365", "1 an"),
    ("", "Sans date d'expiration"),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour le reconnaître plus tard, par exemple : « tableau de bord régional ».",
    )
    validity = forms.ChoiceField(
        label="Durée de validité",
        choices=VALIDITY_CHOICES,
        initial="90",
        required=False,
        help_text="Un jeton qui expire limite les risques s'il est divulgué.",
    )

    def __init__(self, membership: Membership, *args, **kwargs) -> None:
        self.membership = membership
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Donnez un nom au jeton.")
        return name

    def clean(self):
        usable = ApiToken.objects.for_user(self.membership.user).usable().count()
        if usable >= MAX_ACTIVE_TOKENS:
            raise forms.ValidationError(
                f"Vous avez déjà {MAX_ACTIVE_TOKENS} jetons actifs : révoquez-en un avant d'en créer un "
                "autre."
            )
        return self.cleaned_data

    def validity_delta(self) -> timedelta | None:
        days = self.cleaned_data.get("validity")
        return timedelta(days=int(days)) if days else None

    def save(self) -> tuple[ApiToken, str]:
        return ApiToken.issue(
            membership=self.membership, name=self.cleaned_data["name"], validity=self.validity_delta()
        )
