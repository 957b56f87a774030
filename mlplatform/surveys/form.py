"""The questionnaire as the answering page shows it: sections, questions, options, values, errors."""

from __future__ import annotations

from .enums import LONG_TEXT_MAX, SHORT_TEXT_MAX, QuestionType
from .loader import options_of
from .models import QuestionnaireVersion


def _condition_text(question: dict, labels: dict[str, dict]) -> str:
    condition = question.get("show_if")
    if not condition:
        return ""
    target = labels[condition["question"]]
    values = " ou ".join(f"« {target['options'].get(v, v)} »" for v in condition["equals"])
    return f"À remplir seulement si vous avez répondu {values} à la question « {target['text']} »."


def form_sections(questionnaire: QuestionnaireVersion, data=None, problems: dict | None = None) -> list[dict]:
    """Everything the template needs, so that it tests no optional name."""
    problems = problems or {}
    labels: dict[str, dict] = {}
    sections = []
    count = len(questionnaire.sections)
    number = 0
    for index, section in enumerate(questionnaire.sections, start=1):
        questions = []
        for question in section["questions"]:
            number += 1
            code, kind = question["code"], question["type"]
            chosen = data.getlist(code) if data is not None else []
            options = [
                {"value": value, "label": label, "checked": value in chosen, "id": f"q-{code}-{value}"}
                for value, label in options_of(question)
            ]
            labels[code] = {"text": question["text"], "options": dict(options_of(question))}
            questions.append(
                {
                    "code": code,
                    "number": number,
                    "type": kind,
                    "text": question["text"],
                    "help": question.get("help", ""),
                    "required": question.get("required", False),
                    "options": options,
                    "value": chosen[0] if chosen and kind not in (QuestionType.MULTIPLE,) else "",
                    "error": problems.get(code, ""),
                    "condition": _condition_text(question, labels),
                    "maxlength": SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX,
                    "min": question.get("min", ""),
                    "max": question.get("max", ""),
                    "is_choice": kind in (QuestionType.SINGLE, QuestionType.SCALE, QuestionType.NPS),
                }
            )
        sections.append({"title": section["title"], "index": index, "count": count, "questions": questions})
    return sections
