"""Validate and load a programme data file (YAML, see data/SCHEMA.md).

``validate(data)`` lists every problem at once; ``load_file(path)`` refuses a bad file with all its
problems, does nothing for a file already loaded unchanged, refuses a changed file for a version
already loaded (a version is never modified in place), and otherwise creates the version in one
transaction; a new yearly version of the national programme carries the regional declinations
over to its actions (``services.relink_declinations``).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .enums import ProgrammeKind, Territory
from .models import Action, Axis, Priority, Programme, ProgrammeVersion, Theme
from .services import relink_declinations

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{1,29}$")
ROOT_KEYS = {
    "code",
    "kind",
    "owner",
    "title",
    "period",
    "version",
    "adopted_by",
    "adopted_on",
    "source",
    "rubriques",
    "themes",
    "axes",
    "priorities",
    "actions",
}
TEXT_LISTS = (
    "notes",
    "context",
    "stakes",
    "description_intro",
    "lead",
    "co_lead",
    "referent_armls",
    "concerned_armls",
    "actors",
    "territorial_text",
    "calendar_note",
)
ACTION_KEYS = {
    "number",
    "title",
    "seed_label",
    "theme",
    "axis",
    "description",
    "capitalisation",
    "essaimage",
    "territorial_dimension",
    "calendar",
    *TEXT_LISTS,
}
ITEM_KEYS = {"number", "text", "details", "method", "format"}
THEME_KEYS = {"number", "title", "table_label", "table"}


class ProgrammeFileRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    version: ProgrammeVersion
    created: bool
    actions: int = 0
    relinked: int = 0


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(_text(item) for item in value)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Validator:
    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where} : {message}")

    def run(self) -> list[str]:
        data = self.data
        if not isinstance(data, dict):
            return ["le fichier doit décrire un programme (un dictionnaire YAML à la racine)"]
        for key in ("code", "kind", "title", "period", "version", "actions"):
            if key not in data:
                self.problem("racine", f"clé obligatoire « {key} » absente")
        for key in sorted(set(data) - ROOT_KEYS):
            self.problem("racine", f"clé inconnue « {key} »")
        code = data.get("code")
        if "code" in data and not (isinstance(code, str) and CODE_RE.match(code)):
            self.problem("code", f"code invalide « {code} » (majuscules, chiffres et tirets)")
        kind = data.get("kind")
        if "kind" in data and kind not in ProgrammeKind.values:
            self.problem("kind", f"type inconnu « {kind} » (attendu : national ou regional)")
        if kind == ProgrammeKind.REGIONAL and not _text(data.get("owner")):
            self.problem("owner", "un programme régional indique le code de son ARML (« owner »)")
        if "title" in data and not _text(data.get("title")):
            self.problem("title", "le titre est vide")
        period = data.get("period")
        start = end = None
        if "period" in data:
            if isinstance(period, list) and len(period) == 2 and all(_int(y) for y in period):
                start, end = period
                if not 2000 <= start <= end <= 2100:
                    self.problem("period", f"période invalide {start}-{end}")
            else:
                self.problem("period", "la période est une liste de deux années, ex. [2018, 2020]")
        version = data.get("version")
        if "version" in data:
            if not _int(version):
                self.problem("version", f"la version est une année, ex. 2018 (lu : « {version} »)")
            elif start is not None and not start - 1 <= version <= end:
                self.problem("version", f"l'année de version {version} est hors de la période {start}-{end}")
        adopted = data.get("adopted_on")
        if adopted is not None and not isinstance(adopted, datetime.date):
            self.problem("adopted_on", f"date invalide « {adopted} » (attendu AAAA-MM-JJ)")
        if "rubriques" in data and not _str_list(data["rubriques"]):
            self.problem("rubriques", "les rubriques sont une liste de textes")
        themes = self._numbered(data.get("themes"), "themes")
        self._theme_tables(data.get("themes"))
        axes = self._numbered(data.get("axes"), "axes", lists=("objectives", "actions"))
        self._actions(data.get("actions"), themes, axes, start, end)
        numbers = {a.get("number") for a in data.get("actions") or [] if isinstance(a, dict)}
        for index, priority in enumerate(self._entries(data.get("priorities"), "priorities"), start=1):
            where = f"priorities[{index}]"
            if not (_int(priority.get("number")) and _text(priority.get("title"))):
                self.problem(where, "une priorité a un numéro et un intitulé")
            for number in priority.get("actions") or []:
                if number not in numbers:
                    self.problem(where, f"action inconnue « {number} »")
        return self.problems

    def _entries(self, value: Any, where: str) -> list[dict]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(where, "une liste d'éléments {number, title} est attendue")
            return []
        return value

    def _numbered(self, value: Any, where: str, lists: tuple[str, ...] = ()) -> set[int]:
        numbers: set[int] = set()
        for index, entry in enumerate(self._entries(value, where), start=1):
            number = entry.get("number")
            if not _int(number) or number in numbers:
                self.problem(f"{where}[{index}]", f"numéro absent ou en double « {number} »")
            else:
                numbers.add(number)
            if not _text(entry.get("title")):
                self.problem(f"{where}[{index}]", "intitulé absent")
            for key in lists:
                if key in entry and not _str_list(entry[key]):
                    self.problem(f"{where}[{index}]", f"« {key} » doit être une liste de textes")
        return numbers

    def _theme_tables(self, themes: Any) -> None:
        """The rows of the operational themes' table: a label and cells {heading, items}."""
        for index, theme in enumerate(themes if isinstance(themes, list) else [], start=1):
            if not isinstance(theme, dict):
                continue
            where = f"themes[{index}]"
            for key in sorted(set(theme) - THEME_KEYS):
                self.problem(where, f"clé inconnue « {key} »")
            if "table_label" in theme and not _text(theme["table_label"]):
                self.problem(where, "« table_label » est vide")
            table = theme.get("table")
            if table is None:
                continue
            if not isinstance(table, list):
                self.problem(where, "« table » est une liste de colonnes {heading, items}")
                continue
            for column in table:
                if not (
                    isinstance(column, dict)
                    and set(column) == {"heading", "items"}
                    and _text(column["heading"])
                    and _str_list(column["items"])
                ):
                    self.problem(
                        where,
                        "chaque colonne du tableau a un intitulé (« heading ») et des textes (« items »)",
                    )

    def _actions(self, actions: Any, themes: set[int], axes: set[int], start, end) -> None:
        if actions is None:
            return
        if not (isinstance(actions, list) and actions):
            self.problem("actions", "au moins une fiche action est attendue")
            return
        numbers: set[int] = set()
        for index, action in enumerate(actions, start=1):
            where = f"actions[{index}]"
            if not isinstance(action, dict):
                self.problem(where, "une fiche action doit être un dictionnaire")
                continue
            number = action.get("number")
            if not _int(number) or number < 1 or number in numbers:
                self.problem(where, f"numéro absent ou en double « {number} »")
            else:
                numbers.add(number)
                where = f"action {number}"
            for key in sorted(set(action) - ACTION_KEYS):
                self.problem(where, f"clé inconnue « {key} »")
            if not _text(action.get("title")):
                self.problem(where, "objectif (intitulé) absent")
            theme, axis = action.get("theme"), action.get("axis")
            if (theme is None) == (axis is None):
                self.problem(
                    where, "la fiche est rattachée soit à un thème (« theme »), soit à un axe (« axis »)"
                )
            elif theme is not None and theme not in themes:
                self.problem(where, f"thème inconnu « {theme} »")
            elif axis is not None and axis not in axes:
                self.problem(where, f"axe inconnu « {axis} »")
            for key in TEXT_LISTS:
                if key in action and not _str_list(action[key]):
                    self.problem(where, f"« {key} » doit être une liste de textes")
            for key in ("capitalisation", "essaimage"):
                if key in action and action[key] is not None and not isinstance(action[key], bool):
                    self.problem(where, f"« {key} » vaut true, false ou null (non précisé par la source)")
            for value in action.get("territorial_dimension") or []:
                if value not in Territory.values:
                    self.problem(
                        where, f"dimension territoriale inconnue « {value} » ({', '.join(Territory.values)})"
                    )
            self._description(action.get("description"), where)
            calendar = action.get("calendar") or {}
            if not isinstance(calendar, dict):
                self.problem(where, "le calendrier associe des années à des listes de textes")
                continue
            for year, items in calendar.items():
                if not _int(year) or (start is not None and not start <= year <= end):
                    self.problem(where, f"année de calendrier « {year} » hors de la période")
                if not isinstance(items, list) or not all(_text(i) for i in items):
                    self.problem(where, f"calendrier {year} : une liste de textes est attendue")

    def _description(self, items: Any, where: str) -> None:
        if items is None:
            return
        if not isinstance(items, list):
            self.problem(where, "la description est une liste de sous-actions numérotées")
            return
        seen: set[int] = set()
        for item in items:
            if not isinstance(item, dict) or not _text(item.get("text")):
                self.problem(where, "chaque sous-action a un texte")
                continue
            number = item.get("number")
            if not _int(number) or number in seen:
                self.problem(where, f"sous-action : numéro absent ou en double « {number} »")
            seen.add(number)
            for key in sorted(set(item) - ITEM_KEYS):
                self.problem(where, f"sous-action {number} : clé inconnue « {key} »")
            if "details" in item and not _str_list(item["details"]):
                self.problem(where, f"sous-action {number} : « details » doit être une liste de textes")
            for key in ("method", "format"):
                if key in item and not _text(item[key]):
                    self.problem(where, f"sous-action {number} : « {key} » est vide")


