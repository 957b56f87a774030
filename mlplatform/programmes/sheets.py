"""Editing the fields of a regional action sheet (PRAE) by the ARML that owns it.

The national sheets are the seed's text (loaded, never edited); a regional sheet is written by its
ARML. Saving is version-checked like the follow-up (``services.bump``: no silent overwrite) and
every change is written to the action's journal, naming the fields changed.

A sheet's lists (context, stakes, names...) are edited as text, one paragraph per line; a line
starting with « • » is a list item, as in the transcribed sheets.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .enums import Territory
from .models import Action
from .services import bump, can_edit_programme, log_entry

# The editable fields of a sheet, in the seed's order, with their labels (as on the sheet).
LIST_FIELDS: dict[str, str] = {
    "context": "contexte",
    "stakes": "enjeux et attentes",
    "lead": "animation",
    "co_lead": "co-animation",
    "referent_armls": "ARML référentes",
    "concerned_armls": "ARML concernées",
    "actors": "acteurs concernés et/ou impliqués",
    "territorial_text": "dimension territoriale (précisions)",
}
SHEET_LABELS: dict[str, str] = {
    "title": "objectif",
    "context": LIST_FIELDS["context"],
    "stakes": LIST_FIELDS["stakes"],
    "description": "description des actions",
    "capitalisation": "capitalisation",
    "essaimage": "essaimage",
    **{key: label for key, label in LIST_FIELDS.items() if key not in ("context", "stakes")},
    "territorial_dimension": "dimension territoriale",
    "calendar": "calendrier prévisionnel",
}
TRI_STATE = {True: "oui", False: "non", None: "non précisé"}


def can_edit_sheet(user: Any, action: Action) -> bool:
    """Only a regional programme's ARML edits its sheets; the national ones are the seed's text."""
    programme = action.programme_version.programme
    return not programme.is_national and can_edit_programme(user, programme)


def lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped (one paragraph or name per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def as_text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs or [])


def sheet_values(action: Action) -> dict[str, Any]:
    """The editable fields of ``action`` as they are stored."""
    return {
        "title": action.title,
        **{key: list(getattr(action, key) or []) for key in LIST_FIELDS},
        "description": [dict(item) for item in action.description or []],
        "capitalisation": action.capitalisation,
        "essaimage": action.essaimage,
        "territorial_dimension": list(action.territorial_dimension or []),
        "calendar": {year: list(items) for year, items in (action.calendar or {}).items() if items},
    }


def description_from_lines(texts: list[str], previous: list[dict]) -> list[dict]:
    """Sub-actions numbered from 1; one whose text is unchanged keeps its details, method and format."""
    kept = {item.get("text"): item for item in previous or []}
    result = []
    for number, text in enumerate(texts, start=1):
        old = kept.get(text, {})
        result.append(
            {
                "number": number,
                "text": text,
                "details": old.get("details") or [],
                "method": old.get("method") or "",
                "format": old.get("format") or "",
            }
        )
    return result


def values_from_form(cleaned: dict[str, Any], action: Action, years: list[int]) -> dict[str, Any]:
    """The stored shape of a valid sheet form's data."""
    calendar = {}
    for year in years:
        items = lines(cleaned.get(f"calendar_{year}") or "")
        if items:
            calendar[str(year)] = items
    return {
        "title": cleaned["title"].strip(),
        **{key: lines(cleaned.get(key) or "") for key in LIST_FIELDS},
        "description": description_from_lines(lines(cleaned.get("description") or ""), action.description),
        "capitalisation": cleaned["capitalisation"],
        "essaimage": cleaned["essaimage"],
        "territorial_dimension": [
            code for code in Territory.values if code in cleaned["territorial_dimension"]
        ],
        "calendar": calendar,
    }


def display(key: str, value: Any) -> str:
    """A field's value as one text (the journal, the conflict table)."""
    if key in ("capitalisation", "essaimage"):
        return TRI_STATE[value]
    if key == "territorial_dimension":
        return ", ".join(Territory(code).label for code in value) or "—"
    if key == "description":
        return "\n".join(f"{item['number']}. {item['text']}" for item in value)
    if key == "calendar":
        return "\n".join(f"{year} : {' ; '.join(items)}" for year, items in sorted(value.items()))
    if isinstance(value, list):
        return "\n".join(value)
    return str(value or "")


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [key for key in SHEET_LABELS if before.get(key) != after.get(key)]


def _journal_text(before: dict[str, Any], after: dict[str, Any], keys: list[str]) -> str:
    parts = []
    for key in keys:
        label = SHEET_LABELS[key]
        if key in ("title", "capitalisation", "essaimage", "territorial_dimension"):
            parts.append(f"{label} : {display(key, before[key]) or '—'} → {display(key, after[key]) or '—'}")
        else:
            parts.append(label)
    return "Fiche modifiée — " + " ; ".join(parts) + "."


@transaction.atomic
def save_sheet(action: Action, *, user: Any, expected_version: int, values: dict[str, Any]) -> list[str]:
    """Save the sheet's fields if nobody changed the action since ``expected_version`` was read
    (``StaleEdit`` otherwise); the changed fields are logged. Returns the keys of the changed fields."""
    if not can_edit_sheet(user, action):
        raise PermissionDenied("Seule l'ARML porteuse modifie les fiches de son programme régional.")
    if not values.get("title"):
        raise ValidationError({"title": "L'objectif de l'action est obligatoire."})
    before = sheet_values(action)
    keys = changed_fields(before, values)
    # The version is checked even when nothing changed: a stale form says so rather than « saved ».
    bump(action, expected_version, **{key: values[key] for key in keys})
    if keys:
        log_entry(action, user, _journal_text(before, values, keys))
    return keys


def conflict_rows(mine: dict[str, Any], saved: Action) -> list[dict[str, Any]]:
    """Each field: the person's input and the version saved meanwhile, and whether they differ."""
    theirs = sheet_values(saved)
    return [
        {
            "label": label,
            "mine": display(key, mine.get(key)),
            "theirs": display(key, theirs.get(key)),
            "differs": mine.get(key) != theirs.get(key),
        }
        for key, label in SHEET_LABELS.items()
    ]
