"""Automatic blocks from the network's records: organisation, the team's activity, events, the
training plan, the programme, the quality approach, the regions and the annex.

Single sources: ``animation.counts.yearly_counts`` (meetings, bodies, events, partnerships),
``training.review.review`` (the training plan's bilan), ``programmes.reviews.programme_review``,
``surveys.pages.campaign_counts`` with ``surveys.results`` (barometers, as their pages read them),
``assessments.scoring.summarise`` (self-assessment progress), ``improvement.queries.status_counts``
(the plan), ``label.dashboards.is_labelled`` (the label), and the registry itself for the annex.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from mlplatform.animation.models import BodyMember, Event, Meeting, Referent
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.reports.charts import format_number, format_rate, format_share

from .blocks import Block, block, figure, missing, table
from .figures import Sources


def organisation_block(sources: Sources) -> Block:
    """Governing bodies with their members, and the thematic referents (names and jobs only)."""
    structure = sources.structure
    members = list(BodyMember.objects.filter(structure=structure).order_by("body", "college", "name", "pk"))
    referents = list(Referent.objects.filter(structure=structure).order_by("theme", "name", "pk"))
    if not members and not referents and not structure.president_name:
        return missing("Aucun membre d'instance ni référent thématique n'est enregistré sur la plateforme.")
    result = block()
    if structure.president_name:
        result["figures"].append(
            {"label": "Présidence", "value": structure.president_name, "previous": None, "change": None}
        )
    if members:
        result["tables"].append(
            table(
                "Composition des instances",
                ["Nom", "Instance", "Collège", "Représente", "Fonction"],
                [
                    [
                        m.name,
                        m.get_body_display(),
                        m.get_college_display(),
                        m.organisation or "—",
                        m.office or "—",
                    ]
                    for m in members
                ],
            )
        )
    if referents:
        result["tables"].append(
            table(
                "Référents thématiques",
                ["Nom", "Thème", "Fonction"],
                [[r.name, r.get_theme_display(), r.job_title or "—"] for r in referents],
            )
        )
    result["notes"].append(f"Composition enregistrée sur la plateforme au {datetime.date.today():%d/%m/%Y}.")
    return result


def team_block(sources: Sources) -> Block:
    """Meetings run and attended, bodies held, events, partnerships (seed 004: « 367 réunions … »)."""
    now, before = sources.animation, sources.animation_before
    if not (now.meetings_organised or now.meetings_attended or now.events or now.partnerships_active):
        return missing(
            f"Aucune réunion, aucun événement ni partenariat n'est enregistré pour {sources.year}."
        )
    labels = dict(Meeting._meta.get_field("kind").choices)
    bodies = [
        figure(labels[kind], count, before.bodies.get(kind))
        for kind, count in now.bodies.items()
        if count or before.bodies.get(kind)
    ]
    return block(
        figures=[
            figure("Réunions animées", now.meetings_organised, before.meetings_organised),
            figure(
                "Réunions auxquelles la structure a participé",
                now.meetings_attended,
                before.meetings_attended,
            ),
            *bodies,
            figure("Événements", now.events, before.events),
            figure("Partenariats en vigueur", now.partnerships_active, before.partnerships_active),
        ],
        tables=[
            table(
                f"Réunions par thème en {sources.year}",
                ["Thème", "Animées", "Suivies"],
                [[label, format_number(o), format_number(a)] for label, o, a in now.theme_rows()],
            )
        ]
        if now.by_theme
        else [],
    )


def events_block(sources: Sources) -> Block:
    """The events of the year (``animation.counts``: events starting in the year)."""
    now, before = sources.animation, sources.animation_before
    if not now.events:
        return missing(f"Aucun événement n'est enregistré pour {sources.year}.")
    events = list(
        Event.objects.filter(structure=sources.structure, starts_on__year=sources.year).order_by(
            "starts_on", "pk"
        )
    )
    return block(
        figures=[
            figure("Événements", now.events, before.events),
            figure("Jeunes présents", sum(e.young_people for e in events), evolution=False),
            figure("Employeurs présents", sum(e.employers for e in events), evolution=False),
        ],
        tables=[
            table(
                f"Événements de {sources.year}",
                ["Événement", "Type", "Date", "Jeunes", "Employeurs"],
                [
                    [
                        e.title,
                        e.get_kind_display(),
                        f"{e.starts_on:%d/%m/%Y}",
                        format_number(e.young_people),
                        format_number(e.employers),
                    ]
                    for e in events
                ],
            )
        ],
    )


def training_block(sources: Sources) -> Block:
    """The review of the training plan (``training.review.review``), or the ML's share of it."""
    from mlplatform.training.review import review

    structure = sources.structure
    if structure.type == StructureType.ML:
        if structure.parent is None:
            return missing(
                "Cette Mission Locale n'est rattachée à aucune ARML : pas de plan régional de formation."
            )
        now = review(structure.parent, sources.year)
        row = next((ml for ml in now.by_ml if ml.code == structure.code), None)
        if row is None or not row.participants:
            return missing(
                f"Aucun salarié de la structure n'a suivi le plan régional de formation en {sources.year}."
            )
        return block(
            figures=[
                figure("Salariés formés (plan régional)", row.participants, evolution=False),
                figure("Journées de formation suivies", row.participant_days, evolution=False),
                figure("Part de l'effectif formé", row.staff_share, fmt=format_share, evolution=False),
            ]
        )
    now, before = review(structure, sources.year), review(structure, sources.year - 1)
    if not now.actions:
        return missing(f"Aucune action de formation n'est enregistrée pour {sources.year}.")
    result = block(
        figures=[
            figure("Actions de formation", now.actions, before.actions or None),
            figure("Sessions", now.sessions, before.sessions or None),
            figure("Participants", now.participants, before.participants or None),
            figure("Part de l'effectif formé", now.staff_share, fmt=format_share, evolution=False),
            figure("Jours de formation", now.training_days, before.training_days or None),
            figure(
                "Missions Locales ayant envoyé des salariés",
                now.mls_reached_share,
                fmt=format_share,
                evolution=False,
            ),
            figure("Participants satisfaits", now.satisfied_share, fmt=format_share, evolution=False),
        ],
        tables=[
            table(
                f"Plan de formation {sources.year} par thème",
                ["Thème", "Actions", "Sessions", "Participants", "Jours"],
                [
                    [
                        label,
                        format_number(f.actions),
                        format_number(f.sessions),
                        format_number(f.participants),
                        format_number(f.training_days, 1),
                    ]
                    for label, f in now.theme_rows()
                ],
            )
        ],
    )
    if now.headcount is None:
        result["notes"].append("Part de l'effectif non calculée : aucun effectif n'est déclaré pour l'année.")
    return result


