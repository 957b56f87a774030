"""French grammar around names the platform does not write itself: structure names, role labels, counts.

Structure names come from the registry as printed: most begin with a common noun ("Mission Locale
de Caen", "Association régionale des Missions Locales de Normandie", "Union nationale des Missions
Locales"), some with an article ("La Mission Locale…", "L’Avenir…"), some are proper names ("ARML
Alpha" reads "l'ARML Alpha", an invented "Avenir Jeunes" reads "d'Avenir Jeunes"). :func:`de`,
:func:`le` and :func:`au` put the right article or preposition before such a name:

    de("Mission Locale de Caen")                 -> "de la Mission Locale de Caen"
    de("Association régionale des Missions…")    -> "de l'Association régionale des Missions…"
    de("Groupement d'intérêt public Jeunes")     -> "du Groupement d'intérêt public Jeunes"
    de("Le Havre Estuaire")                      -> "du Havre Estuaire"
    de("Avenir Jeunes")                          -> "d'Avenir Jeunes"
    le("Union nationale des Missions Locales")   -> "l'Union nationale des Missions Locales"
    au("Mission Locale de Caen")                 -> "à la Mission Locale de Caen"

The same functions are template filters (``{% load french %}``, ``{{ structure|de }}``), and
:func:`as_role` / :func:`plural` / :func:`counted` cover role labels ("en tant qu'auditeur·rice")
and counts ("1 problème", "3 problèmes": French keeps the singular for 0 and 1).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# First words (folded) that take "la" / "le" / "les" before them. Acronyms are listed folded too:
# "l'ARML" (l'association régionale), "l'UNML" (l'union nationale), "le GIP".
FEMININE_NOUNS = frozenset(
    {
        "mission",
        "association",
        "union",
        "federation",
        "arml",
        "unml",
        "maison",
        "agence",
        "antenne",
        "cite",
        "communaute",
        "coordination",
        "delegation",
        "direction",
        "permanence",
        "plateforme",
        "region",
        "structure",
    }
)
MASCULINE_NOUNS = frozenset(
    {
        "gip",
        "groupement",
        "centre",
        "comite",
        "conseil",
        "service",
        "pole",
        "point",
        "espace",
        "bureau",
        "reseau",
        "syndicat",
        "collectif",
        "institut",
        "siege",
    }
)
PLURAL_NOUNS = frozenset({"missions", "associations", "maisons"})
# Words beginning with an aspirated h: no elision ("de Haute-Normandie", "du Havre").
ASPIRATED_H = ("haut", "havre", "hague", "hainaut", "hameau", "halle", "hangar", "harcourt", "herisson")
VOWELS = frozenset("aeiouy")

APOSTROPHES = "'’"
_LEADING_ARTICLE = re.compile(r"^(?:(la|le|les)\s+|(l)['’]\s*)(?=\S)", re.IGNORECASE)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _first_word(text: str) -> str:
    return re.split(r"[\s'’\-]", _fold(text), maxsplit=1)[0]


def elides(text: str) -> bool:
    """Whether "de", "le", "la", "que" lose their vowel before ``text`` (vowel or mute h)."""
    folded = _fold(text.strip())
    if not folded:
        return False
    if folded[0] in VOWELS:
        return True
    return folded[0] == "h" and len(folded) > 1 and folded[1] in VOWELS and not folded.startswith(ASPIRATED_H)


def _name(value: Any) -> str:
    return str(getattr(value, "name", value) or "").strip()


def article_and_rest(value: Any) -> tuple[str, str]:
    """The definite article a name takes ("la", "le", "les", "l'" or "" for a proper name) and the
    name without the article it may already begin with ("La Mission…" -> ("la", "Mission…"))."""
    name = _name(value)
    match = _LEADING_ARTICLE.match(name)
    if match:
        article = (match.group(1) or "l").lower()
        return ("l'" if article == "l" else article), name[match.end() :]
    first = _first_word(name)
    if first in PLURAL_NOUNS:
        return "les", name
    if first in FEMININE_NOUNS:
        return ("l'" if elides(name) else "la"), name
    if first in MASCULINE_NOUNS:
        return ("l'" if elides(name) else "le"), name
    return "", name


def phrase(form: str, value: Any) -> tuple[str, str]:
    """``(words before, name)`` for ``form`` "le", "de" or "au"; the name loses the article it
    began with. Template filters escape the name only; the functions below join both parts."""
    article, rest = article_and_rest(value)
    if form == "de":
        before = {"la": "de la ", "l'": "de l'", "le": "du ", "les": "des "}.get(article)
        return (before or ("d'" if elides(rest) else "de ")), rest
    if form == "au":
        before = {"la": "à la ", "l'": "à l'", "le": "au ", "les": "aux "}.get(article)
        return (before or "à "), rest
    return {"la": "la ", "l'": "l'", "le": "le ", "les": "les "}.get(article, ""), rest


def le(value: Any) -> str:
    """The name with its definite article: "la Mission Locale…", "l'Union…", "Avenir Jeunes"."""
    return "".join(phrase("le", value))


def de(value: Any) -> str:
    """The name after "de": "de la Mission Locale…", "de l'Association…", "du …", "des …", "d'…"."""
    return "".join(phrase("de", value))


def au(value: Any) -> str:
    """The name after "à": "à la Mission Locale…", "à l'Union…", "au …", "aux …", "à Avenir Jeunes"."""
    return "".join(phrase("au", value))


# Role labels that name a group rather than a person: one acts as a member of it.
_GROUP_ROLE = re.compile(r"^(équipe|commission)\b", re.IGNORECASE)


def as_role(label: Any) -> str:
    """ "en tant que" before a role label, lower-cased, with elision: "en tant qu'auditeur·rice",
    "en tant que directeur·rice de la Mission Locale", "en tant que membre de l'équipe de l'ARML"."""
    text = str(label or "").strip()
    # An acronym stays as it is.
    words = text if text[:2].isupper() else text[:1].lower() + text[1:]
    if _GROUP_ROLE.match(words):
        words = f"membre de l'{words}" if elides(words) else f"membre de la {words}"
    return f"en tant qu'{words}" if elides(words) else f"en tant que {words}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word agreeing with ``count`` (French: singular for 0 and 1): plural(3, "problème")."""
    if abs(count) >= 2:
        return plural_form if plural_form is not None else f"{singular}s"
    return singular


def counted(count: int, singular: str, plural_form: str | None = None) -> str:
    """The count and its word: counted(1, "dossier inscrit") -> "1 dossier inscrit"; for several
    words give the plural: counted(3, "décision définitive", "décisions définitives")."""
    return f"{count} {plural(count, singular, plural_form)}"
