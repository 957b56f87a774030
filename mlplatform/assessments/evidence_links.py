"""Evidence supporting a requirement: pick from the structure's library, upload or link, detach.

The library itself (checks on files, versions, downloads) is the evidence application's; this
module only attaches its items to the requirements of an assessment.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from mlplatform.core.french import counted
from mlplatform.evidence import services as evidence_services
from mlplatform.evidence.models import Evidence
from mlplatform.frameworks.diff import pair_versions

from . import services
from .access import get_assessment, get_requirement, require_contributor
from .models import AnswerEvidence, Assessment
from .results import commitment_number, previous_assessment


class UploadForm(forms.Form):
    title = forms.CharField(label="Titre de la preuve", max_length=200)
    file = forms.FileField(label="Fichier")


class LinkForm(forms.Form):
    title = forms.CharField(label="Titre du lien", max_length=200)
    url = forms.URLField(label="Adresse (https://…)", max_length=2000, assume_scheme="https")


def requirement_evidence(assessment: Assessment, requirement_pk: int) -> list[AnswerEvidence]:
    return list(
        AnswerEvidence.objects.filter(assessment=assessment, requirement_id=requirement_pk)
        .select_related("evidence__current_file", "added_by")
        .order_by("added_at", "pk")
    )


def library_choices(assessment: Assessment, exclude: set[int]) -> list[Evidence]:
    return list(
        Evidence.objects.filter(structure=assessment.structure, archived=False)
        .exclude(pk__in=exclude)
        .select_related("current_file")
        .order_by("title", "pk")
    )


def previous_suggestions(assessment: Assessment, requirement, exclude: set[int]) -> list[Evidence]:
    """Evidence that supported the same requirement in the structure's previous campaign (on another
    version of the framework: its counterpart, as ``frameworks.diff.pair_versions`` pairs them)."""
    previous = previous_assessment(assessment)
    if previous is None:
        return []
    links = AnswerEvidence.objects.filter(assessment=previous, evidence__archived=False).select_related(
        "requirement", "evidence__current_file"
    )
    if previous.framework_version_id != assessment.framework_version_id:
        pairing = pair_versions(previous.framework_version, assessment.framework_version)
        sources = set(pairing.sources.get(requirement.pk, []))
        return [
            link.evidence
            for link in links
            if link.requirement_id in sources and link.evidence_id not in exclude
        ]
    number = requirement_number(requirement)
    return [
        link.evidence
        for link in links
        if requirement_number(link.requirement) == number and link.evidence_id not in exclude
    ]


def requirement_number(requirement) -> str:
    """The requirement's number without its framework prefix (``ML-2022-1.1.2`` gives ``1.1.2``)."""
    return requirement.ref.rsplit("-", 1)[-1]


def full_context(assessment: Assessment, requirement, editable: bool) -> dict:
    linked = requirement_evidence(assessment, requirement.pk)
    linked_ids = {link.evidence_id for link in linked}
    return {
        "linked_evidence": linked,
        "library": library_choices(assessment, linked_ids) if editable else [],
        "suggestions": previous_suggestions(assessment, requirement, linked_ids) if editable else [],
        "upload_form": UploadForm(prefix="upload") if editable else None,
        "link_form": LinkForm(prefix="link") if editable else None,
        "commitment_number": commitment_number(requirement.commitment),
    }


def _back(assessment: Assessment, requirement) -> HttpResponse:
    url = reverse("assessments:requirement", kwargs={"pk": assessment.pk, "requirement_pk": requirement.pk})
    return redirect(url + "#preuves")


def _editable(request: HttpRequest, pk: int, requirement_pk: int):
    assessment = get_assessment(request, pk)
    require_contributor(request, assessment)
    requirement = get_requirement(assessment, requirement_pk)
    services.check_editable(assessment)
    return assessment, requirement


