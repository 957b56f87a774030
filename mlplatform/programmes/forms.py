"""Forms of the programmes: a PRAE, a declination or a regional action, and the follow-up."""

from __future__ import annotations

from django import forms

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.observatory.indicators import INDICATORS

from .enums import ActionStatus, MilestoneStatus, Territory

YEAR_ERRORS = {"required": "Indiquez l'année.", "invalid": "Indiquez une année, par exemple 2019."}


class PraeForm(forms.Form):
    start_year = forms.IntegerField(
        label="Première année", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    end_year = forms.IntegerField(
        label="Dernière année", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )
    year = forms.IntegerField(
        label="Année de la première version",
        min_value=2000,
        max_value=2100,
        error_messages=YEAR_ERRORS,
        help_text="« N+1 se prépare durant N » : l'année que cette version couvre.",
    )


class DeclineForm(forms.Form):
    national_action = forms.TypedChoiceField(
        label="Action nationale déclinée", coerce=int, error_messages={"required": "Choisissez une action."}
    )
    adaptation = forms.CharField(
        label="Comment la région la décline",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Dites comment la région décline cette action."},
    )

    def __init__(self, *args, actions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["national_action"].choices = [("", "—")] + [
            (a.number, f"{a.number}. {a.title}") for a in actions
        ]


class RegionalActionForm(forms.Form):
    title = forms.CharField(
        label="Objectif",
        max_length=400,
        error_messages={"required": "L'objectif de l'action est obligatoire."},
    )
    context = forms.CharField(
        label="Contexte", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False
    )


class FollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Statut", choices=ActionStatus.choices)
    progress = forms.IntegerField(
        label="Avancement (%)",
        min_value=0,
        max_value=100,
        help_text="De 0 à 100. Une action réalisée passe à 100 %.",
        error_messages={
            "required": "Indiquez l'avancement.",
            "invalid": "L'avancement est un nombre de 0 à 100.",
            "min_value": "L'avancement est un nombre de 0 à 100.",
            "max_value": "L'avancement est un nombre de 0 à 100.",
        },
    )
    comment = forms.CharField(
        label="Commentaire (facultatif)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class IndicatorForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    label = forms.CharField(
        label="Indicateur", max_length=200, error_messages={"required": "Nommez l'indicateur."}
    )
    unit = forms.CharField(label="Unité", max_length=40, required=False)
    observatory_code = forms.ChoiceField(
        label="Relier à un indicateur de l'observatoire",
        required=False,
        choices=[("", "Non : valeur réalisée saisie à la main")] + [(d.code, d.label) for d in INDICATORS],
        help_text="Relié, le réalisé de chaque année vient des chiffres de l'observatoire du périmètre "
        "de la structure porteuse.",
    )


DECIMAL_ERRORS = {"invalid": "Indiquez un nombre, par exemple 120 ou 12,5."}


class IndicatorValueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    indicator = forms.TypedChoiceField(label="Indicateur", coerce=int)
    year = forms.IntegerField(label="Année", error_messages=YEAR_ERRORS)
    target = forms.DecimalField(
        label="Cible",
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages=DECIMAL_ERRORS,
    )
    actual = forms.DecimalField(
        label="Réalisé",
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages=DECIMAL_ERRORS,
        help_text="Laissé vide pour un indicateur relié à l'observatoire.",
    )

    def __init__(self, *args, indicators=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, i.label) for i in indicators]


class MilestoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label="Jalon", max_length=200, error_messages={"required": "Nommez le jalon."})
    due_on = forms.DateField(
        label="Échéance",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez l'échéance.", "invalid": "Date invalide (jj/mm/aaaa)."},
    )


class MilestoneStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    milestone = forms.TypedChoiceField(label="Jalon", coerce=int)
    status = forms.ChoiceField(label="Nouveau statut", choices=MilestoneStatus.choices)

    def __init__(self, *args, milestones=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [(m.pk, m.title) for m in milestones]


class BudgetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label="Année", error_messages=YEAR_ERRORS)
    funder = forms.CharField(
        label="Financeur",
        max_length=120,
        help_text="Par exemple : État (DGEFP), conseil régional, fonds européens.",
        error_messages={"required": "Indiquez le financeur."},
    )
    planned = forms.DecimalField(
        label="Prévu (€)",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        localize=True,
        error_messages={**DECIMAL_ERRORS, "required": "Indiquez le montant prévu."},
    )
    spent = forms.DecimalField(
        label="Dépensé (€)", required=False, max_digits=12, decimal_places=2, min_value=0, localize=True,
        error_messages=DECIMAL_ERRORS,
    )  # fmt: skip
    fte = forms.DecimalField(
        label="Équivalents temps plein (ETP)", required=False, max_digits=6, decimal_places=2, min_value=0,
        localize=True, error_messages=DECIMAL_ERRORS,
    )  # fmt: skip


