"""The yearly review (« bilan ») of actions and programmes, the national bilan gathering the
regional ones, and the review snapshots (« état des lieux » at a date, kept as it was).

``programme_review(version, year)`` is the read API the annual activity report can use.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from mlplatform.core.french import counted

from .enums import ActionStatus, MilestoneStatus
from .models import Action, Indicator, Programme, ProgrammeVersion, Review, Snapshot
from .services import StaleEdit, _bump, _log, actual_values, log_programme

REVIEW_FIELDS = ("results", "highlights", "animation_figures", "outlook")


@transaction.atomic
def save_programme_review(
    programme: Programme, *, year: int, expected_version: int | None, user: Any = None, **texts: str
) -> Review:
    """The programme's bilan of ``year``: created, or updated only if unchanged since it was read
    (logged in the programme's journal)."""
    values = {key: (texts.get(key) or "").strip() for key in REVIEW_FIELDS}
    existing = Review.objects.filter(programme=programme, action__isnull=True, year=year).first()
    if existing is None:
        if expected_version not in (None, 0):
            raise StaleEdit
        try:
            with transaction.atomic():
                review = Review.objects.create(programme=programme, year=year, **values)
        except IntegrityError as error:  # created meanwhile by someone else
            raise StaleEdit from error
        log_programme(programme, user, f"Bilan {year} du programme rédigé.")
        return review
    updated = Review.objects.filter(pk=existing.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit
    existing.refresh_from_db()
    log_programme(programme, user, f"Bilan {year} du programme modifié.")
    return existing


@transaction.atomic
def save_action_review(
    action: Action, *, user: Any, expected_version: int, year: int, **texts: str
) -> Review:
    """An action's bilan of ``year`` (checked against the action's version, logged in its journal)."""
    _bump(action, expected_version)
    values = {key: (texts.get(key) or "").strip() for key in REVIEW_FIELDS}
    review, created = Review.objects.update_or_create(
        programme=action.programme_version.programme, action=action, year=year, defaults=values
    )
    _log(action, user, f"Bilan {year} {'rédigé' if created else 'modifié'}.")
    return review


def programme_review(version: ProgrammeVersion, year: int) -> dict[str, Any]:
    """The bilan of a programme for a year: each action's state, indicators (target and actual of the
    year) and review; the programme's own review; for the national programme, the regional reviews
    of each action's declinations. A fixed number of queries whatever the number of actions."""
    programme = version.programme
    actions = list(
        version.actions.prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
            Prefetch("reviews", queryset=Review.objects.filter(year=year)),
        ).order_by("number")
    )
    indicators = [i for a in actions for i in a.indicators.all()]
    actuals = actual_values(indicators, programme.owner, years={year})
    rows = []
    for action in actions:
        targets = []
        for indicator in action.indicators.all():
            target = next((v.target for v in indicator.values.all() if v.year == year), None)
            targets.append(
                {"indicator": indicator, "target": target, "actual": actuals.get((indicator.pk, year))}
            )
        reviews = list(action.reviews.all())
        rows.append({"action": action, "indicators": targets, "review": reviews[0] if reviews else None})
    regional: dict[int, list[Review]] = defaultdict(list)
    if programme.is_national:
        for review in (
            Review.objects.filter(year=year, action__declines__programme_version__programme=programme)
            .select_related("action__declines", "programme__owner")
            .order_by("programme__owner__name", "pk")
        ):
            regional[review.action.declines.number].append(review)
        for row in rows:
            row["regional"] = regional.get(row["action"].number, [])
    own = Review.objects.filter(programme=programme, action__isnull=True, year=year).first()
    done = sum(1 for a in actions if a.status == ActionStatus.DONE)
    return {"year": year, "rows": rows, "review": own, "counts": {"total": len(actions), "done": done}}


def _state(action: Action, actuals: dict, today) -> dict[str, Any]:
    return {
        "number": action.number,
        "title": action.title,
        "declines": action.declines.number if action.declines_id else None,
        "status": ActionStatus(action.status).label,
        "progress": action.progress,
        "indicators": [
            {
                "label": indicator.label,
                "values": [
                    {
                        "year": value.year,
                        "target": None if value.target is None else str(value.target),
                        "actual": None
                        if actuals.get((indicator.pk, value.year)) is None
                        else str(actuals[(indicator.pk, value.year)]),
                    }
                    for value in indicator.values.all()
                ],
            }
            for indicator in action.indicators.all()
        ],
        "milestones": [
            {
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "status": MilestoneStatus(m.status).label,
                "overdue": m.is_overdue(today),
            }
            for m in action.milestones.all()
        ],
    }


@transaction.atomic
def take_snapshot(version: ProgrammeVersion, *, user: Any, label: str) -> Snapshot:
    """The state of every action of ``version`` now, stored as it is (later changes never alter it)."""
    actions = list(
        version.actions.select_related("declines")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")), "milestones"
        )
        .order_by("number")
    )
    actuals = actual_values([i for a in actions for i in a.indicators.all()], version.programme.owner)
    today = timezone.localdate()
    snapshot = Snapshot.objects.create(
        programme_version=version,
        label=label.strip(),
        taken_by=user if getattr(user, "pk", None) else None,
        actions=[_state(action, actuals, today) for action in actions],
    )
    log_programme(
        version.programme,
        user,
        f"État des lieux « {snapshot.label} » enregistré ({counted(len(actions), 'action')}, "
        f"version {version.year}).",
        version,
    )
    return snapshot
