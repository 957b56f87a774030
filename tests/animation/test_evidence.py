"""« Use as evidence » for every kind of network-life record, the network-wide bodies kept to the
UNML, the structure's change log on its page, the directory's query count, and the French of the
renewal reminder."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.animation import services
from mlplatform.animation.models import (
    BodyMember,
    ChangeLog,
    Event,
    Meeting,
    Partnership,
    PartnershipEvaluation,
    Practice,
    Referent,
)
from mlplatform.evidence.models import Evidence
from mlplatform.network.enums import StructureType

from ..access_cases.animation import MINUTES
from ..factories import login, make_structure

TODAY = timezone.localdate()


def _rows(evidence: Evidence) -> list[list]:
    with evidence.current_file.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _take(client, code: str, section: str, year: int = TODAY.year):
    return client.post(f"/animation/{code}/preuves/{section}/", {"annee": str(year)})


@pytest.fixture
def ml_records(world):
    ml = world.ml
    services.create_meeting(
        ml,
        {"kind": "conseil_administration", "theme": "gouvernance", "title": "CA de mars", "date": TODAY},
        participants=[world.arml],
        user=None,
    )
    services.create_meeting(
        world.arml,
        {"kind": "groupe_travail", "theme": "justice", "title": "GT justice", "date": TODAY},
        participants=[ml, world.ml2],
        user=None,
    )
    Event.objects.create(
        structure=ml,
        level="local",
        kind="forum_emploi",
        title="Forum de l'emploi",
        starts_on=TODAY,
        ends_on=TODAY,
        young_people=120,
        employers=25,
        professionals=8,
        partners="France Travail",
    )
    BodyMember.objects.create(
        structure=ml, body="bureau", college="elus", name="Claude Hamon", office="Président"
    )
    Referent.objects.create(structure=ml, theme="justice", name="Camille Martin", email="c@ml.example")
    return world


def test_every_section_becomes_a_spreadsheet_in_the_library(ml_records, client):
    world = ml_records
    login(client, world.user(Role.ML_QUALITY))
    expected = {
        "chiffres": (f"Animation du réseau : chiffres {TODAY.year}", "Réunions animées"),
        "reunions": (f"Réunions {TODAY.year} (animées et suivies)", "GT justice"),
        "evenements": (f"Événements {TODAY.year}", "Forum de l'emploi"),
        "instances": ("Composition des instances", "Claude Hamon"),
        "referents": ("Référent·es thématiques", "Camille Martin"),
    }
    for section, (title, content) in expected.items():
        response = _take(client, world.ml.code, section)
        evidence = Evidence.objects.get(structure=world.ml, title=title)
        assert response.status_code == 302 and response["Location"] == evidence.get_absolute_url()
        assert evidence.current_file.original_name.endswith(".xlsx")
        cells = {str(value) for row in _rows(evidence) for value in row}
        assert content in cells, section
    figures = {row[0]: row[1:] for row in _rows(Evidence.objects.get(title__startswith="Animation"))}
    assert figures["Réunions animées"][0] == 1 and figures["Réunions suivies"][0] == 1
    assert figures["Thème : Justice"] == [1, 0, 1]
    meetings = _rows(Evidence.objects.get(title__startswith="Réunions"))
    assert [row[1] for row in meetings[1:]] == ["CA de mars", "GT justice"]
    assert meetings[2][4] == f"Participation ({world.arml.name})"
    assert ChangeLog.objects.filter(structure=world.ml, summary__startswith="Ajouté aux preuves").count() == 5


def test_taking_a_section_again_adds_a_version_not_a_copy(ml_records, client):
    world = ml_records
    login(client, world.user(Role.ML_DIRECTOR))
    _take(client, world.ml.code, "evenements")
    Event.objects.create(
        structure=world.ml,
        level="local",
        kind="job_dating",
        title="Job dating",
        starts_on=TODAY,
        ends_on=TODAY,
    )
    assert _take(client, world.ml.code, "evenements").status_code == 302
    evidence = Evidence.objects.get(structure=world.ml)
    assert evidence.files.count() == 2
    assert "Job dating" in {row[0] for row in _rows(evidence)}


def test_a_regional_directory_covers_the_region(ml_records, client):
    world = ml_records
    Referent.objects.create(structure=world.arml, theme="handicap", name="Alex Roussel")
    Referent.objects.create(structure=world.other_ml, theme="justice", name="Hors région")
    login(client, world.user(Role.ARML_STAFF))
    assert _take(client, world.arml.code, "referents").status_code == 302
    evidence = Evidence.objects.get(structure=world.arml)
    assert evidence.title == "Annuaire régional des référent·es thématiques"
    names = {row[2] for row in _rows(evidence)[1:]}
    assert names == {"Alex Roussel", "Camille Martin"}
    # Read by the file's auditors: names and functions, no contact details.
    assert list(_rows(evidence)[0]) == ["Thème", "Structure", "Nom", "Fonction"]
    assert not any("@" in str(cell) for row in _rows(evidence) for cell in row)


def test_only_the_structure_takes_its_records(ml_records, client):
    world = ml_records
    login(client, world.user(Role.ARML_REFERENT))  # reads the ML's records, does not take them
    assert _take(client, world.ml.code, "evenements").status_code == 403
    login(client, world.user("OTHER_ARML_REFERENT"))
    assert _take(client, world.ml.code, "evenements").status_code == 404
    assert _take(client, "UNML", "chiffres").status_code == 404  # the UNML's bodies: read only
    login(client, world.user(Role.ML_DIRECTOR))
    assert _take(client, world.ml.code, "inconnue").status_code == 404
    assert client.get(f"/animation/{world.ml.code}/preuves/evenements/").status_code == 405
    assert not Evidence.objects.exists()


def test_a_partnership_sheet_becomes_evidence(world, client):
    national = Partnership.objects.create(
        structure=world.unml,
        partner_name="AKTO",
        partner_type="opco",
        title="Accord national",
        level="national",
        starts_on=datetime.date(2021, 1, 1),
    )
    partnership = Partnership.objects.create(
        structure=world.ml,
        partner_name="AKTO",
        partner_type="opco",
        title="Convention locale",
        level="local",
        parent=national,
        starts_on=datetime.date(2023, 1, 1),
        signatories="AKTO, Mission Locale",
        objectives="Qualifier les jeunes",
        indicators="Jeunes en formation",
    )
    PartnershipEvaluation.objects.create(
        partnership=partnership, year=2024, achieved="40 jeunes formés", outcome="kept"
    )
    services.add_partnership_document(
        partnership,
        SimpleUploadedFile("convention.pdf", MINUTES, content_type="application/pdf"),
        title="Convention signée",
        user=None,
    )
    url = f"/animation/{world.ml.code}/partenariats/{partnership.pk}/utiliser-comme-preuve/"
    login(client, world.user(Role.ARML_REFERENT))
    assert client.post(url).status_code == 403
    login(client, world.user(Role.ML_STAFF))
    response = client.post(url)
    evidence = Evidence.objects.get(structure=world.ml)
    assert response["Location"] == evidence.get_absolute_url()
    assert evidence.title == "Partenariat AKTO — Convention locale"
    rows = {row[0]: row[1] for row in _rows(evidence)[1:]}
    assert rows["Déclinaison de"] == "Accord national"
    assert rows["Évaluation 2024"] == "Poursuivi : 40 jeunes formés"
    assert rows["Document"] == "Convention signée (convention.pdf)"
    assert ChangeLog.objects.filter(record="partnership", record_id=partnership.pk).exists()
    page = client.get(f"/animation/{world.ml.code}/").content.decode()
    assert url in page


def test_a_practice_becomes_evidence_of_its_own_structure_only(world, client):
    with_file = services.publish_practice(
        world.ml,
        {
            "title": "Kit parrainage",
            "theme": "relations_entreprises",
            "description": "Binômes",
            "contact": "",
        },
        file=SimpleUploadedFile("kit.pdf", MINUTES, content_type="application/pdf"),
        user=None,
    )
    without = Practice.objects.create(structure=world.ml, title="Trame", theme="justice", description="Trame")
    login(client, world.user(Role.ML_STAFF))
    catalogue = client.get("/animation/pratiques/").content.decode()
    assert f"/animation/pratiques/{with_file.pk}/utiliser-comme-preuve/" in catalogue
    client.post(f"/animation/pratiques/{with_file.pk}/utiliser-comme-preuve/")
    client.post(f"/animation/pratiques/{with_file.pk}/utiliser-comme-preuve/")
    evidence = Evidence.objects.get(structure=world.ml, title="Pratique partagée — Kit parrainage")
    assert evidence.current_file.sha256 == with_file.file_sha256
    client.post(f"/animation/pratiques/{without.pk}/utiliser-comme-preuve/")
    sheet = Evidence.objects.get(structure=world.ml, title="Pratique partagée — Trame")
    assert sheet.current_file.original_name.endswith(".xlsx")
    assert Evidence.objects.filter(structure=world.ml).count() == 2
    login(client, world.user("OTHER_ML_DIRECTOR"))
    catalogue = client.get("/animation/pratiques/").content.decode()
    assert "utiliser-comme-preuve" not in catalogue
    assert client.post(f"/animation/pratiques/{without.pk}/utiliser-comme-preuve/").status_code == 403


def test_network_wide_bodies_are_recorded_by_the_unml_only(world, client):
    values = {"kind": "comite_directeurs", "theme": "gouvernance", "title": "Comité", "date": TODAY}
    with pytest.raises(services.AnimationRefused, match="Seule l'UNML"):
        services.create_meeting(world.arml, values, user=None)
    login(client, world.user(Role.ARML_REFERENT))
    form = client.get(f"/animation/{world.arml.code}/reunions/ajouter/").content.decode()
    assert "Comité des directeurs" not in form and "Groupe de travail" in form
    data = {**values, "organised": "1", "date": TODAY.isoformat()}
    response = client.post(f"/animation/{world.arml.code}/reunions/ajouter/", data)
    assert response.status_code == 200 and not Meeting.objects.exists()
    mine = services.create_meeting(
        world.ml,
        {"kind": "bureau", "theme": "gouvernance", "title": "Bureau", "date": TODAY},
        user=None,
    )
    with pytest.raises(services.AnimationRefused):
        services.update_meeting(mine, 1, {**values, "title": "Bureau"}, user=None)
    login(client, world.user(Role.NATIONAL_ADMIN))
    form = client.get("/animation/UNML/reunions/ajouter/").content.decode()
    assert "Comité des directeurs" in form and "Conférence des présidents" in form
    assert client.post("/animation/UNML/reunions/ajouter/", data).status_code == 302
    assert Meeting.objects.filter(structure=world.unml, kind="comite_directeurs").count() == 1


def test_the_structure_change_log_has_its_page(world, client):
    login(client, world.user(Role.ML_STAFF))
    client.post(
        f"/animation/{world.ml.code}/evenements/ajouter/",
        {
            "title": "Forum de l'emploi",
            "kind": "forum_emploi",
            "level": "local",
            "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(),
            "young_people": "1",
            "employers": "0",
            "professionals": "0",
        },
    )
    login(client, world.user(Role.ARML_REFERENT))
    overview = client.get(f"/animation/{world.ml.code}/").content.decode()
    assert f"/animation/{world.ml.code}/journal/" in overview
    content = client.get(f"/animation/{world.ml.code}/journal/").content.decode()
    assert "Événement ajouté·e : Forum de l&#x27;emploi." in content
    assert "<strong>1</strong> modification." in content
    login(client, world.user("OTHER_ARML_REFERENT"))
    assert client.get(f"/animation/{world.ml.code}/journal/").status_code == 404
    assert client.get("/animation/UNML/journal/").status_code == 404


def test_the_directory_query_count_does_not_grow(world, client):
    ml3 = make_structure("ML-A3", StructureType.ML, world.arml, name="Mission Locale Alpha Trois")
    Referent.objects.create(structure=world.ml, theme="cej", name="Un")
    login(client, world.user(Role.ARML_REFERENT))
    url = f"/animation/{world.arml.code}/referents/annuaire/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    few = queries()
    for structure in (world.ml, world.ml2, ml3, world.arml):
        Referent.objects.bulk_create(
            Referent(structure=structure, theme="justice", name=f"{structure.code}-{i}") for i in range(15)
        )
    assert queries() == few


def test_the_renewal_reminder_agrees_in_number(world, client):
    common = {"partner_type": "opco", "level": "regional", "starts_on": datetime.date(2020, 1, 1)}
    Partnership.objects.create(
        structure=world.arml,
        partner_name="AKTO",
        title="Accord-cadre",
        ends_on=TODAY + datetime.timedelta(days=30),
        **common,
    )
    login(client, world.user(Role.ARML_STAFF))
    assert "1 convention de partenariat arrive à échéance" in client.get("/").content.decode()
    Partnership.objects.create(
        structure=world.arml,
        partner_name="DISP",
        title="Justice",
        ends_on=TODAY + datetime.timedelta(days=90),
        **common,
    )
    assert "2 conventions de partenariat arrivent à échéance" in client.get("/").content.decode()


def test_the_journal_query_count_does_not_grow(world, client):
    def add(count: int) -> None:
        ChangeLog.objects.bulk_create(
            ChangeLog(
                structure=world.ml,
                record="event",
                record_id=i,
                user=world.user(Role.ML_STAFF),
                summary=f"Changement {i}",
            )
            for i in range(count)
        )

    add(2)
    login(client, world.user(Role.ARML_REFERENT))
    url = f"/animation/{world.ml.code}/journal/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(120)
    with CaptureQueriesContext(connection) as many:
        content = client.get(url).content.decode()
    assert len(many) == len(few) and "page 1 sur 3" in content


def test_a_practice_is_edited_by_its_structure_with_a_version_check(
    world, client, django_capture_on_commit_callbacks
):
    practice = services.publish_practice(
        world.ml,
        {"title": "Kit", "theme": "cej", "description": "Première version", "contact": ""},
        file=SimpleUploadedFile("kit.pdf", MINUTES, content_type="application/pdf"),
        user=None,
    )
    former = practice.file.name
    url = f"/animation/pratiques/{practice.pk}/modifier/"
    data = {
        "title": "Kit CEJ",
        "theme": "cej",
        "description": "Deuxième version",
        "contact": "",
        "version": "1",
    }
    login(client, world.user("OTHER_ML_DIRECTOR"))
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    login(client, world.user(Role.ML_STAFF))
    assert "Première version" in client.get(url).content.decode()
    replacement = MINUTES.replace(b"%%EOF", b"% autre\n%%EOF")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {**data, "file": SimpleUploadedFile("kit-v2.pdf", replacement, content_type="application/pdf")},
        )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.title, practice.version, practice.file_name) == ("Kit CEJ", 2, "kit-v2.pdf")
    assert not practice.file.storage.exists(former)
    stale = client.post(url, {**data, "description": "Ma saisie"}).content.decode()
    assert "Version enregistrée entre-temps" in stale and "Ma saisie" in stale
    practice.refresh_from_db()
    assert practice.description == "Deuxième version" and practice.version == 2
    assert ChangeLog.objects.filter(record="practice", summary__startswith="Pratique modifiée").count() == 1