def validate(data: Any) -> list[str]:
    """Every problem of a programme data file (empty when it can be loaded)."""
    return _Validator(data).run()


def _owner(data: dict) -> tuple[Structure | None, str | None]:
    if data["kind"] == ProgrammeKind.NATIONAL:
        owner = Structure.objects.filter(type=StructureType.UNML).order_by("pk").first()
        return owner, None if owner else "owner : l'UNML n'existe pas encore dans le répertoire"
    owner = Structure.objects.filter(code=data["owner"], type=StructureType.ARML).first()
    return owner, None if owner else f"owner : aucune ARML de code « {data['owner']} »"


def read_file(path: Path) -> tuple[Any, bytes]:
    raw = path.read_bytes()
    try:
        return yaml.safe_load(raw.decode("utf-8")), raw
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProgrammeFileRefused([f"fichier illisible (YAML en UTF-8 attendu) : {error}"]) from error


def load_file(path: Path) -> LoadResult:
    data, raw = read_file(path)
    return load_data(data, hashlib.sha256(raw).hexdigest())


@transaction.atomic
def load_data(data: Any, sha256: str) -> LoadResult:
    problems = validate(data)
    if problems:
        raise ProgrammeFileRefused(problems)
    owner, problem = _owner(data)
    if problem:
        raise ProgrammeFileRefused([problem])
    start, end = data["period"]
    programme = Programme.objects.filter(code=data["code"]).first()
    if programme is not None:
        mismatch = []
        if programme.kind != data["kind"] or programme.owner_id != owner.pk:
            mismatch.append("code : ce code désigne déjà un autre programme (type ou structure porteuse)")
        if (programme.start_year, programme.end_year) != (start, end):
            mismatch.append(f"period : le programme {programme.code} couvre {programme.period}")
        if mismatch:
            raise ProgrammeFileRefused(mismatch)
        existing = programme.versions.filter(year=data["version"]).first()
        if existing is not None:
            if existing.source_sha256 == sha256:
                return LoadResult(existing, created=False)
            raise ProgrammeFileRefused(
                [
                    f"version : {programme.code} {data['version']} est déjà chargée ; une version n'est "
                    "jamais modifiée, chargez une nouvelle année"
                ]
            )
    else:
        programme = Programme.objects.create(
            code=data["code"],
            kind=data["kind"],
            owner=owner,
            title=data["title"].strip(),
            start_year=start,
            end_year=end,
        )
    version = ProgrammeVersion.objects.create(
        programme=programme,
        year=data["version"],
        adopted_by=(data.get("adopted_by") or "").strip(),
        adopted_on=data.get("adopted_on"),
        rubriques=data.get("rubriques") or [],
        source_sha256=sha256,
    )
    create_contents(version, data)

    relinked = relink_declinations(version) if programme.is_national else 0
    return LoadResult(version, created=True, actions=len(data["actions"]), relinked=relinked)