REVIEW_WIDGET = forms.Textarea(attrs={"rows": 3})


class ReviewTextsForm(forms.Form):
    results = forms.CharField(label="Résultats au regard des objectifs", widget=REVIEW_WIDGET, required=False)
    highlights = forms.CharField(label="Temps forts", widget=REVIEW_WIDGET, required=False)
    animation_figures = forms.CharField(
        label="Chiffres de l'animation",
        widget=REVIEW_WIDGET,
        required=False,
        help_text="Réunions, participants, Missions Locales impliquées…",
    )
    outlook = forms.CharField(
        label="Perspectives pour l'année suivante", widget=REVIEW_WIDGET, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if not any(
            (cleaned.get(key) or "").strip()
            for key in ("results", "highlights", "animation_figures", "outlook")
        ):
            raise forms.ValidationError("Le bilan est vide : remplissez au moins une rubrique.")
        return cleaned


class ActionReviewForm(ReviewTextsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label="Année du bilan", error_messages=YEAR_ERRORS)

    field_order = ["version", "year"]


class ProgrammeReviewForm(ReviewTextsForm):
    review_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SnapshotForm(forms.Form):
    label = forms.CharField(
        label="Occasion",
        max_length=200,
        help_text="Par exemple : Conférence des présidents et présidentes des ARML du 12 juin.",
        error_messages={"required": "Indiquez l'occasion de cet état des lieux."},
    )


class DeliverableForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(
        label="Intitulé du livrable",
        max_length=200,
        error_messages={"required": "Donnez un intitulé au livrable."},
    )
    file = forms.FileField(
        label="Fichier",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )

    def __init__(self, *args, rules=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if rules is not None:
            self.fields["file"].help_text = rules.summary
            self.fields["file"].widget.attrs["accept"] = rules.accept


class ReferentsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    armls = forms.ModelMultipleChoiceField(
        label="ARML référentes",
        queryset=Structure.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Elles pourront mettre à jour le suivi de cette action nationale.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["armls"].queryset = Structure.objects.filter(type=StructureType.ARML).order_by(
            "name", "pk"
        )


LINES_HELP = "Un paragraphe par ligne ; « • » en début de ligne pour un élément de liste."
NAMES_HELP = "Un nom par ligne."
TRI_STATE_CHOICES = [("", "Non précisé"), ("oui", "Oui"), ("non", "Non")]


def _lines_field(label: str, help_text: str = LINES_HELP, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _tri_state(value: str) -> bool | None:
    return {"oui": True, "non": False}.get(value)


class SheetForm(forms.Form):
    """The fields of a regional action sheet, in the seed's order (``sheets.py`` stores them)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(
        label="Objectif",
        max_length=400,
        error_messages={"required": "L'objectif de l'action est obligatoire."},
    )
    context = _lines_field("Contexte")
    stakes = _lines_field("Enjeux et attentes")
    description = _lines_field(
        "Description des actions",
        "Une sous-action par ligne, numérotées dans cet ordre ; une sous-action inchangée garde sa "
        "méthodologie et son format.",
    )
    capitalisation = forms.TypedChoiceField(
        label="Capitalisation", choices=TRI_STATE_CHOICES, coerce=_tri_state, empty_value=None, required=False
    )
    essaimage = forms.TypedChoiceField(
        label="Essaimage", choices=TRI_STATE_CHOICES, coerce=_tri_state, empty_value=None, required=False
    )
    lead = _lines_field("Animation", NAMES_HELP, rows=2)
    co_lead = _lines_field("Co-animation", NAMES_HELP, rows=2)
    referent_armls = _lines_field("La/les ARML référentes", rows=2)
    concerned_armls = _lines_field("La/les ARML concernées", rows=2)
    actors = _lines_field("Les acteurs concernés et/ou impliqués", rows=3)
    territorial_dimension = forms.MultipleChoiceField(
        label="La dimension territoriale",
        choices=Territory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territorial_text = _lines_field("La dimension territoriale : précisions", rows=2)

    def __init__(self, *args, years=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for year in years:
            self.fields[f"calendar_{year}"] = _lines_field(f"Calendrier prévisionnel {year}", rows=3)


class NextVersionForm(forms.Form):
    """Prepare the next yearly version; ``from_year`` is the latest version the person saw."""

    from_year = forms.IntegerField(widget=forms.HiddenInput)


class AdoptionForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Version", coerce=int, error_messages={"required": "Choisissez la version adoptée."}
    )
    adopted_by = forms.CharField(
        label="Adoptée par",
        max_length=300,
        help_text="Par exemple : le comité de pilotage régional.",
        error_messages={"required": "Indiquez l'instance qui a adopté la version."},
    )
    adopted_on = forms.DateField(
        label="Adoptée le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date d'adoption.", "invalid": "Date invalide (jj/mm/aaaa)."},
    )

    def __init__(self, *args, drafts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(v.year, f"Version {v.year}") for v in drafts]
