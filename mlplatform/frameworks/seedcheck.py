"""Check that a framework data file is a verbatim transcription of its seed document.

The seeds are plain-text extractions of PDFs: they carry layout noise (bullet glyphs rendered as
``▶``, ``q`` or ``U``, markdown emphasis, soft hyphens, words cut across lines, page headers
repeated in the middle of the text). ``normalise`` removes that noise from both sides so that a
text transcribed from the seed can be searched in it; ``missing_texts`` lists every assessed text
of a framework (commitment titles, requirements, sub-requirements, examples, reference texts)
that cannot be found in the seed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

SOFT_HYPHEN = "\u00ad"
REPLACEMENT_CHAR = "\ufffd"

_APOSTROPHES = re.compile(r"[\u2019\u2018\u02bc\u00b4`']")
_QUOTES = re.compile(r"[\u00ab\u00bb\u201c\u201d\u201e\"]")
# A bullet at the start of a line: an optional markdown list dash, then a glyph (▶ ▷ ■ •, or the
# letters q / U that some PDF fonts produce), optionally followed by the replacement character.
_LINE_BULLET = re.compile(
    r"^[ \t]*(?:[-*][ \t]+)?(?:(?:[▶▷►■•]|[qU](?=[ \t\ufffd]))[ \t]*\ufffd?)?[ \t]*",
    re.MULTILINE,
)
_GLYPHS = re.compile(r"[▶▷►■•\ufffd]")
_CUT_WORD = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` without extraction noise, ready for a substring search.

    Apostrophes and quotes are unified, soft hyphens, markdown ``*`` and bullet glyphs are removed,
    a word hyphenated across a line break is joined and all whitespace is collapsed.
    Letter case is kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(SOFT_HYPHEN, "")
    text = text.replace("*", "")
    text = _LINE_BULLET.sub("", text)
    text = _GLYPHS.sub("", text)
    text = _APOSTROPHES.sub("'", text)
    text = _QUOTES.sub('"', text)
    text = _CUT_WORD.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def _match_key(text: str) -> str:
    # A hyphen at a line break is either a cut word ("compé-/tence") or a real compound
    # ("Hauts-de-/France"); the extraction cannot tell them apart, so hyphens are ignored.
    key = normalise(text).replace("-", "").replace("\u2010", "")
    return _WHITESPACE.sub(" ", key)


def _without_repeated_headers(seed_text: str) -> str:
    """The seed without the short lines repeated on several pages (running headers/footers)."""
    lines = seed_text.splitlines()
    counts = Counter(line.strip() for line in lines if line.strip())
    repeated = {
        line
        for line, count in counts.items()
        if count >= 2 and len(line) <= 120 and not _LINE_BULLET.match(line).group(0).strip()
    }
    return "\n".join(line for line in lines if line.strip() not in repeated)


def _requirement_texts(requirement: dict) -> Iterator[tuple[str, str]]:
    ref = requirement.get("ref", "?")
    yield ref, requirement.get("text", "")
    for example in requirement.get("examples") or []:
        yield ref, example
    for child in requirement.get("children") or []:
        yield from _requirement_texts(child)


def _commitments(framework_data: dict) -> Iterator[dict]:
    for part in framework_data.get("parts") or []:
        for section in part.get("sections") or []:
            yield from section.get("commitments") or []
        yield from part.get("commitments") or []


def assessed_texts(framework_data: dict) -> Iterator[tuple[str, str]]:
    """(ref, text) of every commitment title, requirement, example and reference text."""
    for commitment in _commitments(framework_data):
        ref = commitment.get("ref", "?")
        yield ref, commitment.get("title", "")
        for requirement in commitment.get("requirements") or []:
            yield from _requirement_texts(requirement)
        for reference_text in commitment.get("reference_texts") or []:
            yield ref, reference_text


def missing_texts(framework_data: dict, seed_text: str) -> list[tuple[str, str]]:
    """(ref, text) of every assessed text of ``framework_data`` not found in ``seed_text``."""
    haystacks = (_match_key(seed_text), _match_key(_without_repeated_headers(seed_text)))
    missing = []
    for ref, text in assessed_texts(framework_data):
        key = _match_key(text or "")
        if not key or not any(key in haystack for haystack in haystacks):
            missing.append((ref, text))
    return missing


def missing_from_seed(texts: list[tuple[str, str]], seed_text: str) -> list[tuple[str, str]]:
    """(ref, text) of every given text not found in ``seed_text`` (the same normalisation as above).

    Shared with the other data transcribed from seeds (the programmes of action).
    """
    haystacks = (_match_key(seed_text), _match_key(_without_repeated_headers(seed_text)))
    missing = []
    for ref, text in texts:
        key = _match_key(text or "")
        if not key or not any(key in haystack for haystack in haystacks):
            missing.append((ref, text))
    return missing