def create_contents(version: ProgrammeVersion, data: dict) -> None:
    """Themes, axes, priorities and action sheets of a validated data file."""
    themes = {
        t["number"]: Theme.objects.create(
            programme_version=version,
            number=t["number"],
            title=t["title"],
            table_label=t.get("table_label") or "",
            table=t.get("table") or [],
        )
        for t in data.get("themes") or []
    }
    axes = {
        a["number"]: Axis.objects.create(
            programme_version=version,
            number=a["number"],
            title=a["title"],
            objectives=a.get("objectives") or [],
            planned_actions=a.get("actions") or [],
        )
        for a in data.get("axes") or []
    }
    Priority.objects.bulk_create(
        Priority(
            programme_version=version,
            number=p["number"],
            title=p["title"],
            action_numbers=p.get("actions") or [],
        )
        for p in data.get("priorities") or []
    )
    Action.objects.bulk_create(
        Action(
            programme_version=version,
            number=a["number"],
            title=a["title"].strip(),
            seed_label=a.get("seed_label") or "",
            theme=themes.get(a.get("theme")),
            axis=axes.get(a.get("axis")),
            description=[
                {
                    "number": item["number"],
                    "text": item["text"],
                    "details": item.get("details") or [],
                    "method": item.get("method") or "",
                    "format": item.get("format") or "",
                }
                for item in a.get("description") or []
            ],
            capitalisation=a.get("capitalisation"),
            essaimage=a.get("essaimage"),
            territorial_dimension=a.get("territorial_dimension") or [],
            calendar={str(year): items for year, items in (a.get("calendar") or {}).items()},
            **{key: a.get(key) or [] for key in TEXT_LISTS},
        )
        for a in data["actions"]
    )


def bundled_files() -> list[Path]:
    """The real programmes (``programmes load --all``)."""
    return sorted(DATA_DIR.glob("*.yaml"))
