"""Accent-insensitive search over requirement texts, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import QuerySet

from .models import Requirement


def fold(text: str) -> str:
    """Lower-case, without accents, with typographic quotes and spaces unified."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe").replace("Œ", "oe"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", stripped).strip().lower()


def search_requirements(version_id: int, query: str, addressee: str = "") -> QuerySet[Requirement]:
    requirements = Requirement.objects.filter(version_id=version_id).select_related("commitment__part")
    for word in fold(query).split():
        requirements = requirements.filter(search_text__contains=word)
    if addressee:
        requirements = requirements.filter(addressee=addressee)
    return requirements.order_by("position")