@require_POST
def attach_view(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    """Attach pieces chosen in the library, or a new file, or a new link."""
    assessment = get_assessment(request, pk)
    require_contributor(request, assessment)
    requirement = get_requirement(assessment, requirement_pk)
    try:
        services.check_editable(assessment)
        action = request.POST.get("action")
        if action == "library":
            ids = [int(value) for value in request.POST.getlist("evidence") if value.isdigit()]
            chosen = list(Evidence.objects.filter(structure=assessment.structure, archived=False, pk__in=ids))
            if not chosen or len(chosen) != len(set(ids)):
                raise services.AssessmentRefused("Choisissez une ou plusieurs preuves de la bibliothèque.")
            _link(assessment, requirement, chosen, request.user)
            messages.success(
                request,
                f"{counted(len(chosen), 'preuve rattachée', 'preuves rattachées')} "
                f"à l'exigence {requirement.ref}.",
            )
        elif action == "upload":
            form = UploadForm(request.POST, request.FILES, prefix="upload")
            if not form.is_valid():
                raise services.AssessmentRefused(_form_errors(form))
            with transaction.atomic():
                evidence = evidence_services.add_file(
                    assessment.structure,
                    form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    user=request.user,
                )
                _link(assessment, requirement, [evidence], request.user)
            messages.success(request, f"Fichier « {evidence.title} » ajouté à la bibliothèque et rattaché.")
        elif action == "link":
            form = LinkForm(request.POST, prefix="link")
            if not form.is_valid():
                raise services.AssessmentRefused(_form_errors(form))
            with transaction.atomic():
                evidence = evidence_services.add_link(
                    assessment.structure,
                    url=form.cleaned_data["url"],
                    title=form.cleaned_data["title"],
                    user=request.user,
                )
                _link(assessment, requirement, [evidence], request.user)
            messages.success(request, f"Lien « {evidence.title} » ajouté à la bibliothèque et rattaché.")
        else:
            raise services.AssessmentRefused("Action inconnue : rien n'a été modifié.")
    except evidence_services.DuplicateEvidence as duplicate:
        messages.error(
            request,
            " ".join(duplicate.messages)
            + f" Choisissez « {duplicate.existing.title} » dans la bibliothèque ci-dessous "
            "pour la rattacher.",
        )
    except evidence_services.EvidenceRefused as refusal:
        messages.error(request, " ".join(refusal.messages) + " Rien n'a été enregistré.")
    except services.AssessmentRefused as refusal:
        messages.error(request, refusal.message)
    return _back(assessment, requirement)


@require_POST
def detach_view(request: HttpRequest, pk: int, requirement_pk: int, link_pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    require_contributor(request, assessment)
    requirement = get_requirement(assessment, requirement_pk)
    try:
        services.check_editable(assessment)
    except services.AssessmentRefused as refusal:
        messages.error(request, refusal.message)
        return _back(assessment, requirement)
    deleted, _ = AnswerEvidence.objects.filter(
        pk=link_pk, assessment=assessment, requirement=requirement
    ).delete()
    if deleted:
        messages.success(request, "Preuve détachée de l'exigence (elle reste dans la bibliothèque).")
    else:
        messages.info(request, "Cette preuve n'était déjà plus rattachée.")
    return _back(assessment, requirement)


def _link(assessment: Assessment, requirement, evidence: list[Evidence], user) -> None:
    existing = set(
        AnswerEvidence.objects.filter(assessment=assessment, requirement=requirement).values_list(
            "evidence_id", flat=True
        )
    )
    AnswerEvidence.objects.bulk_create(
        [
            AnswerEvidence(assessment=assessment, requirement=requirement, evidence=item, added_by=user)
            for item in evidence
            if item.pk not in existing
        ]
    )


def _form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label} : {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    )


def requirements_using(request: HttpRequest, evidence: Evidence) -> str:
    """The evidence page's section: which requirements of which self-assessments it supports."""
    from django.template.loader import render_to_string

    links = (
        AnswerEvidence.objects.for_user(request.user)
        .filter(evidence=evidence)
        .select_related("assessment__campaign", "requirement")
        .order_by("-assessment__campaign__opens_on", "requirement__position")
    )
    return render_to_string("assessments/_evidence_usage.html", {"links": list(links)}, request=request)
