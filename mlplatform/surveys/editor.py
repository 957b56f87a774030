"""The form-based questionnaire editor: a new version of a questionnaire, written in a form.

The form starts from a loaded version (its sections and questions, plus blank questions and a blank
section to add). What is posted is turned back into a questionnaire definition, written as YAML and
loaded by ``loader.load_text``: the same checks as a file, every problem listed at once, nothing
loaded while one remains. A loaded version is never modified: the form always creates a new version
beside the base one (a version number already loaded with another content is refused by the loader).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from django.db.models import Q, QuerySet
from django.http import QueryDict

from mlplatform.network.models import Structure

from .enums import Audience, QuestionType
from .loader import LoadResult, load_text
from .models import QuestionnaireVersion

EXTRA_QUESTIONS = 2  # blank questions offered at the end of each section
MAX_SECTIONS = 20
MAX_QUESTIONS_PER_SECTION = 60
CHOICE_LISTS = (QuestionType.SINGLE, QuestionType.MULTIPLE)


@dataclass
class QuestionFields:
    prefix: str
    code: str = ""
    type: str = ""
    text: str = ""
    help: str = ""
    required: bool = False
    options: str = ""  # one per line, "value : label"
    show_if: str = ""  # the code of an earlier question
    show_values: str = ""  # its values, separated by commas
    min: str = ""
    max: str = ""

    @property
    def blank(self) -> bool:
        return not (self.code.strip() or self.text.strip())


@dataclass
class SectionFields:
    prefix: str
    title: str = ""
    questions: list[QuestionFields] = field(default_factory=list)


@dataclass
class Draft:
    code: str
    version: str
    title: str
    audience: str
    introduction: str
    default_wording: bool
    sections: list[SectionFields]


def _number(value) -> str:
    return "" if value is None else str(value)


def draft_of(base: QuestionnaireVersion) -> Draft:
    """The form's fields for a new version of ``base`` (its version number left to choose)."""
    definition = base.definition
    sections = []
    for s_index, section in enumerate([*definition["sections"], {"title": "", "questions": []}]):
        prefix = f"s{s_index}"
        questions = [
            QuestionFields(
                prefix=f"{prefix}-q{q_index}",
                code=question["code"],
                type=question["type"],
                text=question["text"],
                help=question.get("help", ""),
                required=bool(question.get("required")),
                options="\n".join(f"{o['value']} : {o['label']}" for o in question.get("options") or []),
                show_if=(question.get("show_if") or {}).get("question", ""),
                show_values=", ".join((question.get("show_if") or {}).get("equals", [])),
                min=_number(question.get("min")),
                max=_number(question.get("max")),
            )
            for q_index, question in enumerate(section["questions"])
        ]
        start = len(questions)
        questions += [QuestionFields(prefix=f"{prefix}-q{start + n}") for n in range(EXTRA_QUESTIONS)]
        sections.append(SectionFields(prefix, section["title"], questions))
    return Draft(
        code=base.code,
        version="",
        title=base.title,
        audience=base.audience,
        introduction=definition.get("introduction", ""),
        default_wording=False,
        sections=sections,
    )


def _count(post: QueryDict, name: str, limit: int) -> int:
    try:
        return max(0, min(int(post.get(name, "0")), limit))
    except ValueError:
        return 0