def programme_block(sources: Sources) -> Block:
    """The programme's bilan of the year (``programmes.reviews.programme_review``)."""
    from mlplatform.programmes.models import ProgrammeVersion
    from mlplatform.programmes.reviews import programme_review

    version = (
        ProgrammeVersion.objects.filter(
            programme__owner=sources.structure,
            programme__start_year__lte=sources.year,
            programme__end_year__gte=sources.year,
            year__lte=sources.year,
        )
        .select_related("programme")
        .order_by("-year", "-pk")
        .first()
    )
    if version is None:
        return missing(f"Aucun programme d'actions de la structure ne couvre {sources.year}.")
    review = programme_review(version, sources.year)
    counts = review["counts"]
    rows = []
    for row in review["rows"]:
        action = row["action"]
        targets = "; ".join(
            f"{i['indicator'].label} : {i['actual'] if i['actual'] is not None else '—'} / "
            f"{i['target'] if i['target'] is not None else '—'}"
            for i in row["indicators"]
        )
        rows.append(
            [
                f"{action.number}. {action.title}",
                action.get_status_display(),
                f"{action.progress} %",
                targets or "—",
            ]
        )
    result = block(
        figures=[
            {
                "label": "Programme",
                "value": f"{version.programme.title} ({version.programme.start_year}-"
                f"{version.programme.end_year})",
                "previous": None,
                "change": None,
            },
            figure("Actions", counts["total"], evolution=False),
            figure("Actions réalisées", counts["done"], evolution=False),
        ],
        tables=[
            table(
                f"Bilan {sources.year} des actions",
                ["Action", "État", "Avancement", "Indicateurs (réalisé / cible)"],
                rows,
            )
        ],
    )
    own = review["review"]
    if own is not None and own.results:
        result["notes"].append(own.results)
    return result


