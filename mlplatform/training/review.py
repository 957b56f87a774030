"""The review (bilan) of a regional training plan: the one source of the page, the XLSX and the
``training review`` command (and of the figures offered to the annual activity report).

For an ARML and a year (the UNML: every plan of the year, the regions added up):

- actions: the actions of the plan; sessions: their sessions;
- participants: distinct people (by e-mail) who attended at least one half-day;
- training_days: days of training over the sessions (each session's half-days / 2);
- participant_days: days over the participants (each attended half-day counts 1/2);
- staff_share: participants / the headcount declared for the year by the region's structures
  (the ARML and its MLs; the whole network for the UNML), None without any headcount;
- mls_reached_share: MLs with at least one participant / open MLs of the region;
- by theme and by ML;
- headcount_by_family: the declared headcounts summed by job family, over the structures that
  declared their families (``families_declared`` of them): known families only, never estimated;
- satisfaction: the anonymous opinions of the sessions (share of answers 3 or 4 out of 4 to
  « satisfied? » and « useful? »), None without any answer.

Shares are fractions. A fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Lower

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.reports.charts import format_share

from .enums import Theme
from .models import JOB_FAMILIES, Attendance, Evaluation, Headcount, Session, TrainingAction


@dataclass(frozen=True)
class ThemeFigures:
    actions: int = 0
    sessions: int = 0
    participants: int = 0
    training_days: float = 0.0

    def as_dict(self) -> dict:
        return {
            "actions": self.actions,
            "sessions": self.sessions,
            "participants": self.participants,
            "training_days": self.training_days,
        }


@dataclass(frozen=True)
class MlFigures:
    code: str
    name: str
    participants: int
    participant_days: float
    headcount: int | None

    @property
    def staff_share(self) -> float | None:
        return self.participants / self.headcount if self.headcount else None


@dataclass(frozen=True)
class Review:
    structure: str
    year: int
    actions: int = 0
    sessions: int = 0
    participants: int = 0
    training_days: float = 0.0
    participant_days: float = 0.0
    headcount: int | None = None
    staff_share: float | None = None
    mls: int = 0
    mls_reached: int = 0
    mls_reached_share: float | None = None
    evaluations: int = 0
    satisfied_share: float | None = None  # answers 3 or 4 out of 4
    useful_share: float | None = None
    by_theme: dict[str, ThemeFigures] = field(default_factory=dict)
    by_ml: list[MlFigures] = field(default_factory=list)
    headcount_by_family: dict[str, int] = field(default_factory=dict)
    families_declared: int = 0

    def as_dict(self) -> dict:
        return {
            "structure": self.structure,
            "year": self.year,
            "actions": self.actions,
            "sessions": self.sessions,
            "participants": self.participants,
            "training_days": self.training_days,
            "participant_days": self.participant_days,
            "headcount": self.headcount,
            "staff_share": self.staff_share,
            "mls_reached": self.mls_reached,
            "mls": self.mls,
            "mls_reached_share": self.mls_reached_share,
            "by_theme": {theme: figures.as_dict() for theme, figures in self.by_theme.items()},
            "satisfaction": {
                "answers": self.evaluations,
                "satisfied_share": self.satisfied_share,
                "useful_share": self.useful_share,
            },
            "headcount_by_family": dict(self.headcount_by_family),
            "families_declared": self.families_declared,
        }

    @property
    def staff_share_text(self) -> str:
        return format_share(self.staff_share)

    @property
    def mls_reached_text(self) -> str:
        return format_share(self.mls_reached_share)

    @property
    def satisfied_text(self) -> str:
        return format_share(self.satisfied_share)

    @property
    def useful_text(self) -> str:
        return format_share(self.useful_share)

    def family_rows(self) -> list[tuple[str, int]]:
        """(job family label, headcount) of the structures that declared their families."""
        return [
            (str(Headcount._meta.get_field(name).verbose_name), self.headcount_by_family[name])
            for name in JOB_FAMILIES
            if name in self.headcount_by_family
        ]

    def theme_rows(self) -> list[tuple[str, ThemeFigures]]:
        return [(label, self.by_theme[value]) for value, label in Theme.choices if value in self.by_theme]


def _region(structure: Structure) -> tuple[Q, Q]:
    """(the plans' actions, the structures whose staff count) of a review."""
    if structure.type == StructureType.UNML:
        return Q(), Q()
    return Q(structure=structure), Q(pk=structure.pk) | Q(parent=structure)


def review(structure: Structure, year: int) -> Review:
    """The figures of ``structure``'s plan for ``year`` (eight queries)."""
    plan, region = _region(structure)
    actions = TrainingAction.objects.filter(plan, year=year)
    sessions = Session.objects.filter(action__in=actions)
    attended = Attendance.objects.filter(registration__session__in=sessions)

    theme_actions = dict(actions.values("theme").annotate(n=Count("pk")).order_by().values_list("theme", "n"))
    theme_sessions = {
        row["action__theme"]: (row["n"], row["half_days"] or 0)
        for row in sessions.values("action__theme")
        .annotate(n=Count("pk"), half_days=Sum("half_days"))
        .order_by()
    }
    theme_people = {
        row["registration__session__action__theme"]: row["people"]
        for row in attended.values("registration__session__action__theme")
        .annotate(people=Count(Lower("registration__email"), distinct=True))
        .order_by()
    }
    totals = attended.aggregate(
        people=Count(Lower("registration__email"), distinct=True),
        half_days=Count("pk"),
    )
    per_structure = {
        row["registration__structure"]: (row["people"], row["half_days"])
        for row in attended.values("registration__structure")
        .annotate(people=Count(Lower("registration__email"), distinct=True), half_days=Count("pk"))
        .order_by()
    }
    declared = list(
        Headcount.objects.filter(structure__in=Structure.objects.filter(region), year=year)
        .values_list("structure_id", "total", *JOB_FAMILIES)
        .order_by()
    )
    headcounts = {row[0]: row[1] for row in declared}
    with_families = [row[2:] for row in declared if any(value is not None for value in row[2:])]
    by_family = {
        name: sum(row[index] or 0 for row in with_families) for index, name in enumerate(JOB_FAMILIES)
    }
    mls = list(
        Structure.objects.filter(region, type=StructureType.ML, closed_on__isnull=True)
        .order_by("sort_name", "pk")
        .values_list("pk", "code", "name")
    )

    by_theme = {
        theme: ThemeFigures(
            actions=theme_actions.get(theme, 0),
            sessions=theme_sessions.get(theme, (0, 0))[0],
            participants=theme_people.get(theme, 0),
            training_days=theme_sessions.get(theme, (0, 0))[1] / 2,
        )
        for theme in Theme.values
        if theme in theme_actions
    }
    by_ml = [
        MlFigures(
            code=code,
            name=name,
            participants=per_structure.get(pk, (0, 0))[0],
            participant_days=per_structure.get(pk, (0, 0))[1] / 2,
            headcount=headcounts.get(pk),
        )
        for pk, code, name in mls
    ]
    opinions = Evaluation.objects.filter(session__in=sessions).aggregate(
        answers=Count("pk"),
        satisfied=Count("pk", filter=Q(satisfaction__gte=3)),
        useful=Count("pk", filter=Q(usefulness__gte=3)),
    )
    answers = opinions["answers"]
    headcount = sum(headcounts.values()) if headcounts else None
    participants = totals["people"]
    reached = sum(1 for row in by_ml if row.participants)
    return Review(
        structure=structure.code,
        year=year,
        actions=sum(theme_actions.values()),
        sessions=sum(n for n, _ in theme_sessions.values()),
        participants=participants,
        training_days=sum(half for _, half in theme_sessions.values()) / 2,
        participant_days=totals["half_days"] / 2,
        headcount=headcount,
        staff_share=participants / headcount if headcount else None,
        mls=len(mls),
        mls_reached=reached,
        mls_reached_share=reached / len(mls) if mls else None,
        evaluations=answers,
        satisfied_share=opinions["satisfied"] / answers if answers else None,
        useful_share=opinions["useful"] / answers if answers else None,
        by_theme=by_theme,
        by_ml=by_ml,
        headcount_by_family=by_family if with_families else {},
        families_declared=len(with_families),
    )
