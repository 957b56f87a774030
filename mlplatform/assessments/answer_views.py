"""Saving one answer (HTMX or plain form), and the page of one requirement: history, evidence, comments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import services
from .access import can_contribute, get_assessment, get_requirement, require_contributor
from .evidence_links import full_context
from .forms import CommentForm
from .grid import answer_form, part_url, summary_after_save
from .models import Answer, AnswerChange, RequirementComment


def _anchor(assessment, requirement) -> str:
    """The requirement on the answering page: its part, scrolled to it."""
    return part_url(assessment, requirement.commitment.part.number, f"exigence-{requirement.pk}")


@require_POST
def save_answer_view(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    require_contributor(request, assessment)
    htmx = bool(request.headers.get("HX-Request"))
    try:
        requirement = services.check_requirement(assessment, requirement_pk)
    except services.AssessmentRefused as refusal:
        return _refused(request, assessment, None, refusal.message, status=404, htmx=htmx)
    current = Answer.objects.filter(assessment=assessment, requirement=requirement).first()
    form = answer_form(assessment, requirement, current, data=request.POST)
    if not form.is_valid():
        if (
            htmx
            and set(form.errors) == {"justification"}
            and not form.data.get(f"r{requirement.pk}-justification")
        ):
            # « Non applicable » just chosen: the justification field has only now appeared.
            return render(request, "assessments/_justification_asked.html", status=422)
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _refused(request, assessment, requirement, message, status=422, htmx=htmx)
    # "Keep mine" after a conflict re-sends the form with the version the person has now seen.
    expected = request.POST.get(f"r{requirement.pk}-force_version") or form.cleaned_data["version"]
    try:
        answer = services.save_answer(
            assessment, requirement, form.answer_input(), expected_version=int(expected), user=request.user
        )
    except services.StaleAnswer as stale:
        return _conflict(request, assessment, requirement, form, stale.current, htmx=htmx)
    except services.AssessmentRefused as refusal:
        return _refused(request, assessment, requirement, refusal.message, status=409, htmx=htmx)
    if not htmx:
        messages.success(request, f"Réponse à l'exigence {requirement.ref} enregistrée.")
        return redirect(_anchor(assessment, requirement))
    scores, following = summary_after_save(assessment, requirement)
    context = {
        "assessment": assessment,
        "requirement": requirement,
        "answer": answer,
        "scores": scores,
        "next_missing": following,
        "current_part": requirement.commitment.part.number,
    }
    return render(request, "assessments/_saved.html", context)


def _refused(request, assessment, requirement, message: str, *, status: int, htmx: bool) -> HttpResponse:
    if not htmx:
        messages.error(request, message)
        if requirement is None:
            return redirect("assessments:assessment", pk=assessment.pk)
        return redirect(_anchor(assessment, requirement))
    context = {"message": message, "requirement": requirement}
    return render(request, "assessments/_refused.html", context, status=status)


def _conflict(request, assessment, requirement, form, current: Answer | None, *, htmx: bool) -> HttpResponse:
    context = {
        "assessment": assessment,
        "requirement": requirement,
        "current": current,
        "mine": form.answer_input().snapshot(),
        "labels": {level["value"]: level["label"] for level in assessment.framework_version.rating_scale},
        "form": form,
    }
    status = 409
    if htmx:
        return render(request, "assessments/_conflict.html", context, status=status)
    # Without JavaScript: the requirement's page shows both versions, the typed text kept in the form.
    return render(request, "assessments/conflict.html", context, status=status)


def requirement_view(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    requirement = get_requirement(assessment, requirement_pk)
    answer = (
        Answer.objects.filter(assessment=assessment, requirement=requirement)
        .select_related("updated_by")
        .first()
    )
    changes = (
        AnswerChange.objects.filter(answer=answer).select_related("user")[:50] if answer is not None else []
    )
    comments = RequirementComment.objects.filter(
        assessment=assessment, requirement=requirement
    ).select_related("author", "author_structure")
    contributor = can_contribute(request, assessment)
    editable = contributor and assessment.is_editable
    context = {
        "assessment": assessment,
        "requirement": requirement,
        "answer": answer,
        "form": answer_form(assessment, requirement, answer) if editable else None,
        "changes": changes,
        "comments": comments,
        "comment_form": CommentForm() if services.can_comment(request.membership, assessment) else None,
        "labels": {level["value"]: level["label"] for level in assessment.framework_version.rating_scale},
        "contributor": contributor,
        "editable": editable,
        **full_context(assessment, requirement, editable),
        "actions": _actions(assessment, requirement),
    }
    return render(request, "assessments/requirement.html", context)


@require_POST
def comment_view(request: HttpRequest, pk: int, requirement_pk: int) -> HttpResponse:
    assessment = get_assessment(request, pk)
    requirement = get_requirement(assessment, requirement_pk)
    if not services.can_comment(request.membership, assessment):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(assessment, requirement, request.membership, form.cleaned_data["text"])
        messages.success(request, "Message ajouté.")
    else:
        messages.error(
            request, "Le message est vide ou trop long (5 000 caractères au plus) : rien n'a été ajouté."
        )
    url = reverse("assessments:requirement", kwargs={"pk": assessment.pk, "requirement_pk": requirement.pk})
    return redirect(url + "#echanges")


def _actions(assessment, requirement) -> list:
    from mlplatform.improvement.models import ImprovementAction

    return list(
        ImprovementAction.objects.filter(structure=assessment.structure, requirements=requirement)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
