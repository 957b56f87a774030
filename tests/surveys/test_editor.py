"""The form-based questionnaire editor: always a new version, checked by the loader, every problem listed."""

import html

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.surveys import editor
from mlplatform.surveys.loader import DATA_DIR, load_file
from mlplatform.surveys.models import QuestionnaireVersion

from ..factories import login

pytestmark = pytest.mark.django_db


def _post_data(draft: editor.Draft) -> dict:
    data = {
        "code": draft.code,
        "version": draft.version,
        "title": draft.title,
        "audience": draft.audience,
        "introduction": draft.introduction,
        "sections": str(len(draft.sections)),
    }
    for section in draft.sections:
        data[f"{section.prefix}-title"] = section.title
        data[f"{section.prefix}-questions"] = str(len(section.questions))
        for q in section.questions:
            for name in ("code", "type", "text", "help", "options", "show_if", "show_values", "min", "max"):
                data[f"{q.prefix}-{name}"] = getattr(q, name)
            if q.required:
                data[f"{q.prefix}-required"] = "1"
    return data


@pytest.fixture
def base():
    return load_file(DATA_DIR / "jeunes.yaml").version


def _url(version) -> str:
    return reverse("surveys:edit_questionnaire", kwargs={"pk": version.pk})


def test_the_form_starts_from_the_base_and_creates_a_new_version_beside_it(world, client, base):
    login(client, world.user(Role.ARML_REFERENT))
    page = html.unescape(client.get(_url(base)).content.decode())
    assert base.questions()[0]["text"] in page and "Nouvelle version d'un questionnaire" in page
    draft = editor.draft_of(base)
    draft.code, draft.version, draft.title = "JEUNES-ALPHA", "2027-1", "Baromètre jeunes, région Alpha"
    extra = draft.sections[0].questions[-1]
    extra.code, extra.type, extra.text = "TRANSPORT", "single", "Comment êtes-vous venu·e ?"
    extra.options = "bus : En bus\npied : À pied"
    response = client.post(_url(base), _post_data(draft))
    assert response.status_code == 302, html.unescape(response.content.decode())
    created = QuestionnaireVersion.objects.get(code="JEUNES-ALPHA")
    assert created.owner == world.arml and created.version == "2027-1" and created.audience == base.audience
    codes = [q["code"] for q in created.questions()]
    assert len(codes) == len(base.questions()) + 1
    assert codes.index("TRANSPORT") == len(base.sections[0]["questions"])  # at the end of part 1
    transport = next(q for q in created.questions() if q["code"] == "TRANSPORT")
    assert transport["options"] == [{"value": "bus", "label": "En bus"}, {"value": "pied", "label": "À pied"}]
    base.refresh_from_db()
    assert base.definition == load_file(DATA_DIR / "jeunes.yaml").version.definition  # never changed


def test_every_problem_is_listed_and_nothing_is_loaded(world, client, base):
    login(client, world.user(Role.ARML_REFERENT))
    draft = editor.draft_of(base)
    draft.version = ""
    first = draft.sections[0].questions[0]
    first.options = "Mauvaise Valeur : Libellé\nautre : Autre"
    extra = draft.sections[0].questions[-1]
    extra.code, extra.type, extra.text = "SUITE", "short_text", "Précisez"
    extra.show_if, extra.show_values = "INCONNUE", "oui"
    count = QuestionnaireVersion.objects.count()
    response = client.post(_url(base), _post_data(draft))
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Rien n'a été enregistré" in page
    assert "version : obligatoire" in page
    assert "valeur d'option invalide « Mauvaise Valeur »" in page
    assert "show_if renvoie à « INCONNUE »" in page
    assert 'value="SUITE"' in page  # what was typed is shown again
    assert QuestionnaireVersion.objects.count() == count


def test_a_national_code_is_not_republished_by_an_arml_and_versions_are_never_overwritten(
    world, client, base
):
    login(client, world.user(Role.ARML_REFERENT))
    draft = editor.draft_of(base)
    draft.version = "2027-1"
    page = html.unescape(client.post(_url(base), _post_data(draft)).content.decode())
    assert "est le code du questionnaire d'un autre auteur" in page
    client.logout()
    login(client, world.user(Role.NATIONAL_ADMIN))
    draft.version = base.version
    draft.title = "Autre titre"
    page = html.unescape(client.post(_url(base), _post_data(draft)).content.decode())
    assert "une version chargée n'est jamais modifiée" in page
    draft.version = "2027-officielle"
    assert client.post(_url(base), _post_data(draft)).status_code == 302
    created = QuestionnaireVersion.objects.get(code=base.code, version="2027-officielle")
    assert created.owner is None and created.title == "Autre titre"  # a national version, as its file


def test_more_blank_rows_are_given_without_loading_anything(world, client, base):
    login(client, world.user(Role.ARML_REFERENT))
    draft = editor.draft_of(base)
    extra = draft.sections[0].questions[-2]
    extra.code, extra.type, extra.text = "NOUVELLE", "long_text", "Une nouvelle question"
    count = QuestionnaireVersion.objects.count()
    response = client.post(_url(base), {**_post_data(draft), "action": "lignes"})
    assert response.status_code == 200 and QuestionnaireVersion.objects.count() == count
    page = response.content.decode()
    first = len(base.sections[0]["questions"])
    assert 'value="NOUVELLE"' in page
    assert f'name="s0-q{first + 2}-code"' in page  # two blank rows after the one filled (q{first})
    assert f'name="s0-q{first + 3}-code"' not in page
    assert f'name="s{len(base.sections) + 1}-title"' not in page  # one empty part, not two