def _barometers(sources: Sources) -> list[list[str]]:
    from mlplatform.surveys import results
    from mlplatform.surveys.models import Campaign
    from mlplatform.surveys.pages import campaign_counts

    structure = sources.structure
    campaigns = list(
        Campaign.objects.filter(closes_on__year=sources.year, closes_on__lt=datetime.date.today())
        .select_related("questionnaire")
        .order_by("closes_on", "pk")
    )
    rows = []
    for campaign in campaigns:
        data = campaign_counts(campaign)  # what the barometer's pages read (stored at closing)
        if structure.type == StructureType.UNML:
            group = data.group(str(structure))
        elif structure.type == StructureType.ARML:
            ids = {structure.pk, *structure.children.values_list("pk", flat=True)}
            group = data.group(str(structure), data.keys_of(ids))
        else:
            group = results.structure_result(data, structure)
        if not group.responses:
            continue
        if group.suppressed:
            rows.append([campaign.title, results.SUPPRESSED_LABEL, "—", "—"])
            continue
        overall, nps = group.overall, group.recommendation
        rows.append(
            [
                campaign.title,
                format_number(group.responses),
                format_share(overall.satisfaction_rate) if overall else "—",
                format_number(nps.recommendation_score)
                if nps and nps.recommendation_score is not None
                else "—",
            ]
        )
    return rows


def quality_block(sources: Sources) -> Block:
    """Label status, self-assessment progress, the improvement plan's year, satisfaction barometers."""
    from mlplatform.assessments.enums import AssessmentStatus
    from mlplatform.assessments.models import Assessment
    from mlplatform.assessments.scoring import summarise
    from mlplatform.improvement.models import ImprovementAction
    from mlplatform.improvement.queries import status_counts
    from mlplatform.label.dashboards import is_labelled
    from mlplatform.label.models import LabelFile

    structure = sources.structure
    end = datetime.date(sources.year, 12, 31)
    result = block()
    file = LabelFile.objects.filter(structure=structure).first()
    if file is None or file.enrolled_on > end:
        label_text = "Non engagée dans la démarche de labellisation"
    elif is_labelled(file, end):
        label_text = f"Labellisée jusqu'au {file.valid_until:%d/%m/%Y}"
    elif file.valid_from and file.valid_from > end:
        label_text = f"Engagée dans la démarche (labellisée depuis le {file.valid_from:%d/%m/%Y})"
    else:
        label_text = f"Engagée dans la démarche depuis le {file.enrolled_on:%d/%m/%Y} (non labellisée)"
    result["figures"].append(
        {"label": f"Label au 31/12/{sources.year}", "value": label_text, "previous": None, "change": None}
    )
    assessments = Assessment.objects.filter(structure=structure, campaign__year__lte=sources.year).order_by(
        "-campaign__year", "-pk"
    )
    latest = assessments.filter(status=AssessmentStatus.SUBMITTED).first() or assessments.first()
    if latest is not None:
        summary = summarise(Assessment.objects.filter(pk=latest.pk))[0]
        result["figures"].append(
            figure(
                f"Auto-évaluation {latest.campaign.year} : exigences évaluées",
                summary.progress,
                fmt=format_share,
                evolution=False,
            )
        )
        if summary.score is not None:
            result["figures"].append(
                figure("Score global de l'auto-évaluation", summary.score, fmt=format_rate, evolution=False)
            )
    actions = ImprovementAction.objects.filter(structure=structure)
    done = actions.filter(completed_on__year=sources.year).count()
    done_before = actions.filter(completed_on__year=sources.year - 1).count()
    counts = status_counts(actions, end)
    if counts.total:
        result["figures"].append(
            figure(f"Actions d'amélioration réalisées en {sources.year}", done, done_before or None)
        )
        result["figures"].append(
            figure("Actions d'amélioration en cours ou prévues", counts.open, evolution=False)
        )
    barometers = _barometers(sources)
    if barometers:
        result["tables"].append(
            table(
                f"Baromètres de satisfaction clos en {sources.year}",
                ["Baromètre", "Réponses", "Satisfaction", "Recommandation (score)"],
                barometers,
            )
        )
    else:
        result["notes"].append(
            f"Aucun baromètre de satisfaction clos en {sources.year} avec des réponses de ce périmètre."
        )
    return result


