"""Check that a programme data file is a verbatim transcription of its seed document.

Every text of the file (titles, sentences, list items) must be found in the seed with the
frameworks' normalisation (``frameworks.seedcheck``). Codes, numbers, years, booleans and the
territorial dimension codes are data, not transcriptions, and are not searched.

The operational themes' table is checked further (``table_problems``): its cells must also come in
the seed's reading order inside the table's section, so that a paragraph moved to another theme or
another column shows, not only an invented one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mlplatform.frameworks.seedcheck import missing_from_seed, normalise

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


# A line break after a slash is layout (« Autonomie des jeunes/⏎insertion sociale »): the space it
# leaves is dropped on both sides.
_AFTER_SLASH = re.compile(r"/\s+")

# The section of seed 003 holding the operational themes' table, and the headings that close it.
TABLE_START = "Les thèmes opérationnels du PNAE"
TABLE_END = "Les axes structurels du PNAE"


def _slash(text: str) -> str:
    return _AFTER_SLASH.sub("/", text)


def missing_texts(data: dict, seed_text: str) -> list[tuple[str, str]]:
    """(location, text) of every transcribed text of ``data`` not found in ``seed_text``."""
    texts = [(where, _slash(text)) for where, text in transcribed_texts(data)]
    return missing_from_seed(texts, _slash(seed_text))


def _key(text: str) -> str:
    # The frameworks' matching key: normalised, hyphens ignored (cut words), then the slashes.
    return re.sub(r"\s+", " ", _slash(normalise(text)).replace("-", "").replace("\u2010", ""))


def table_problems(data: dict, seed_text: str) -> list[str]:
    """Problems of the operational themes' table: a theme's row label or a cell's paragraph that is not
    found in the table's section of the seed, in the seed's reading order (theme by theme, then
    column by column, then paragraph by paragraph), and column headings absent from the section."""
    start, end = seed_text.find(TABLE_START), seed_text.find(TABLE_END)
    if start < 0 or end < start:
        return [f"section « {TABLE_START} » introuvable dans la source"]
    section = _key(seed_text[start:end])
    problems: list[str] = []
    position = 0
    for theme in data.get("themes") or []:
        if not theme.get("table"):
            problems.append(f"thème {theme.get('number')} : ligne du tableau absente")
            continue
        texts = [("libellé", theme.get("table_label") or "")]
        for column in theme["table"]:
            heading = column.get("heading") or ""
            if _key(heading) not in section:
                problems.append(f"thème {theme.get('number')} : colonne « {heading} » introuvable")
            texts += [(heading, item) for item in column.get("items") or []]
        for where, text in texts:
            found = section.find(_key(text), position) if _key(text) else -1
            if found < 0:
                problems.append(
                    f"thème {theme.get('number')}, {where} : « {text} » introuvable à sa place "
                    "(après le texte précédent du tableau)"
                )
            else:
                position = found + len(_key(text))
    return problems
