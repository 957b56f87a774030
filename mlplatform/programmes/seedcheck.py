"""Check that a programme data file is a verbatim transcription of its seed document.

Every text of the file (titles, sentences, list items) must be found in the seed with the
frameworks' normalisation (``frameworks.seedcheck``). Codes, numbers, years, booleans and the
territorial dimension codes are data, not transcriptions, and are not searched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mlplatform.frameworks.seedcheck import missing_from_seed

# Keys whose values are data chosen for the platform rather than text of the seed.
NOT_TRANSCRIBED = frozenset(
    {
        "code",
        "kind",
        "period",
        "version",
        "adopted_on",
        "number",
        "theme",
        "axis",
        "source",
        "territorial_dimension",
        "capitalisation",
        "essaimage",
        "actions_numbers",
    }
)


def transcribed_texts(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(location, text) of every transcribed string of a programme data file."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in NOT_TRANSCRIBED:
                continue
            label = f"{where}.{key}" if where else str(key)
            if "number" in value and where:
                label = f"{where}[{value['number']}].{key}"
            yield from transcribed_texts(item, label)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from transcribed_texts(item, f"{where}[{index}]" if not isinstance(item, dict) else where)
    elif isinstance(value, str):
        yield where, value


def missing_texts(data: dict, seed_text: str) -> list[tuple[str, str]]:
    """(location, text) of every transcribed text of ``data`` not found in ``seed_text``."""
    return missing_from_seed(list(transcribed_texts(data)), seed_text)
