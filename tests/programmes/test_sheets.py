"""Editing a regional action sheet: the ARML saves every field, a stale form keeps the input and shows
the saved version, every change is in the journal; the national sheets (the seed's text) are not
editable; the Capitalisation / Essaimage boxes are tri-state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.programmes import sheets
from mlplatform.programmes.models import Entry

from ..factories import login
from .world import pnae, prae_action

pytestmark = pytest.mark.django_db


def _url(action) -> str:
    code = action.programme_version.programme.code
    return reverse("programmes:edit_action", kwargs={"code": code, "number": action.number})


def _post(action, **changes) -> dict:
    data = {
        "version": action.version,
        "title": action.title,
        "context": "\n".join(action.context),
        "stakes": "",
        "description": "",
        "capitalisation": "",
        "essaimage": "",
        "lead": "\n".join(action.lead),
        "co_lead": "",
        "referent_armls": "",
        "concerned_armls": "",
        "actors": "",
        "territorial_dimension": list(action.territorial_dimension),
        "territorial_text": "",
        "calendar_2018": "",
        "calendar_2019": "",
        "calendar_2020": "",
    }
    return data | changes


def test_the_arml_edits_every_field_and_the_journal_says_which(world, client):
    action = prae_action(world)
    login(client, world.user(Role.ARML_REFERENT))
    page = client.get(_url(action))
    assert page.status_code == 200 and "Non précisé" in page.content.decode()
    response = client.post(
        _url(action),
        _post(
            action,
            title="Déployer I-milo en Alpha",
            stakes="Des saisies fiables.\n• Une charte régionale",
            description="Former les référents\nAnimer le club des utilisateurs",
            capitalisation="oui",
            essaimage="non",
            co_lead="DREETS\nConseil régional",
            territorial_dimension=["regionale", "interregionale"],
            calendar_2019="• Deux comités\n• Une journée régionale",
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Déployer I-milo en Alpha"
    assert action.stakes == ["Des saisies fiables.", "• Une charte régionale"]
    assert [item["number"] for item in action.description] == [1, 2]
    assert (action.capitalisation, action.essaimage) == (True, False)
    assert action.co_lead == ["DREETS", "Conseil régional"]
    assert action.territorial_dimension == ["regionale", "interregionale"]
    assert action.calendar == {"2019": ["• Deux comités", "• Une journée régionale"]}
    entry = Entry.objects.filter(action=action).order_by("-pk").first()
    assert entry.author == world.user(Role.ARML_REFERENT)
    assert "objectif : En Alpha" not in entry.text  # the old title is the national one
    for label in ("objectif", "enjeux et attentes", "capitalisation : non précisé → oui", "calendrier"):
        assert label in entry.text, label
    sheet = client.get(action.get_absolute_url()).content.decode()
    assert "Déployer I-milo en Alpha" in sheet and "Conseil régional" in sheet


def test_a_stale_form_keeps_the_input_and_shows_the_saved_version(world, client):
    action = prae_action(world)
    read_version = action.version
    sheets.save_sheet(
        action,
        user=world.user(Role.ARML_STAFF),
        expected_version=read_version,
        values=sheets.sheet_values(action) | {"title": "Titre de la collègue"},
    )
    login(client, world.user(Role.ARML_REFERENT))
    response = client.post(_url(action), _post(action, version=read_version, title="Mon titre"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Version enregistrée entre-temps" in page and "Titre de la collègue" in page
    assert 'value="Mon titre"' in page
    action.refresh_from_db()
    assert action.title == "Titre de la collègue"
    # Saving again applies the input over the version now read.
    again = client.post(_url(action), _post(action, title="Mon titre"))
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.title == "Mon titre"


def test_bad_input_changes_nothing_and_keeps_what_was_typed(world, client):
    action = prae_action(world)
    login(client, world.user(Role.ARML_REFERENT))
    response = client.post(_url(action), _post(action, title="", context="Mon contexte à garder"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "L&#x27;objectif de l&#x27;action est obligatoire." in page and "Mon contexte à garder" in page
    version = action.version
    action.refresh_from_db()
    assert action.version == version


def test_national_sheets_are_not_editable_and_show_the_unknown_boxes(world, client):
    version = pnae(world).versions.get()
    action = version.actions.get(number=3)
    assert action.capitalisation is None and action.essaimage is None
    login(client, world.user(Role.NATIONAL_ADMIN))
    assert client.get(_url(action)).status_code == 403
    sheet = client.get(action.get_absolute_url()).content.decode()
    assert "non précisé dans le document source" in sheet and "Modifier la fiche" not in sheet


def test_an_unchanged_description_line_keeps_its_method_and_format():
    previous = [{"number": 1, "text": "A", "details": ["d"], "method": "m", "format": "f"}]
    result = sheets.description_from_lines(["B", "A"], previous)
    assert result[1] == {"number": 2, "text": "A", "details": ["d"], "method": "m", "format": "f"}
    assert result[0]["method"] == ""
