"""Validate and load a framework data file (YAML, see data/SCHEMA.md).

``validate(data)`` lists every problem at once; ``load_file(path)`` refuses a bad file with
all its problems, does nothing for a file already loaded unchanged, refuses a changed file
for a version already loaded (versions are immutable), and otherwise creates the version in
one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from .enums import FRAMEWORK_ADDRESSEES
from .models import (
    Commitment,
    Framework,
    FrameworkVersion,
    Part,
    PreambleEntry,
    Requirement,
    RequirementMapping,
    Section,
    default_rating_scale,
)
from .search import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{0,19}$")


class FrameworkFileRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadResult:
    version: FrameworkVersion
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(_text(item) for item in value)


class _Validator:
    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[str] = []
        self.refs: set[str] = set()
        self.requirement_refs: set[str] = set()
        self.commitment_count = 0

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where} : {message}")

    def run(self) -> list[str]:
        data = self.data
        if not isinstance(data, dict):
            return ["le fichier doit décrire un référentiel (un dictionnaire YAML à la racine)"]
        for key in ("code", "version", "title", "parts"):
            if key not in data:
                self.problem("racine", f"clé obligatoire « {key} » absente")
        code, version = data.get("code"), data.get("version")
        if "code" in data and not (isinstance(code, str) and CODE_RE.match(code)):
            self.problem("code", f"code invalide « {code} »")
        if "version" in data and not _text(version):
            self.problem("version", 'la version doit être un texte non vide (entre guillemets, ex. "2022")')
        if "title" in data and not _text(data.get("title")):
            self.problem("title", "le titre est vide")
        adopted = data.get("adopted_on")
        if adopted is not None and _as_date(adopted) is None:
            self.problem("adopted_on", f"date invalide « {adopted} » (attendu AAAA-MM-JJ)")
        known = {
            "code",
            "version",
            "title",
            "adopted_on",
            "source",
            "previous_version",
            "mapping",
            "preamble",
            "parts",
            "rating_scale",
        }
        for key in set(data) - known:
            self.problem("racine", f"clé inconnue « {key} »")
        self._rating_scale(data.get("rating_scale"))
        for index, entry in enumerate(data.get("preamble") or [], start=1):
            if not (isinstance(entry, dict) and _text(entry.get("title")) and _text(entry.get("text"))):
                self.problem(f"preamble[{index}]", "chaque texte du préambule a un titre et un texte")
        prefix = f"{code}-{version}-"
        addressees = FRAMEWORK_ADDRESSEES.get(code, frozenset()) if isinstance(code, str) else frozenset()
        if isinstance(code, str) and code not in FRAMEWORK_ADDRESSEES:
            self.problem(
                "code", f"référentiel inconnu « {code} » (connus : {', '.join(FRAMEWORK_ADDRESSEES)})"
            )
        parts = data.get("parts")
        if "parts" in data and not (isinstance(parts, list) and parts):
            self.problem("parts", "au moins une partie est attendue")
            parts = []
        part_numbers: set[str] = set()
        for p_index, part in enumerate(parts or [], start=1):
            where = f"parts[{p_index}]"
            if not isinstance(part, dict):
                self.problem(where, "une partie doit être un dictionnaire")
                continue
            number = str(part.get("number", ""))
            if not number or number in part_numbers:
                self.problem(where, f"numéro de partie absent ou en double « {number} »")
            part_numbers.add(number)
            if not _text(part.get("title")):
                self.problem(where, "titre de partie absent")
            sections = part.get("sections") or []
            commitments = part.get("commitments") or []
            if not sections and not commitments:
                self.problem(where, "la partie ne contient aucun engagement")
            self._commitments(commitments, f"{prefix}{number}.", where, addressees)
            for s_index, section in enumerate(sections, start=1):
                s_where = f"{where}.sections[{s_index}]"
                s_number = str(section.get("number", "")) if isinstance(section, dict) else ""
                if not s_number.startswith(f"{number}."):
                    self.problem(
                        s_where, f"le numéro de section « {s_number} » doit commencer par « {number}. »"
                    )
                if not isinstance(section, dict) or not _text(section.get("title")):
                    self.problem(s_where, "titre de section absent")
                    continue
                self._commitments(
                    section.get("commitments") or [], f"{prefix}{s_number}.", s_where, addressees
                )
        mapping = data.get("mapping") or {}
        if mapping and not data.get("previous_version"):
            self.problem("mapping", "une correspondance demande « previous_version »")
        if not isinstance(mapping, dict):
            self.problem("mapping", "la correspondance est un dictionnaire {ancienne référence: nouvelle}")
        else:
            for old, new in mapping.items():
                targets = new if isinstance(new, list) else [new]
                for target in targets:
                    if target not in self.requirement_refs:
                        self.problem("mapping", f"« {old} » renvoie à une exigence inconnue « {target} »")
        return self.problems

    def _rating_scale(self, scale: Any) -> None:
        if scale is None:
            return
        if not (isinstance(scale, list) and len(scale) >= 2 and all(isinstance(e, dict) for e in scale)):
            self.problem("rating_scale", "l'échelle est une liste d'au moins deux niveaux {value, label}")
            return
        values = [entry.get("value") for entry in scale]
        if values != list(range(len(scale))):
            self.problem("rating_scale", "les niveaux sont numérotés 0, 1, 2… dans l'ordre")
        if not all(_text(entry.get("label")) for entry in scale):
            self.problem("rating_scale", "chaque niveau a un libellé")

    def _commitments(self, commitments: Any, ref_prefix: str, where: str, addressees: frozenset[str]) -> None:
        if not isinstance(commitments, list):
            self.problem(where, "« commitments » doit être une liste")
            return
        for c_index, commitment in enumerate(commitments, start=1):
            c_where = f"{where}.commitments[{c_index}]"
            self.commitment_count += 1
            if not isinstance(commitment, dict):
                self.problem(c_where, "un engagement doit être un dictionnaire")
                continue
            ref = commitment.get("ref")
            self._ref(c_where, ref, f"{ref_prefix}{c_index}")
            if not _text(commitment.get("title")):
                self.problem(c_where, "intitulé de l'engagement absent")
            if not _str_list(commitment.get("reference_texts", [])):
                self.problem(c_where, "« reference_texts » doit être une liste de textes")
            requirements = commitment.get("requirements")
            if not (isinstance(requirements, list) and requirements):
                self.problem(c_where, "l'engagement n'a aucune exigence")
                continue
            self._requirements(requirements, str(ref), c_where, addressees)

    def _requirements(
        self, requirements: list, parent_ref: str, where: str, addressees: frozenset[str]
    ) -> None:
        for r_index, requirement in enumerate(requirements, start=1):
            r_where = f"{where}.requirements[{r_index}]"
            if not isinstance(requirement, dict):
                self.problem(r_where, "une exigence doit être un dictionnaire")
                continue
            ref = requirement.get("ref")
            self._ref(r_where, ref, f"{parent_ref}.{r_index}")
            self.requirement_refs.add(str(ref))
            if not _text(requirement.get("text")):
                self.problem(r_where, "texte de l'exigence absent")
            if requirement.get("addressee") not in addressees:
                self.problem(
                    r_where,
                    f"destinataire « {requirement.get('addressee')} » invalide "
                    f"(attendu : {', '.join(sorted(addressees))})",
                )
            if not _str_list(requirement.get("examples", [])):
                self.problem(r_where, "« examples » doit être une liste de textes")
            children = requirement.get("children") or []
            if not isinstance(children, list):
                self.problem(r_where, "« children » doit être une liste")
                continue
            self._requirements(children, str(ref), r_where, addressees)

    def _ref(self, where: str, ref: Any, expected: str) -> None:
        if ref != expected:
            self.problem(where, f"référence « {ref} » inattendue : « {expected} » attendue")
        if ref in self.refs:
            self.problem(where, f"référence « {ref} » en double")
        self.refs.add(str(ref))


def validate(data: Any) -> list[str]:
    return _Validator(data).run()


def read_file(path: Path) -> tuple[dict, str]:
    raw = Path(path).read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise FrameworkFileRefused([f"{path} : le fichier n'est pas encodé en UTF-8"]) from error
    except yaml.YAMLError as error:
        raise FrameworkFileRefused([f"{path} : YAML illisible ({error})"]) from error
    return data, hashlib.sha256(raw).hexdigest()


def load_file(path: Path) -> LoadResult:
    data, digest = read_file(path)
    problems = validate(data)
    if problems:
        raise FrameworkFileRefused(problems)
    existing = FrameworkVersion.objects.filter(framework__code=data["code"], version=data["version"]).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise FrameworkFileRefused(
                [
                    f"la version {data['version']} du référentiel {data['code']} est déjà chargée "
                    "avec un autre contenu : une version chargée n'est jamais modifiée "
                    "(les auto-évaluations s'y réfèrent). Chargez le texte modifié "
                    "comme une nouvelle version."
                ]
            )
        return LoadResult(existing, created=False)
    previous = None
    if data.get("previous_version"):
        previous = FrameworkVersion.objects.filter(
            framework__code=data["code"], version=data["previous_version"]
        ).first()
        if previous is None:
            raise FrameworkFileRefused([f"version précédente « {data['previous_version']} » non chargée"])
    return _create(data, digest, previous)


@transaction.atomic
def _create(data: dict, digest: str, previous: FrameworkVersion | None) -> LoadResult:
    framework, _ = Framework.objects.get_or_create(code=data["code"])
    version = FrameworkVersion.objects.create(
        framework=framework,
        version=data["version"],
        title=data["title"].strip(),
        adopted_on=_as_date(data["adopted_on"]) if data.get("adopted_on") else None,
        source=data.get("source") or "",
        previous=previous,
        content_hash=digest,
        rating_scale=(
            [{"value": e["value"], "label": e["label"].strip()} for e in data["rating_scale"]]
            if data.get("rating_scale")
            else default_rating_scale()
        ),
    )
    PreambleEntry.objects.bulk_create(
        PreambleEntry(version=version, position=i, title=e["title"].strip(), text=e["text"].strip())
        for i, e in enumerate(data.get("preamble") or [])
    )
    counters = {"commitment": 0, "requirement": 0}
    requirements_by_ref: dict[str, Requirement] = {}
    for p_index, part_data in enumerate(data["parts"]):
        part = Part.objects.create(
            version=version,
            position=p_index,
            number=str(part_data["number"]),
            title=part_data["title"].strip(),
            intro=(part_data.get("intro") or "").strip(),
        )
        _create_commitments(
            version, part, None, part_data.get("commitments") or [], counters, requirements_by_ref
        )
        for s_index, section_data in enumerate(part_data.get("sections") or []):
            section = Section.objects.create(
                part=part,
                position=s_index,
                number=str(section_data["number"]),
                title=section_data["title"].strip(),
            )
            _create_commitments(
                version, part, section, section_data.get("commitments") or [], counters, requirements_by_ref
            )
    if previous is not None:
        old_by_ref = {r.ref: r for r in previous.requirements.all()}
        mappings = []
        for old_ref, new in (data.get("mapping") or {}).items():
            if old_ref not in old_by_ref:
                raise FrameworkFileRefused(
                    [f"mapping : « {old_ref} » n'existe pas dans la version précédente"]
                )
            targets = new if isinstance(new, list) else [new]
            if not targets:  # "old: []": removed, whatever new requirement reuses its number
                mappings.append(RequirementMapping(version=version, old=old_by_ref[old_ref], new=None))
            for new_ref in targets:
                mappings.append(
                    RequirementMapping(
                        version=version, old=old_by_ref[old_ref], new=requirements_by_ref[new_ref]
                    )
                )
        RequirementMapping.objects.bulk_create(mappings)
    return LoadResult(
        version,
        created=True,
        counts={"engagements": counters["commitment"], "exigences": counters["requirement"]},
    )


def _create_commitments(version, part, section, commitments, counters, requirements_by_ref) -> None:
    for commitment_data in commitments:
        counters["commitment"] += 1
        commitment = Commitment.objects.create(
            version=version,
            part=part,
            section=section,
            position=counters["commitment"],
            ref=commitment_data["ref"],
            title=commitment_data["title"].strip(),
            reference_texts=[t.strip() for t in commitment_data.get("reference_texts") or []],
        )
        _create_requirements(
            version, commitment, None, commitment_data["requirements"], counters, requirements_by_ref
        )


def _create_requirements(version, commitment, parent, items, counters, requirements_by_ref) -> None:
    for item in items:
        counters["requirement"] += 1
        requirement = Requirement.objects.create(
            version=version,
            commitment=commitment,
            parent=parent,
            position=counters["requirement"],
            ref=item["ref"],
            text=item["text"].strip(),
            addressee=item["addressee"],
            examples=[e.strip() for e in item.get("examples") or []],
            search_text=fold(" ".join([item["text"], *(item.get("examples") or [])])),
        )
        requirements_by_ref[requirement.ref] = requirement
        _create_requirements(
            version, commitment, requirement, item.get("children") or [], counters, requirements_by_ref
        )


def bundled_files() -> list[Path]:
    """The real frameworks (``frameworks load --all``); the demo versions under data/demo/ are not."""
    return sorted(DATA_DIR.glob("*.yaml"))


def demo_files() -> list[Path]:
    """Fictitious versions, for the demo only (``setup_demo``): never loaded in production."""
    return sorted((DATA_DIR / "demo").glob("*.yaml"))
