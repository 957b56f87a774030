"""The one sort order of names shown to people: French directory order.

Accents, case, hyphens and apostrophes do not count, and a leading article or "de" is ignored,
as French directories file "l'Aube" under A and "de la Manche" under M:

    sorted(["Île-de-France", "l'Aube", "de la Manche", "Ardennes", "Éure"], key=sort_key)
    -> ["Ardennes", "l'Aube", "Éure", "Île-de-France", "de la Manche"]

Python sorts use :func:`sort_key`; the database orders structures by ``Structure.sort_name``, the
same key stored on save (SQLite and PostgreSQL compare it alike: plain lower-case ASCII).
"""

from __future__ import annotations

import re
import unicodedata

# Ignored at the start of a name, repeatedly ("de la Manche" -> "manche").
LEADING_WORDS = ("l'", "d'", "la ", "le ", "les ", "de ", "du ", "des ")
LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}


def sort_key(text: str | None) -> str:
    """Lower case, without accents, apostrophes unified, punctuation as spaces, leading article dropped."""
    text = (text or "").translate(str.maketrans(LIGATURES))
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    folded = re.sub(r"[^\w']+", " ", folded).strip()
    stripped = True
    while stripped:
        stripped = False
        for word in LEADING_WORDS:
            if folded.startswith(word) and len(folded) > len(word):
                folded = folded[len(word) :].lstrip()
                stripped = True
    return folded.replace("'", " ")
