"""The plan page, its filters and HTMX refresh, the action forms, the journal and the regional follow-up."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mlplatform.accounts.enums import Role
from mlplatform.improvement.enums import Priority, Status
from mlplatform.improvement.models import ActionChange, ActionNote, ImprovementAction
from mlplatform.improvement.services import add_note, save_action_edit
from mlplatform.network.enums import StructureType

from ..factories import login, make_structure
from .helpers import load_frameworks, load_ml_framework, make_action, ml_action, requirement

PLAN = "/plan-amelioration/ML-A1/"
CREATE = f"{PLAN}nouvelle/"


def _rows(content: str) -> list[str]:
    """The titles of the actions listed in the plan's table."""
    table = (
        content.split('class="plan-table"', 1)[1].split("</table>", 1)[0] if "plan-table" in content else ""
    )
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def _form(action: ImprovementAction, **changes) -> dict:
    data = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id or "",
        "due_on": action.due_on.isoformat(),
        "priority": action.priority,
        "status": action.status,
        "progress": action.progress,
        "source": action.source,
        "version": action.version,
        "requirements": list(action.requirements.values_list("pk", flat=True)),
    }
    data.update(changes)
    return data


def test_plan_lists_actions_counts_and_overdue_in_words(world, client):
    load_ml_framework()
    ml_action(world, title="En retard", due_in_days=-3, requirements=[requirement("ML-2030-1.1.2")])
    ml_action(world, title="Pour aujourd'hui", due_in_days=0)
    ml_action(world, title="Finie", status=Status.DONE)
    make_action(world.ml2, title="Action d'une autre ML")
    login(client, world.user(Role.ML_STAFF))
    content = client.get(PLAN).content.decode()
    assert _rows(content) == ["En retard", "Pour aujourd&#x27;hui", "Finie"]
    assert "En retard de 3 jours" in content
    assert content.count("En retard de") == 1  # due today is not overdue
    assert "<strong>1</strong> en retard" in content and "<strong>3</strong> actions au total" in content
    assert "<strong>1</strong> réalisée" in content
    assert "ML-2030-1.1.2" in content
    assert "Action d&#x27;une autre ML" not in content
    assert '<svg class="timeline-svg"' in content and "Données de la frise" in content
    assert "Nouvelle action" in content


def test_readers_see_the_plan_without_edit_links(world, client):
    ml_action(world)
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get(PLAN).content.decode()
    assert "Former l&#x27;équipe" in content and "Nouvelle action" not in content


def test_filters(world, client):
    load_ml_framework()
    quality = world.user(Role.ML_QUALITY)
    ml_action(
        world,
        title="Accueil",
        priority=Priority.HIGH,
        owner=quality,
        requirements=[requirement("ML-2030-1.1.2")],
    )
    ml_action(
        world, title="Partenariats", status=Status.IN_PROGRESS, due_in_days=-1, description="conventions"
    )
    ml_action(world, title="Gouvernance", status=Status.DONE, requirements=[requirement("ML-2030-2.1.1.1")])
    login(client, world.user(Role.ML_DIRECTOR))
    part_2 = requirement("ML-2030-2.1.1.1").commitment.part_id
    commitment_1 = requirement("ML-2030-1.1.2").commitment_id
    cases = {
        "statut=IN_PROGRESS": ["Partenariats"],
        "statut=ouvertes": ["Partenariats", "Accueil"],
        "priorite=HIGH": ["Accueil"],
        f"responsable={quality.pk}": ["Accueil"],
        "responsable=aucun": ["Partenariats", "Gouvernance"],
        "en_retard=1": ["Partenariats"],
        f"partie={part_2}": ["Gouvernance"],
        f"engagement={commitment_1}": ["Accueil"],
        "q=CONVENTION": ["Partenariats"],
        "q=ml-2030-2.1": ["Gouvernance"],
        "statut=ouvertes&priorite=LOW": [],
        "statut=inconnu&priorite=HIGH": ["Accueil"],  # an invalid value is ignored
    }
    for query, expected in cases.items():
        content = client.get(f"{PLAN}?{query}").content.decode()
        assert sorted(_rows(content)) == sorted(expected), query
    assert "Aucune action ne correspond" in client.get(f"{PLAN}?statut=ABANDONED").content.decode()