def regions_block(sources: Sources, published: dict[int, Any]) -> Block:
    """The regional reports' key figures, from their published editions (``published``: ARML id ->
    the latest published report of the year), for the national report."""
    armls = list(Structure.objects.arml().open().order_by("sort_name"))
    rows, links = [], []
    for arml in armls:
        report = published.get(arml.pk)
        if report is None:
            rows.append([arml.name, "Rapport non publié", "—", "—"])
            continue
        observatory = (report.frozen or {}).get("observatoire") or {}
        values = {f["label"]: f["value"] for f in observatory.get("figures", [])}
        rows.append(
            [
                arml.name,
                f"Publié le {timezone.localtime(report.published_at):%d/%m/%Y}",
                values.get("Jeunes accompagnés", "—"),
                values.get("Jeunes en premier accueil", "—"),
            ]
        )
        links.append({"text": f"Rapport d'activité {sources.year} — {arml.name}", "url": report.public_url()})
    if not armls:
        return missing("Aucune ARML n'est enregistrée.")
    result = block(
        figures=[figure("Rapports régionaux publiés", len(links), evolution=False)],
        tables=[
            table(
                f"Chiffres clés des rapports régionaux {sources.year}",
                ["Région", "Rapport", "Jeunes accompagnés", "Premiers accueils"],
                rows,
            )
        ],
    )
    result["links"] = links
    return result


def annex_block(sources: Sources) -> Block:
    """The registry: an ARML's MLs with their sites and contacts, the UNML's ARMLs, an ML's sites."""
    structure = sources.structure
    if structure.type == StructureType.ML:
        sites = list(structure.sites.order_by("name", "pk"))
        if not sites:
            return missing("Aucun lieu d'accueil n'est enregistré dans le répertoire.")
        return block(
            tables=[
                table(
                    "Lieux d'accueil",
                    ["Lieu", "Commune", "Type", "Téléphone"],
                    [[s.name, s.town, s.get_type_display(), s.phone or "—"] for s in sites],
                )
            ]
        )
    kind = StructureType.ML if structure.type == StructureType.ARML else StructureType.ARML
    members = list(
        Structure.objects.filter(type=kind, closed_on__isnull=True)
        .filter(Q(parent=structure) if structure.type == StructureType.ARML else Q())
        .prefetch_related("sites")
        .order_by("sort_name")
    )
    if not members:
        return missing("Aucune structure rattachée n'est enregistrée dans le répertoire.")
    rows = [
        [
            m.name,
            m.address or "—",
            m.phone or "—",
            m.email or "—",
            m.website or "—",
            format_number(len(m.sites.all())),
        ]
        for m in members
    ]
    return block(
        tables=[
            table(
                "Le réseau",
                ["Structure", "Adresse", "Téléphone", "Courriel", "Site web", "Lieux d'accueil"],
                rows,
            )
        ]
    )
