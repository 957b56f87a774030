"""The processing of personal data the platform carries out, read from data/traitements.yaml.

A retention period the platform enforces names its setting in the file; the page shows the setting's
current value (``override_settings`` in a test, or another value in a deployment, changes the page).
A figure fixed in the code (a threshold, a window) names its constant (``constant``: dotted path) so
that the page says what the code does.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.module_loading import import_string

from mlplatform.core.french import counted

PROCESSING_FILE = Path(__file__).resolve().parent / "data" / "traitements.yaml"

IN_SERVICE = "en service"
TO_COME = "à venir"
# Where rights are exercised: the publisher ("platform"), the structure that recorded the data
# ("structure"), the young person's Mission Locale ("mission_locale", ML framework 4.2.2.5), or
# nowhere because nobody can be found in the data ("anonymous").
RIGHTS = {"platform", "structure", "mission_locale", "anonymous"}
UNITS = {"seconds", "days", "years", "count"}
# Largest unit first: a duration is told in the largest unit that divides it exactly.
_SECONDS = ((86_400, "jour"), (3_600, "heure"), (60, "minute"), (1, "seconde"))


class ProcessingError(ValueError):
    """The processing file does not describe what the page must say."""


@dataclass(frozen=True)
class Value:
    setting: str  # a setting's name, or "" for a constant
    unit: str
    constant: str = ""  # the dotted path of a constant of the code

    def current(self) -> int:
        return import_string(self.constant) if self.constant else getattr(settings, self.setting)


@dataclass(frozen=True)
class Retention:
    text: str  # with {placeholders} for values
    values: dict[str, Value]

    def settings_used(self) -> list[str]:
        return [value.setting for value in self.values.values() if value.setting]

    def constants_used(self) -> list[str]:
        return [value.constant for value in self.values.values() if value.constant]


@dataclass(frozen=True)
class Processing:
    key: str
    title: str
    status: str
    summary: str = ""
    purpose: str = ""
    legal_basis: str = ""
    data: tuple[str, ...] = ()
    retention: tuple[Retention, ...] = ()
    recipients: tuple[str, ...] = ()
    rights: str = ""

    @property
    def in_service(self) -> bool:
        return self.status == IN_SERVICE


def duration(value: int, unit: str) -> str:
    """A setting's value in French words: duration(36000, "seconds") -> "10 heures"."""
    if unit == "count":
        return str(value)
    if unit == "days":
        return counted(value, "jour")
    if unit == "years":
        return counted(value, "an")
    for size, word in _SECONDS:
        if value % size == 0:
            return counted(value // size, word)
    raise AssertionError("unreachable: every integer is a number of seconds")


def retention_text(retention: Retention) -> str:
    """The retention sentence with the current values of its settings."""
    values = {name: duration(value.current(), value.unit) for name, value in retention.values.items()}
    return retention.text.format(**values)


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProcessingError(f"{where} : {key} est attendu")
    return " ".join(value.split())


def _texts(entry: dict, key: str, where: str) -> tuple[str, ...]:
    values = entry.get(key)
    if (
        not isinstance(values, list)
        or not values
        or not all(isinstance(v, str) and v.strip() for v in values)
    ):
        raise ProcessingError(f"{where} : {key} doit être une liste de textes")
    return tuple(" ".join(value.split()) for value in values)


def _retention(item: Any, where: str) -> Retention:
    if not isinstance(item, dict):
        raise ProcessingError(f"{where} : chaque durée de conservation est un texte et ses valeurs")
    text = _text(item, "text", where)
    values = {}
    for name, spec in (item.get("values") or {}).items():
        if not isinstance(spec, dict) or spec.get("unit") not in UNITS:
            raise ProcessingError(f"{where} : {name} : unité attendue parmi {sorted(UNITS)}")
        values[name] = _value(name, spec, where)
    placeholders = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    if placeholders != set(values):
        raise ProcessingError(
            f"{where} : le texte utilise {sorted(placeholders)}, les valeurs sont {sorted(values)}"
        )
    return Retention(text=text, values=values)


def _value(name: str, spec: dict, where: str) -> Value:
    """A setting (``setting: NAME``) or a constant of the code (``constant: package.module.NAME``)."""
    if "constant" in spec:
        constant = spec["constant"]
        try:
            value = import_string(constant) if isinstance(constant, str) else None
        except ImportError:
            value = None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProcessingError(f"{where} : {name} : constante entière inconnue {constant!r}")
        return Value(setting="", unit=spec["unit"], constant=constant)
    setting = spec.get("setting")
    if not isinstance(setting, str) or not hasattr(settings, setting):
        raise ProcessingError(f"{where} : {name} : paramètre inconnu {setting!r}")
    return Value(setting=setting, unit=spec["unit"])


def _processing(entry: Any) -> Processing:
    if not isinstance(entry, dict):
        raise ProcessingError("chaque traitement est un dictionnaire")
    key = _text(entry, "key", "traitement")
    title = _text(entry, "title", key)
    status = entry.get("status")
    if status == TO_COME:
        return Processing(key=key, title=title, status=status, summary=_text(entry, "summary", key))
    if status != IN_SERVICE:
        raise ProcessingError(f"{key} : status « {IN_SERVICE} » ou « {TO_COME} » attendu")
    if entry.get("rights") not in RIGHTS:
        raise ProcessingError(f"{key} : rights attendu parmi {sorted(RIGHTS)}")
    retention = entry.get("retention")
    if not isinstance(retention, list) or not retention:
        raise ProcessingError(f"{key} : retention doit dire combien de temps les données sont gardées")
    return Processing(
        key=key,
        title=title,
        status=status,
        purpose=_text(entry, "purpose", key),
        legal_basis=_text(entry, "legal_basis", key),
        data=_texts(entry, "data", key),
        retention=tuple(_retention(item, key) for item in retention),
        recipients=_texts(entry, "recipients", key),
        rights=entry["rights"],
    )


def parse(data: Any) -> list[Processing]:
    """The processing described by ``data`` (the YAML file's content), checked."""
    entries = data.get("processing") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ProcessingError("processing : la liste des traitements est attendue")
    processing = [_processing(entry) for entry in entries]
    keys = [item.key for item in processing]
    if len(keys) != len(set(keys)):
        raise ProcessingError(f"clés en double : {keys}")
    return processing


@cache
def all_processing() -> list[Processing]:
    """The platform's processing, as in the file (read once per process)."""
    return parse(yaml.safe_load(PROCESSING_FILE.read_text(encoding="utf-8")))