def test_htmx_refresh_returns_the_results_only_with_export_links_keeping_filters(world, client):
    ml_action(world, title="Accueil", priority=Priority.HIGH)
    ml_action(world, title="Autre")
    login(client, world.user(Role.ML_STAFF))
    response = client.get(PLAN, {"priorite": "HIGH"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert "<html" not in fragment and _rows(fragment) == ["Accueil"]
    assert 'data-result-count="1 action affichée"' in fragment
    assert f'href="{PLAN}xlsx/?priorite=HIGH"' in fragment and f'href="{PLAN}pdf/?priorite=HIGH"' in fragment
    assert "HX-Request" in response.headers.get("Vary", "")
    full = client.get(
        PLAN, {"priorite": "HIGH"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in full.content.decode()


def test_plan_query_count_is_independent_of_the_number_of_actions(world, client):
    load_ml_framework()
    reqs = [requirement("ML-2030-1.1.2"), requirement("ML-2030-2.1.1.1")]
    login(client, world.user(Role.ML_QUALITY))

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ml_action(world, requirements=reqs, owner=world.user(Role.ML_STAFF))
    urls = [PLAN, f"{PLAN}?statut=ouvertes&q=former", f"{PLAN}xlsx/"]
    before = [count(url) for url in urls]
    for index in range(12):
        action = ml_action(
            world,
            title=f"Former {index}",
            requirements=reqs,
            owner=world.user(Role.ML_DIRECTOR),
            due_in_days=-index,
        )
        add_note(action, user=world.user(Role.ML_STAFF), text="Point", progress=10, expected_version=1)
    assert [count(url) for url in urls] == before


def test_create_with_a_prefilled_requirement_and_a_return_link(world, client):
    load_ml_framework()
    wanted = requirement("ML-2030-2.1.1.1")
    login(client, world.user(Role.ML_QUALITY))
    back = "/auto-evaluation/12/?partie=2"
    content = client.get(
        CREATE, {"exigence": wanted.pk, "retour": back, "origine": "Auto-évaluation 2026"}
    ).content.decode()
    assert f'value="{wanted.pk}" id="exigence-{wanted.pk}" checked' in content
    assert content.count(" checked") == 1
    assert f'href="{back}"' in content
    assert 'value="Auto-évaluation 2026"' in content
    assert "ML-2030-1.1.1.1" in content and "ARML-UNML" not in content  # the ML framework only
    response = client.post(
        f"{CREATE}?exigence={wanted.pk}&retour={back.replace('?', '%3F').replace('=', '%3D')}",
        {
            "title": "Rédiger la charte",
            "due_on": "2030-06-30",
            "priority": Priority.HIGH,
            "status": Status.PLANNED,
            "progress": "0",
            "owner": world.user(Role.ML_STAFF).pk,
            "requirements": [wanted.pk],
            "source": "Auto-évaluation 2026",
        },
    )
    assert response.status_code == 302 and response.url == back
    action = ImprovementAction.objects.get()
    assert (action.title, action.structure, action.created_by, action.owner, action.source) == (
        "Rédiger la charte",
        world.ml,
        world.user(Role.ML_QUALITY),
        world.user(Role.ML_STAFF),
        "Auto-évaluation 2026",
    )
    assert list(action.requirements.all()) == [wanted] and action.due_on == datetime.date(2030, 6, 30)


def test_create_refuses_unsafe_return_links_and_foreign_requirements(world, client):
    load_frameworks()
    login(client, world.user(Role.ML_QUALITY))
    for back in ("https://exemple.org/", "//exemple.org/", "javascript:alert(1)", "/\\exemple.org"):
        content = client.get(CREATE, {"retour": back}).content.decode()
        assert "exemple.org" not in content and "javascript:" not in content, back
    foreign = requirement("ARML-UNML-2030-1.1.2")
    content = client.get(CREATE, {"exigence": foreign.pk}).content.decode()
    assert "ne s&#x27;applique pas à cette structure" in content and " checked" not in content
    response = client.post(
        CREATE,
        {
            "title": "X",
            "due_on": "2030-01-01",
            "priority": "LOW",
            "status": "PLANNED",
            "progress": "0",
            "requirements": [foreign.pk],
        },
    )
    assert response.status_code == 200
    assert "ne s&#x27;applique pas à cette structure" in response.content.decode()
    assert not ImprovementAction.objects.exists()
    response = client.post(CREATE)
    assert response.status_code == 200 and not ImprovementAction.objects.exists()


def test_bad_input_is_explained_kept_and_changes_nothing(world, client):
    load_ml_framework()
    kept = requirement("ML-2030-1.1.2")
    login(client, world.user(Role.ML_QUALITY))
    response = client.post(
        CREATE,
        {
            "title": "Garder ce titre",
            "description": "Et ce texte",
            "due_on": "31/02/2030",
            "priority": "LOW",
            "status": "PLANNED",
            "progress": "150",
            "owner": world.user("OTHER_ML_DIRECTOR").pk,
            "requirements": [kept.pk],
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Saisissez une date valide",
        "ne peut pas dépasser 100",
        "Choisissez une personne de la structure",
    ):
        assert message in content, message
    assert 'value="Garder ce titre"' in content and "Et ce texte" in content
    assert f'id="exigence-{kept.pk}" checked' in content
    assert not ImprovementAction.objects.exists()
    assert "Indiquez l&#x27;intitulé" in client.post(CREATE, {"due_on": "2030-01-01"}).content.decode()


def test_unml_picker_lists_its_requirements(world, client):
    load_frameworks()
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get("/plan-amelioration/UNML/nouvelle/").content.decode()
    assert "ARML-UNML-2030-1.1.1" in content and "ARML-UNML-2030-2.1.1.1" in content
    assert "ARML-UNML-2030-1.1.2" not in content and "ML-2030-" not in content.replace("ARML-UNML-2030-", "")


def test_edit_applies_and_logs(world, client):
    action = ml_action(world)
    login(client, world.user(Role.ML_DIRECTOR))
    url = f"{PLAN}actions/{action.pk}/modifier/"
    assert 'value="1"' in client.get(url).content.decode()
    response = client.post(url, _form(action, status=Status.IN_PROGRESS, progress="20"))
    assert response.status_code == 302 and response.url == f"{PLAN}actions/{action.pk}/"
    action.refresh_from_db()
    assert (action.status, action.progress, action.version) == (Status.IN_PROGRESS, 20, 2)
    detail = client.get(response.url).content.decode()
    assert "Statut : À lancer → En cours" in detail and "Avancement : 0 % → 20 %" in detail
    assert "Prénom ml_director" in detail


def test_concurrent_edit_shows_both_versions_and_loses_nothing(world, client):
    action = ml_action(world, title="Titre initial")
    opened = _form(action)
    save_action_edit(
        action, 1, {"title": "Titre de l'autre", "progress": 60}, user=world.user(Role.ML_DIRECTOR)
    )
    login(client, world.user(Role.ML_QUALITY))
    url = f"{PLAN}actions/{action.pk}/modifier/"
    response = client.post(url, {**opened, "title": "Mon titre", "description": "Mon texte"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un a modifié cette action" in content
    assert "Titre de l&#x27;autre" in content and "60 %" in content  # the saved version
    assert 'value="Mon titre"' in content and "Mon texte" in content  # what this person typed
    assert "Prénom ml_director a enregistré cette action" in content
    assert 'name="version" value="2"' in content
    action.refresh_from_db()
    assert (action.title, action.version) == ("Titre de l'autre", 2)
    # Saving again, knowingly, applies the change.
    client.post(url, {**opened, "title": "Mon titre", "progress": 60, "version": 2})
    action.refresh_from_db()
    assert (action.title, action.version) == ("Mon titre", 3)


def test_note_page_and_stale_progress(world, client):
    action = ml_action(world)
    login(client, world.user(Role.ML_STAFF))
    url = f"{PLAN}actions/{action.pk}/avancement/"
    response = client.post(url, {"text": "Réunion faite", "progress": "30", "version": "1"})
    assert response.status_code == 302 and response.url.endswith("#journal")
    save_action_edit(action, 2, {"progress": 50}, user=world.user(Role.ML_DIRECTOR))
    response = client.post(url, {"text": "Mon point gardé", "progress": "40", "version": "2"})
    content = response.content.decode()
    assert response.status_code == 200 and "maintenant de 50 %" in content and "Mon point gardé" in content
    assert 'name="version" value="3"' in content
    assert ActionNote.objects.count() == 1
    assert (
        "Écrivez le point"
        in client.post(url, {"text": "  ", "progress": "40", "version": "3"}).content.decode()
    )
    detail = client.get(f"{PLAN}actions/{action.pk}/").content.decode()
    assert "Réunion faite" in detail and "Avancement indiqué : 30 %" in detail and "Action créée." in detail


def test_detail_query_count_is_independent_of_the_journal(world, client):
    load_ml_framework()
    action = ml_action(world, requirements=[requirement("ML-2030-1.1.2"), requirement("ML-2030-2.1.1.1")])
    login(client, world.user(Role.ML_QUALITY))
    url = f"{PLAN}actions/{action.pk}/"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    before = count()
    for index in range(8):
        action.refresh_from_db()
        add_note(
            action,
            user=world.user(Role.ML_STAFF),
            text=f"Point {index}",
            progress=index * 10,
            expected_version=action.version,
        )
    assert ActionChange.objects.count() == 7
    assert count() == before


def test_region_view_per_ml_and_per_region(world, client):
    ml_action(world, due_in_days=-2)
    ml_action(world, status=Status.IN_PROGRESS)
    make_action(world.ml2, status=Status.DONE)
    make_action(world.other_ml, due_in_days=-5)
    login(client, world.user(Role.ARML_REFERENT))
    content = client.get("/plan-amelioration/ARML-A/suivi/").content.decode()
    assert "Mission Locale Alpha Un" in content and "Mission Locale Alpha Deux" in content
    assert "Bêta" not in content
    assert "1 en retard" in content
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get("/plan-amelioration/UNML/suivi/").content.decode()
    assert "Région Alpha" in content and "Région Bêta" in content
    assert content.count("1 en retard") == 2


def test_region_view_query_count_is_independent_of_the_number_of_mls(world, client):
    login(client, world.user(Role.ARML_REFERENT))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/plan-amelioration/ARML-A/suivi/")
        return len(queries)

    before = count()
    for index in range(6):
        ml = make_structure(f"ML-A{index + 3}", StructureType.ML, world.arml)
        make_action(ml, due_in_days=-index)
    assert count() == before


def test_nav_link_for_roles_with_a_structure(world, client):
    login(client, world.user(Role.ML_STAFF))
    assert f'href="{PLAN}"' in client.get("/").content.decode()
    login(client, world.user(Role.AUDITOR))
    assert "Plan d&#x27;amélioration" not in client.get("/").content.decode()
