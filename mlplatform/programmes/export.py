"""A programme version as JSON-ready data (``manage.py programmes export CODE [--version V]``)."""

from __future__ import annotations

from typing import Any

from .models import Action, Programme, ProgrammeVersion


def get_version(code: str, year: str | int | None) -> ProgrammeVersion | None:
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        return None
    versions = programme.versions.order_by("-year")
    if year is not None:
        if not str(year).isdigit():
            return None
        versions = versions.filter(year=int(year))
    return versions.first()


def _action(action: Action) -> dict[str, Any]:
    return {
        "number": action.number,
        "title": action.title,
        "theme": action.theme.number if action.theme_id else None,
        "axis": action.axis.number if action.axis_id else None,
        "declines": action.declines.number if action.declines_id else None,
        "context": action.context,
        "stakes": action.stakes,
        "description": action.description_intro
        + [
            {key: item[key] for key in ("number", "text", "details", "method", "format") if item.get(key)}
            for item in action.description
        ],
        "lead": action.lead,
        "co_lead": action.co_lead,
        "referent_armls": action.referent_armls,
        "concerned_armls": action.concerned_armls,
        "actors": action.actors,
        "territorial_dimension": action.territorial_dimension,
        "territorial_text": action.territorial_text,
        "calendar": action.calendar,
        # Booleans, as the export format says; whether the source states them apart (every sheet of
        # the PNAE 2018-2020 leaves its boxes unmarked: false, with *_stated false).
        "capitalisation": bool(action.capitalisation),
        "essaimage": bool(action.essaimage),
        "capitalisation_stated": action.capitalisation is not None,
        "essaimage_stated": action.essaimage is not None,
        "status": action.status,
        "progress": action.progress,
    }


def programme_as_dict(version: ProgrammeVersion) -> dict[str, Any]:
    programme = version.programme
    actions = version.actions.select_related("theme", "axis", "declines").order_by("number")
    return {
        "code": programme.code,
        "kind": programme.kind,
        "owner": programme.owner.code,
        "title": programme.title,
        "period": [programme.start_year, programme.end_year],
        "version": version.year,
        "adopted_by": version.adopted_by,
        "adopted_on": version.adopted_on.isoformat() if version.adopted_on else None,
        "rubriques": version.rubriques,
        "themes": [
            {"number": t.number, "title": t.title}
            | ({"table_label": t.table_label, "table": t.table} if t.table else {})
            for t in version.themes.all()
        ],
        "axes": [
            {"number": a.number, "title": a.title, "objectives": a.objectives, "actions": a.planned_actions}
            for a in version.axes.all()
        ],
        "priorities": [
            {"number": p.number, "title": p.title, "actions": p.action_numbers}
            for p in version.priorities.all()
        ],
        "actions": [_action(a) for a in actions],
    }
