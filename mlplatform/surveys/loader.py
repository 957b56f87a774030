"""Validate and load a questionnaire file (YAML, see data/SCHEMA.md).

``validate(data)`` lists every problem at once; ``load_text``/``load_file`` refuse a bad file with all
its problems, do nothing for a version already loaded unchanged, refuse a changed file for a version
already loaded (versions are never modified in place: load a new version beside the old one).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from mlplatform.network.models import Structure

from .enums import CHOICE_TYPES, NPS_OPTIONS, SCALE_OPTIONS, Audience, QuestionType
from .models import QuestionnaireVersion

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_-]{0,39}$")
QUESTION_CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TOP_KEYS = {"code", "version", "title", "audience", "default_wording", "introduction", "sections"}
SECTION_KEYS = {"title", "questions"}
QUESTION_KEYS = {"code", "type", "text", "help", "required", "options", "show_if", "min", "max"}
MAX_QUESTIONS = 60


class QuestionnaireRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    version: QuestionnaireVersion
    created: bool


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def options_of(question: dict) -> list[tuple[str, str]]:
    """(value, label) of a choice question, whatever its type (scales and 0-10 have fixed options)."""
    if question["type"] == QuestionType.SCALE:
        return SCALE_OPTIONS
    if question["type"] == QuestionType.NPS:
        return NPS_OPTIONS
    return [(option["value"], option["label"]) for option in question.get("options") or []]


class _Validator:
    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[str] = []
        self.seen: dict[str, dict] = {}

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where} : {message}")

    def run(self) -> list[str]:
        data = self.data
        if not isinstance(data, dict):
            return ["fichier : le questionnaire doit être un dictionnaire YAML (code, version, title…)"]
        for key in sorted(set(data) - TOP_KEYS):
            self.problem("fichier", f"clé inconnue « {key} »")
        if not (isinstance(data.get("code"), str) and CODE_RE.match(data["code"])):
            self.problem("code", "obligatoire, en majuscules, chiffres, - ou _ (40 caractères au plus)")
        if not (_text(str(data.get("version", ""))) and len(str(data.get("version"))) <= 20):
            self.problem("version", "obligatoire (20 caractères au plus)")
        if not (_text(data.get("title")) and len(data["title"]) <= 200):
            self.problem("title", "obligatoire (200 caractères au plus)")
        if data.get("audience") not in Audience.values:
            self.problem("audience", f"doit valoir l'une de : {', '.join(Audience.values)}")
        if "default_wording" in data and not isinstance(data["default_wording"], bool):
            self.problem("default_wording", "doit valoir true ou false")
        sections = data.get("sections")
        if not isinstance(sections, list) or not sections:
            self.problem("sections", "au moins une partie est attendue")
            return self.problems
        for index, section in enumerate(sections, start=1):
            self.section(f"partie {index}", section)
        if sum(len(s.get("questions") or []) for s in sections if isinstance(s, dict)) > MAX_QUESTIONS:
            self.problem("sections", f"{MAX_QUESTIONS} questions au plus")
        return self.problems

    def section(self, where: str, section: Any) -> None:
        if not isinstance(section, dict):
            self.problem(where, "doit être un dictionnaire (title, questions)")
            return
        for key in sorted(set(section) - SECTION_KEYS):
            self.problem(where, f"clé inconnue « {key} »")
        if not _text(section.get("title")):
            self.problem(where, "title obligatoire")
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            self.problem(where, "au moins une question est attendue")
            return
        for index, question in enumerate(questions, start=1):
            self.question(f"{where}, question {index}", question)

    def question(self, where: str, question: Any) -> None:
        if not isinstance(question, dict):
            self.problem(where, "doit être un dictionnaire (code, type, text…)")
            return
        code = question.get("code")
        if isinstance(code, str) and QUESTION_CODE_RE.match(code):
            where = f"question {code}"
            if code in self.seen:
                self.problem(where, "code en double")
        else:
            self.problem(where, "code obligatoire (lettres, chiffres, _ ; 40 caractères au plus)")
        for key in sorted(set(question) - QUESTION_KEYS):
            self.problem(where, f"clé inconnue « {key} »")
        kind = question.get("type")
        if kind not in QuestionType.values:
            self.problem(where, f"type inconnu « {kind} » (attendu : {', '.join(QuestionType.values)})")
        if not _text(question.get("text")):
            self.problem(where, "text obligatoire")
        if "required" in question and not isinstance(question["required"], bool):
            self.problem(where, "required doit valoir true ou false")
        self.options(where, kind, question.get("options"))
        if kind != QuestionType.NUMBER and ("min" in question or "max" in question):
            self.problem(where, "min et max ne valent que pour une question de type number")
        if kind == QuestionType.NUMBER:
            low, high = question.get("min"), question.get("max")
            if any(v is not None and not isinstance(v, int | float) for v in (low, high)):
                self.problem(where, "min et max doivent être des nombres")
            elif low is not None and high is not None and low > high:
                self.problem(where, "min est plus grand que max")
        if "show_if" in question:
            self.condition(where, question["show_if"])
        if isinstance(code, str) and code not in self.seen:
            self.seen[code] = question

    def options(self, where: str, kind: Any, options: Any) -> None:
        if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if not isinstance(options, list) or len(options) < 2:
                self.problem(where, "au moins deux options (value, label) sont attendues")
                return
            values = []
            for option in options:
                if not (isinstance(option, dict) and set(option) == {"value", "label"}):
                    self.problem(where, "chaque option a exactement une value et un label")
                    continue
                if not (isinstance(option["value"], str) and VALUE_RE.match(option["value"])):
                    self.problem(
                        where,
                        f"valeur d'option invalide « {option['value']} » (minuscules, chiffres, - ou _)",
                    )
                if not _text(option["label"]):
                    self.problem(where, "label d'option vide")
                values.append(option["value"])
            if len(values) != len(set(values)):
                self.problem(where, "valeurs d'option en double")
        elif options is not None:
            self.problem(where, "options ne vaut que pour les types single et multiple")

    def condition(self, where: str, condition: Any) -> None:
        if not (isinstance(condition, dict) and set(condition) == {"question", "equals"}):
            self.problem(where, "show_if attend exactement question et equals")
            return
        target = self.seen.get(condition["question"])
        if target is None:
            self.problem(
                where, f"show_if renvoie à « {condition['question']} », qui n'est pas une question précédente"
            )
            return
        if target.get("type") not in CHOICE_TYPES | {QuestionType.NPS}:
            self.problem(where, "show_if ne peut renvoyer qu'à une question à choix")
            return
        equals = condition["equals"]
        allowed = (
            {value for value, _ in options_of(target)} if target.get("type") in QuestionType.values else set()
        )
        values = equals if isinstance(equals, list) else [equals]
        for value in values:
            if str(value) not in allowed:
                self.problem(where, f"show_if : « {value} » n'est pas une option de {condition['question']}")


def validate(data: Any) -> list[str]:
    return _Validator(data).run()


def _normalised(data: dict) -> dict:
    """The definition as stored: condition values as lists of strings, required false by default."""
    for section in data["sections"]:
        for question in section["questions"]:
            question.setdefault("required", False)
            if "show_if" in question:
                equals = question["show_if"]["equals"]
                question["show_if"]["equals"] = [
                    str(v) for v in (equals if isinstance(equals, list) else [equals])
                ]
    data["version"] = str(data["version"])
    return data


def load_text(text: str, *, owner: Structure | None = None, source: str = "fichier") -> LoadResult:
    """Validate and load a questionnaire given as YAML text. Raises ``QuestionnaireRefused``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise QuestionnaireRefused([f"{source} : YAML illisible ({error})"]) from error
    problems = validate(data)
    if problems:
        raise QuestionnaireRefused(problems)
    data = _normalised(data)
    digest = hashlib.sha256(text.encode()).hexdigest()
    other_author = QuestionnaireVersion.objects.filter(code=data["code"]).exclude(owner=owner)
    if owner is None:
        other_author = QuestionnaireVersion.objects.filter(code=data["code"], owner__isnull=False)
    if other_author.exists():
        raise QuestionnaireRefused(
            [f"code : « {data['code']} » est le code du questionnaire d'un autre auteur"]
        )
    with transaction.atomic():
        existing = (
            QuestionnaireVersion.objects.select_for_update()
            .filter(code=data["code"], version=data["version"])
            .first()
        )
        if existing is not None:
            if existing.sha256 == digest:
                return LoadResult(existing, created=False)
            raise QuestionnaireRefused(
                [
                    f"version : {data['code']} version {data['version']} est déjà chargée avec un autre "
                    "contenu ; une version chargée n'est jamais modifiée, donnez un nouveau numéro de version"
                ]
            )
        version = QuestionnaireVersion.objects.create(
            code=data["code"],
            version=data["version"],
            title=data["title"].strip(),
            audience=data["audience"],
            default_wording=data.get("default_wording", False),
            owner=owner,
            definition=data,
            sha256=digest,
        )
    return LoadResult(version, created=True)


def load_file(path: Path | str, *, owner: Structure | None = None) -> LoadResult:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireRefused([f"{path.name} : fichier illisible ({error})"]) from error
    return load_text(text, owner=owner, source=path.name)


def national_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))