def draft_from_post(post: QueryDict) -> Draft:
    """The fields as posted (shown again with the problems when the loader refuses them)."""
    sections = []
    for s_index in range(_count(post, "sections", MAX_SECTIONS)):
        prefix = f"s{s_index}"
        questions = []
        for q_index in range(_count(post, f"{prefix}-questions", MAX_QUESTIONS_PER_SECTION)):
            q = f"{prefix}-q{q_index}"
            questions.append(
                QuestionFields(
                    prefix=q,
                    code=post.get(f"{q}-code", "").strip(),
                    type=post.get(f"{q}-type", ""),
                    text=post.get(f"{q}-text", "").strip(),
                    help=post.get(f"{q}-help", "").strip(),
                    required=post.get(f"{q}-required") == "1",
                    options=post.get(f"{q}-options", "").strip(),
                    show_if=post.get(f"{q}-show_if", "").strip(),
                    show_values=post.get(f"{q}-show_values", "").strip(),
                    min=post.get(f"{q}-min", "").strip(),
                    max=post.get(f"{q}-max", "").strip(),
                )
            )
        sections.append(SectionFields(prefix, post.get(f"{prefix}-title", "").strip(), questions))
    return Draft(
        code=post.get("code", "").strip(),
        version=post.get("version", "").strip(),
        title=post.get("title", "").strip(),
        audience=post.get("audience", ""),
        introduction=post.get("introduction", "").strip(),
        default_wording=post.get("default_wording") == "1",
        sections=sections,
    )


def padded(draft: Draft) -> Draft:
    """The draft with blank questions at the end of each section and an empty section at the end
    (to add some without JavaScript: the form is shown again with them)."""
    last = draft.sections[-1] if draft.sections else None
    if last is None or last.title or not all(q.blank for q in last.questions):
        draft.sections.append(SectionFields(f"s{len(draft.sections)}"))
    for section in draft.sections:
        trailing = 0
        for question in reversed(section.questions):
            if not question.blank:
                break
            trailing += 1
        for _ in range(EXTRA_QUESTIONS - trailing):
            section.questions.append(QuestionFields(prefix=f"{section.prefix}-q{len(section.questions)}"))
    return draft


def _bound(value: str) -> int | float | str:
    """A number typed in the form (the loader refuses what is not one)."""
    for kind in (int, float):
        try:
            return kind(value.replace(",", "."))
        except ValueError:
            continue
    return value


def _question(fields: QuestionFields) -> dict:
    question: dict = {"code": fields.code, "type": fields.type, "text": fields.text}
    if fields.help:
        question["help"] = fields.help
    question["required"] = fields.required
    if fields.type in CHOICE_LISTS or fields.options:
        options = []
        for line in fields.options.splitlines():
            if not line.strip():
                continue
            value, _, label = line.partition(":")
            options.append({"value": value.strip(), "label": label.strip()})
        question["options"] = options
    if fields.show_if or fields.show_values:
        values = [v.strip() for v in fields.show_values.split(",") if v.strip()]
        question["show_if"] = {"question": fields.show_if, "equals": values}
    if fields.min:
        question["min"] = _bound(fields.min)
    if fields.max:
        question["max"] = _bound(fields.max)
    return question


def definition_of(draft: Draft) -> dict:
    """The questionnaire definition of the draft: blank questions and empty sections left out."""
    sections = []
    for section in draft.sections:
        questions = [_question(q) for q in section.questions if not q.blank]
        if section.title or questions:
            sections.append({"title": section.title, "questions": questions})
    definition: dict = {
        "code": draft.code,
        "version": draft.version,
        "title": draft.title,
        "audience": draft.audience,
        "default_wording": draft.default_wording,
    }
    if draft.introduction:
        definition["introduction"] = draft.introduction
    definition["sections"] = sections
    return definition


def save(draft: Draft, owner: Structure | None) -> LoadResult:
    """Load the draft as a new version, through the loader. Raises ``loader.QuestionnaireRefused``."""
    text = yaml.safe_dump(definition_of(draft), allow_unicode=True, sort_keys=False, width=1000)
    return load_text(text, owner=owner, source="formulaire")


def editable_versions(structure: Structure) -> QuerySet[QuestionnaireVersion]:
    """The versions a structure may start from: the national questionnaires and its own."""
    return QuestionnaireVersion.objects.filter(Q(owner__isnull=True) | Q(owner=structure))


def editable_bases(structure: Structure) -> list[QuestionnaireVersion]:
    return list(editable_versions(structure).order_by("code", "-loaded_at", "pk"))


TYPE_CHOICES = QuestionType.choices
AUDIENCE_CHOICES = Audience.choices
