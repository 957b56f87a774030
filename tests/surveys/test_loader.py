import pytest
import yaml
from django.core.management import call_command

from mlplatform.surveys.loader import DATA_DIR, QuestionnaireRefused, load_text, national_files, validate
from mlplatform.surveys.models import QuestionnaireVersion


def _minimal(**changes) -> dict:
    data = {
        "code": "ESSAI",
        "version": "1",
        "title": "Essai",
        "audience": "thematic",
        "sections": [
            {
                "title": "Partie",
                "questions": [
                    {
                        "code": "Q1",
                        "type": "single",
                        "text": "Oui ?",
                        "options": [{"value": "oui", "label": "Oui"}, {"value": "non", "label": "Non"}],
                    },
                    {
                        "code": "Q2",
                        "type": "short_text",
                        "text": "Pourquoi ?",
                        "show_if": {"question": "Q1", "equals": "oui"},
                    },
                ],
            }
        ],
    }
    data.update(changes)
    return data


def test_the_four_national_questionnaires_are_valid_and_marked_as_default():
    files = national_files()
    assert len(files) == 4
    audiences = set()
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert validate(data) == [], path.name
        assert data["default_wording"] is True
        count = sum(len(section["questions"]) for section in data["sections"])
        assert 10 <= count <= 20, path.name
        audiences.add(data["audience"])
    assert audiences == {"youth", "employers", "ml_arml", "ml_unml"}


@pytest.mark.django_db
def test_the_command_loads_all_once():
    call_command("surveys", "load", "--all")
    call_command("surveys", "load", "--all")  # unchanged files: nothing new
    assert QuestionnaireVersion.objects.count() == 4


def test_every_problem_is_listed():
    data = _minimal(code="bad code", audience="everyone", extra=1)
    data["sections"][0]["questions"] += [
        {"code": "Q1", "type": "slider", "text": ""},
        {"code": "Q3", "type": "single", "text": "Un seul choix", "options": [{"value": "a", "label": "A"}]},
        {"code": "Q4", "type": "scale", "text": "Cond", "show_if": {"question": "Q9", "equals": "x"}},
        {"code": "Q5", "type": "scale", "text": "Cond", "show_if": {"question": "Q1", "equals": "peut-etre"}},
        {"code": "Q6", "type": "scale", "text": "Échelle", "options": [{"value": "a", "label": "A"}]},
    ]
    problems = validate(data)
    text = "\n".join(problems)
    for expected in (
        "code : obligatoire",
        "audience : doit valoir",
        "clé inconnue « extra »",
        "question Q1 : code en double",
        "type inconnu « slider »",
        "text obligatoire",
        "au moins deux options",
        "n'est pas une question précédente",
        "« peut-etre » n'est pas une option de Q1",
        "options ne vaut que pour",
    ):
        assert expected in text, expected
    assert len(problems) >= 10


@pytest.mark.django_db
def test_a_loaded_version_is_never_changed_in_place():
    text = yaml.safe_dump(_minimal(), allow_unicode=True)
    assert load_text(text).created
    assert not load_text(text).created
    changed = yaml.safe_dump(_minimal(title="Autre titre"), allow_unicode=True)
    with pytest.raises(QuestionnaireRefused, match="jamais modifiée"):
        load_text(changed)
    assert load_text(yaml.safe_dump(_minimal(version="2"), allow_unicode=True)).created
    assert QuestionnaireVersion.objects.filter(code="ESSAI").count() == 2


@pytest.mark.django_db
def test_unreadable_yaml_is_refused():
    with pytest.raises(QuestionnaireRefused, match="YAML illisible"):
        load_text("code: [unclosed")
    assert not QuestionnaireVersion.objects.exists()
    assert DATA_DIR.is_dir()
