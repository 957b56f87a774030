"""Network-life pages: recording a meeting (minutes checked like evidence, participants of the
region, version checks, log), network bodies read by every ARML, minutes used as evidence, the
practices catalogue, renewals on the home page, and query counts independent of size."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.animation import services
from mlplatform.animation.counts import yearly_counts
from mlplatform.animation.models import ChangeLog, Meeting, Partnership, Practice, Referent
from mlplatform.evidence.models import Evidence
from mlplatform.network.enums import StructureType

from ..access_cases.animation import MINUTES
from ..factories import login, make_structure

TODAY = timezone.localdate()


def _minutes(name: str = "compte-rendu.pdf", content: bytes = MINUTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _form(world, **extra) -> dict:
    return {
        "organised": "1",
        "organiser_name": "",
        "kind": "groupe_travail",
        "theme": "justice",
        "title": "Groupe de travail justice",
        "date": TODAY.isoformat(),
        "participant_count": "12",
        "agenda": "Conventions avec les SPIP",
        "decisions": "Un référent par ML",
        "follow_up": "",
        **extra,
    }


def test_arml_records_a_working_group_with_minutes_and_three_mls(world, client):
    ml3 = make_structure("ML-A3", StructureType.ML, world.arml, name="Mission Locale Alpha Trois")
    login(client, world.user(Role.ARML_STAFF))
    before = {s.code: yearly_counts(s, TODAY.year) for s in (world.arml, world.ml, world.ml2, ml3)}
    data = _form(world, participants=[world.ml.pk, world.ml2.pk, ml3.pk], minutes=_minutes())
    response = client.post(f"/animation/{world.arml.code}/reunions/ajouter/", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.file_name == "compte-rendu.pdf" and meeting.file_content_type == "application/pdf"
    assert "compte-rendu" not in meeting.minutes.name  # random storage name
    assert default_storage.exists(meeting.minutes.name)
    after = yearly_counts(world.arml, TODAY.year)
    assert after.meetings_organised == before["ARML-A"].meetings_organised + 1
    assert after.by_theme["justice"]["organised"] == 1
    for ml in (world.ml, world.ml2, ml3):
        assert yearly_counts(ml, TODAY.year).meetings_attended == before[ml.code].meetings_attended + 1
    assert ChangeLog.objects.filter(record="meeting", record_id=meeting.pk).count() == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mission Locale Alpha Trois" in page and "Utiliser le compte rendu comme preuve" in page
    download = client.get(f"/animation/{world.arml.code}/reunions/{meeting.pk}/compte-rendu/")
    assert b"".join(download.streaming_content) == MINUTES
    overview = client.get(f"/animation/{world.arml.code}/").content.decode()
    assert 'data-count="meetings_organised">1<' in overview


def test_a_disguised_file_is_refused_in_french_and_nothing_is_stored(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    data = _form(world, minutes=_minutes("compte-rendu.pdf", b"MZ\x90\x00 not a pdf at all"))
    response = client.post(f"/animation/{world.ml.code}/reunions/ajouter/", data)
    assert response.status_code == 200
    assert (
        "compte-rendu.pdf" in response.content.decode()
        and "n'a pas été enregistrée" in response.content.decode()
    )
    assert not Meeting.objects.exists()
    assert default_storage.listdir("")[1] == [] and not default_storage.exists("animation")


def test_participants_outside_the_region_and_missing_organiser_are_refused(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.post(
        f"/animation/{world.ml.code}/reunions/ajouter/", _form(world, participants=[world.other_ml.pk])
    )
    assert "Une structure choisie ne peut pas participer" in response.content.decode()
    response = client.post(f"/animation/{world.ml.code}/reunions/ajouter/", _form(world, organised="0"))
    assert "Indiquez qui organisait la réunion" in response.content.decode()
    assert not Meeting.objects.exists()


def test_stale_edit_changes_nothing_and_shows_the_saved_version(world, client):
    meeting = services.create_meeting(
        world.ml, {"kind": "bureau", "theme": "gouvernance", "title": "Bureau", "date": TODAY}, user=None
    )
    login(client, world.user(Role.ML_DIRECTOR))
    url = f"/animation/{world.ml.code}/reunions/{meeting.pk}/modifier/"
    Meeting.objects.filter(pk=meeting.pk).update(title="Bureau (modifié ailleurs)", version=2)
    response = client.post(url, _form(world, kind="bureau", title="Mon bureau", version="1"))
    content = response.content.decode()
    assert response.status_code == 200 and "Version enregistrée entre-temps" in content
    assert "Bureau (modifié ailleurs)" in content and 'value="Mon bureau"' in content
    assert Meeting.objects.get().title == "Bureau (modifié ailleurs)"
    response = client.post(url, _form(world, kind="bureau", title="Mon bureau", version="2"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Mon bureau" and meeting.version == 3
    assert ChangeLog.objects.filter(record_id=meeting.pk, summary__startswith="Réunion modifiée").exists()


def test_network_bodies_are_read_by_every_arml_and_edited_by_the_unml(world, client):
    conference = services.create_meeting(
        world.unml,
        {"kind": "conference_presidents", "theme": "gouvernance", "title": "Conférence", "date": TODAY},
        user=None,
    )
    board = services.create_meeting(
        world.unml,
        {"kind": "bureau", "theme": "gouvernance", "title": "Bureau UNML", "date": TODAY},
        user=None,
    )
    login(client, world.user("OTHER_ARML_REFERENT"))
    assert client.get(conference.get_absolute_url()).status_code == 200
    assert client.get(board.get_absolute_url()).status_code == 404
    assert client.get(f"/animation/UNML/reunions/{conference.pk}/modifier/").status_code == 403
    overview = client.get("/animation/UNML/").content.decode()
    assert "Conférence" in overview and "Bureau UNML" not in overview and "Partenariats" not in overview
    login(client, world.user(Role.ML_DIRECTOR))
    assert client.get(conference.get_absolute_url()).status_code == 404
    login(client, world.user(Role.NATIONAL_ADMIN))
    assert client.get(f"/animation/UNML/reunions/{conference.pk}/modifier/").status_code == 200


def test_minutes_become_a_piece_of_evidence_once(world, client):
    meeting = services.create_meeting(
        world.ml,
        {"kind": "conseil_administration", "theme": "gouvernance", "title": "CA de mars", "date": TODAY},
        minutes=_minutes(),
        user=None,
    )
    login(client, world.user(Role.ML_QUALITY))
    url = f"/animation/{world.ml.code}/reunions/{meeting.pk}/utiliser-comme-preuve/"
    response = client.post(url)
    evidence = Evidence.objects.get(structure=world.ml)
    assert response["Location"] == evidence.get_absolute_url()
    assert (
        evidence.title.startswith("Compte rendu — CA de mars")
        and evidence.current_file.sha256 == meeting.file_sha256
    )
    client.post(url)
    assert Evidence.objects.filter(structure=world.ml).count() == 1
    without = services.create_meeting(
        world.ml, {"kind": "bureau", "theme": "gouvernance", "title": "Sans CR", "date": TODAY}, user=None
    )
    response = client.post(
        f"/animation/{world.ml.code}/reunions/{without.pk}/utiliser-comme-preuve/", follow=True
    )
    assert "pas de compte rendu" in response.content.decode()


def _fill(structure, count: int, prefix: str) -> None:
    meetings = Meeting.objects.bulk_create(
        Meeting(structure=structure, kind="reunion_reseau", theme="cej", title=f"R{i}", date=TODAY)
        for i in range(count)
    )
    Meeting.participants.through.objects.bulk_create(
        Meeting.participants.through(meeting_id=m.pk, structure_id=structure.parent_id) for m in meetings
    )
    Referent.objects.bulk_create(
        Referent(structure=structure, theme="cej", name=f"{prefix}{i}") for i in range(count)
    )
    Partnership.objects.bulk_create(
        Partnership(
            structure=structure,
            partner_name=f"P{i}",
            partner_type="etat",
            title="C",
            level="local",
            starts_on=TODAY,
        )
        for i in range(count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_query_counts_do_not_grow_with_the_records(world, client):
    login(client, world.user(Role.ARML_REFERENT))
    _fill(world.ml, 2, "a")
    small = (
        _queries(client, f"/animation/{world.ml.code}/"),
        _queries(client, f"/animation/{world.arml.code}/"),
    )
    _fill(world.ml, 40, "b")
    _fill(world.ml2, 40, "c")
    assert (
        _queries(client, f"/animation/{world.ml.code}/"),
        _queries(client, f"/animation/{world.arml.code}/"),
    ) == small
    Practice.objects.create(structure=world.ml, title="Kit", theme="cej", description="d")
    few = _queries(client, "/animation/pratiques/")
    Practice.objects.bulk_create(
        Practice(structure=world.ml2, title=f"Kit {i}", theme="cej", description="d") for i in range(30)
    )
    assert _queries(client, "/animation/pratiques/") == few


def test_catalogue_is_searched_by_everyone(world, client):
    Practice.objects.create(
        structure=world.other_ml, title="Kit parrainage", theme="relations_entreprises", description="Binômes"
    )
    Practice.objects.create(structure=world.ml, title="Guide justice", theme="justice", description="Trame")
    login(client, world.user(Role.ML_STAFF))
    content = client.get("/animation/pratiques/", {"q": "parrain"}).content.decode()
    assert "Kit parrainage" in content and "Guide justice" not in content
    content = client.get("/animation/pratiques/", {"theme": "justice"}).content.decode()
    assert "Guide justice" in content and "Kit parrainage" not in content


def test_bad_year_gets_a_clear_message(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    content = client.get(f"/animation/{world.ml.code}/", {"annee": "deux-mille"}).content.decode()
    assert "pas une année valide" in content


def test_renewals_due_appear_on_the_home_page(world, client):
    common = {"partner_type": "opco", "level": "regional", "starts_on": datetime.date(2020, 1, 1)}
    Partnership.objects.create(
        structure=world.arml,
        partner_name="AKTO",
        title="Accord-cadre",
        ends_on=TODAY + datetime.timedelta(days=60),
        **common,
    )
    Partnership.objects.create(
        structure=world.arml,
        partner_name="Loin",
        title="Lointain",
        ends_on=TODAY + datetime.timedelta(days=400),
        **common,
    )
    login(client, world.user(Role.ARML_STAFF))
    content = client.get("/").content.decode()
    assert "Partenariats à renouveler" in content and "Accord-cadre" in content and "Lointain" not in content
    login(client, world.user(Role.ML_DIRECTOR))
    assert "Partenariats à renouveler" not in client.get("/").content.decode()


def test_meeting_list_filters_by_type_theme_and_role(world, client):
    services.create_meeting(
        world.arml,
        {"kind": "bureau", "theme": "gouvernance", "title": "Bureau régional", "date": TODAY},
        user=None,
    )
    services.create_meeting(
        world.arml,
        {
            "kind": "reunion_partenaire",
            "theme": "cej",
            "title": "Réunion DREETS",
            "date": TODAY,
            "organised": False,
            "organiser_name": "DREETS",
        },
        user=None,
    )
    login(client, world.user(Role.ARML_REFERENT))
    url = f"/animation/{world.arml.code}/"
    content = client.get(url, {"role": "suivies"}).content.decode()
    assert "Réunion DREETS" in content and "Bureau régional" not in content
    content = client.get(url, {"theme": "gouvernance", "type": "bureau"}).content.decode()
    assert "Bureau régional" in content and "Réunion DREETS" not in content
    content = client.get(url, {"theme": "inconnu"}).content.decode()
    assert "Bureau régional" in content and "Réunion DREETS" in content
