"""Showing the seed's transcribed text: paragraphs and bullet lists, acronyms as people write them."""

from __future__ import annotations

import re

from django import template

register = template.Library()

# The seed's PDF extraction lowered the small-caps letters of acronyms; the data keeps them as found
# (the seed check compares them), pages show them as written.
ACRONYMS = {
    "DMMl": "DMML", "uNMl": "UNML", "arMl": "ARML", "armL": "ARML", "aRML": "ARML", "DGeFP": "DGEFP",
    "PaCea": "PACEA", "CeP": "CEP", "CPa": "CPA", "aNDMl": "ANDML", "aPar": "APAR", "MaJe": "MAJE",
    "DareS": "DARES", "OPCa": "OPCA", "aNlCI": "ANLCI", "SPrO": "SPRO", "PiC": "PIC", "aSP": "ASP",
    "CGeT": "CGET", "PNae": "PNAE", "SGMaP": "SGMAP", "MaP": "MAP", "MISI": "MISI", "uMMl": "UNML",
    "oPCa": "OPCA", "ClICNJOb": "CLICNJOB", "CNeFOP": "CNEFOP", "CreFOP": "CREFOP", "OPaCIF": "OPACIF",
    "aMF": "AMF", "aNDrH": "ANDRH", "rSe": "RSE", "DaP": "DAP", "DIr": "DIR",
    "DéGéOM": "DÉGÉOM", "IeJ": "IEJ", "aDF": "ADF", "aDCF": "ADCF", "e2C": "E2C", "Ml": "ML",
    "PreFOb": "PREFOB", "OreF": "OREF", "SMa": "SMA", "CFa": "CFA", "OCTa": "OCTA", "aGeFOS": "AGEFOS",
    "POeC": "POEC", "FPSPP": "FPSPP", "SPe": "SPE", "aFPa": "AFPA", "DIeCCTe": "DIECCTE",
    "CPNe": "CPNE", "COPaNeF": "COPANEF", "COPareF": "COPAREF", "ODS": "ODS", "epide": "EPIDE",
}  # fmt: skip
_ACRONYM_RE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ACRONYMS), key=len, reverse=True)) + r")(?![\w])"
)


@register.filter
def seedtext(text: str) -> str:
    """A transcribed text as shown: first letter capitalised, acronyms restored."""
    if not text:
        return ""
    text = _ACRONYM_RE.sub(lambda m: ACRONYMS[m.group(1)], str(text))
    return text[0].upper() + text[1:]


@register.filter
def blocks(paragraphs: list[str]) -> list[dict]:
    """Paragraphs grouped for display: runs of « • » items become one list."""
    result: list[dict] = []
    for paragraph in paragraphs or []:
        if paragraph.startswith(("•", "–")):
            item = paragraph.lstrip("•– ").strip()
            if result and result[-1]["list"]:
                result[-1]["items"].append(item)
            else:
                result.append({"list": True, "items": [item], "text": ""})
        else:
            result.append({"list": False, "items": [], "text": paragraph})
    return result


@register.simple_tag
def territory(code: str) -> str:
    from ..enums import Territory

    return Territory(code).label if code in Territory.values else code


@register.simple_tag
def calendar_items(action, year: int) -> list[str]:
    """The forecast calendar of an action for one year (stored with the year as text)."""
    return list((action.calendar or {}).get(str(year)) or [])


@register.simple_tag
def observatory_label(code: str) -> str:
    from mlplatform.observatory.indicators import INDICATORS_BY_CODE

    definition = INDICATORS_BY_CODE.get(code)
    return definition.label if definition else code
