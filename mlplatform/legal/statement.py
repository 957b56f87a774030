"""The accessibility statement (déclaration d'accessibilité), read from data/accessibilite.yaml.

The conformity state is not written in the file: it follows from the audit, as the RGAA defines it
(no valid audit, or under 50 % of the criteria met: "non conforme"; from 50 %: "partiellement
conforme"; every criterion: "totalement conforme"). The footer of every page and the statement say
the same thing because both read it here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

STATEMENT_FILE = Path(__file__).resolve().parent / "data" / "accessibilite.yaml"

NOT_CONFORMANT = "non conforme"
PARTIALLY_CONFORMANT = "partiellement conforme"
FULLY_CONFORMANT = "totalement conforme"
PARTIAL_FROM = 50  # % of the criteria met from which a site is "partiellement conforme"


class StatementError(ValueError):
    """The statement file does not say what the RGAA requires of it."""


@dataclass(frozen=True)
class Audit:
    date: datetime.date
    by: str
    rate: float  # % of the applicable criteria met
    report_url: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class AutomatedChecks:
    axe_version: str
    levels: str
    pages: tuple[str, ...]  # at a computer's width, for every role that opens them
    phone_pages: tuple[str, ...] = ()  # also at a phone's width


@dataclass(frozen=True)
class Statement:
    rgaa_version: str
    established_on: datetime.date
    audit: Audit | None
    multi_year_plan_url: str
    technologies: tuple[str, ...]
    environment: tuple[str, ...]
    tools: tuple[str, ...]
    automated_checks: AutomatedChecks
    non_conformities: tuple[str, ...]
    disproportionate_burden: tuple[str, ...]
    exempt: tuple[str, ...]

    @property
    def conformity(self) -> str:
        return conformity_of(self.audit.rate if self.audit else None)


def conformity_of(rate: float | None) -> str:
    """The RGAA's conformity state for an audit's rate (None: no audit, so "non conforme")."""
    if rate is None or rate < PARTIAL_FROM:
        return NOT_CONFORMANT
    return FULLY_CONFORMANT if rate >= 100 else PARTIALLY_CONFORMANT


def _texts(data: dict, key: str, *, required: bool = False) -> tuple[str, ...]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise StatementError(f"{key} : une liste de textes est attendue")
    if required and not values:
        raise StatementError(f"{key} : au moins un élément est attendu")
    return tuple(" ".join(value.split()) for value in values)


def _date(data: dict, key: str) -> datetime.date:
    value = data.get(key)
    if not isinstance(value, datetime.date):
        raise StatementError(f"{key} : une date AAAA-MM-JJ est attendue")
    return value


def _audit(data: dict | None) -> Audit | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise StatementError("audit : null ou la description de l'audit (date, by, rate) est attendu")
    rate = data.get("rate")
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 100:
        raise StatementError("audit.rate : un pourcentage de 0 à 100 est attendu")
    by = data.get("by")
    if not isinstance(by, str) or not by.strip():
        raise StatementError(
            "audit.by : le nom de l'organisme ou de l'équipe qui a réalisé l'audit est attendu"
        )
    return Audit(
        date=_date(data, "date"),
        by=by.strip(),
        rate=float(rate),
        report_url=str(data.get("report_url") or ""),
        pages=_texts(data, "pages"),
    )


def parse(data: dict) -> Statement:
    """The statement described by ``data`` (the YAML file's content), checked."""
    if not isinstance(data, dict):
        raise StatementError("le fichier doit décrire la déclaration (un dictionnaire YAML)")
    if not data.get("rgaa_version"):
        raise StatementError("rgaa_version : la version du RGAA appliquée est attendue")
    checks = data.get("automated_checks")
    if not isinstance(checks, dict) or not checks.get("axe_version"):
        raise StatementError("automated_checks : axe_version, levels et pages sont attendus")
    non_accessible = data.get("non_accessible") or {}
    return Statement(
        rgaa_version=str(data.get("rgaa_version") or ""),
        established_on=_date(data, "established_on"),
        audit=_audit(data.get("audit")),
        multi_year_plan_url=str(data.get("multi_year_plan_url") or ""),
        technologies=_texts(data, "technologies", required=True),
        environment=_texts(data, "environment", required=True),
        tools=_texts(data, "tools", required=True),
        automated_checks=AutomatedChecks(
            axe_version=str(checks["axe_version"]),
            levels=str(checks.get("levels") or ""),
            pages=_texts(checks, "pages", required=True),
            phone_pages=_texts(checks, "phone_pages"),
        ),
        non_conformities=_texts(non_accessible, "non_conformities"),
        disproportionate_burden=_texts(non_accessible, "disproportionate_burden"),
        exempt=_texts(non_accessible, "exempt"),
    )


@cache
def statement() -> Statement:
    """The platform's statement (read once per process)."""
    return parse(yaml.safe_load(STATEMENT_FILE.read_text(encoding="utf-8")))
