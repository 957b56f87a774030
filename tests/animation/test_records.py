"""Events, referents and partnerships: creation, French refusals that change nothing, version
checks, yearly evaluations ending the renewal reminder, the referents' directory and its export
(inside the perimeter only), and publishing a practice with a checked file."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.animation.counts import yearly_counts
from mlplatform.animation.models import (
    ChangeLog,
    Event,
    Partnership,
    PartnershipEvaluation,
    Practice,
    Referent,
)
from mlplatform.animation.steps import renewals_due
from mlplatform.evidence.models import Evidence

from ..access_cases.animation import MINUTES
from ..factories import login

TODAY = timezone.localdate()


def _event(**extra) -> dict:
    return {
        "title": "Forum de l'emploi",
        "kind": "forum_emploi",
        "level": "local",
        "starts_on": TODAY.isoformat(),
        "ends_on": TODAY.isoformat(),
        "young_people": "120",
        "employers": "25",
        "professionals": "8",
        "partners": "France Travail",
        **extra,
    }


def test_an_event_is_recorded_and_counted(world, client):
    login(client, world.user(Role.ML_STAFF))
    response = client.post(f"/animation/{world.ml.code}/evenements/ajouter/", _event())
    assert response.status_code == 302 and response["Location"].endswith("#evenements")
    event = Event.objects.get()
    assert (event.structure, event.young_people, event.employers) == (world.ml, 120, 25)
    assert yearly_counts(world.ml, TODAY.year).events == 1
    assert ChangeLog.objects.filter(record="event", record_id=event.pk).exists()


def test_bad_event_input_is_refused_in_french(world, client):
    login(client, world.user(Role.ML_STAFF))
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    content = client.post(
        f"/animation/{world.ml.code}/evenements/ajouter/", _event(ends_on=yesterday, young_people="-3")
    ).content.decode()
    assert "ne peut pas précéder son début" in content and "ne peut pas être négatif" in content
    content = client.post(
        f"/animation/{world.ml.code}/evenements/ajouter/", _event(starts_on="31/02")
    ).content.decode()
    assert "Saisissez une date valide" in content
    assert not Event.objects.exists()
    assert client.get(f"/animation/{world.ml.code}/inconnus/ajouter/").status_code == 404


def test_a_referent_twice_is_refused(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    data = {"theme": "justice", "name": "Camille Martin", "job_title": "Conseillère", "email": "c@ml.example"}
    assert client.post(f"/animation/{world.ml.code}/referents/ajouter/", data).status_code == 302
    content = client.post(f"/animation/{world.ml.code}/referents/ajouter/", data).content.decode()
    assert "déjà référente de ce thème" in content
    assert Referent.objects.count() == 1


def test_a_stale_partnership_edit_changes_nothing(world, client):
    partnership = Partnership.objects.create(
        structure=world.ml,
        partner_name="SPIP",
        partner_type="justice",
        title="Convention",
        level="local",
        starts_on=TODAY,
    )
    Partnership.objects.filter(pk=partnership.pk).update(title="Convention (signée)", version=2)
    login(client, world.user(Role.ML_DIRECTOR))
    url = f"/animation/{world.ml.code}/partenariats/{partnership.pk}/modifier/"
    data = {
        "partner_name": "SPIP du Calvados",
        "partner_type": "justice",
        "title": "Ma convention",
        "level": "local",
        "starts_on": TODAY.isoformat(),
        "version": "1",
    }
    content = client.post(url, data).content.decode()
    assert "Version enregistrée entre-temps" in content and "Convention (signée)" in content
    assert Partnership.objects.get().title == "Convention (signée)"
    assert client.post(url, {**data, "version": "2"}).status_code == 302
    partnership.refresh_from_db()
    assert (partnership.title, partnership.version) == ("Ma convention", 3)


def test_a_local_agreement_declines_only_national_or_regional_ones_of_its_region(world, client):
    national = Partnership.objects.create(
        structure=world.unml,
        partner_name="AKTO",
        partner_type="opco",
        title="Accord national",
        level="national",
        starts_on=TODAY,
    )
    other_region = Partnership.objects.create(
        structure=world.other_arml,
        partner_name="AKTO",
        partner_type="opco",
        title="Accord Bêta",
        level="regional",
        starts_on=TODAY,
    )
    login(client, world.user(Role.ML_DIRECTOR))
    page = client.get(f"/animation/{world.ml.code}/partenariats/ajouter/").content.decode()
    assert "Accord national" in page and "Accord Bêta" not in page
    data = {
        "partner_name": "AKTO",
        "partner_type": "opco",
        "title": "Convention locale",
        "level": "local",
        "starts_on": TODAY.isoformat(),
    }
    content = client.post(
        f"/animation/{world.ml.code}/partenariats/ajouter/", {**data, "parent": other_region.pk}
    )
    assert "Choisissez un accord de la liste" in content.content.decode()
    client.post(f"/animation/{world.ml.code}/partenariats/ajouter/", {**data, "parent": national.pk})
    assert Partnership.objects.get(title="Convention locale").parent == national


def test_an_evaluation_that_renews_ends_the_reminder(world, client):
    partnership = Partnership.objects.create(
        structure=world.ml,
        partner_name="CPAM",
        partner_type="sante",
        title="Convention santé",
        level="local",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=TODAY + datetime.timedelta(days=30),
    )
    assert renewals_due(world.ml) == [partnership]
    login(client, world.user(Role.ML_QUALITY))
    url = f"/animation/{world.ml.code}/partenariats/{partnership.pk}/evaluation/"
    data = {"year": str(TODAY.year), "achieved": "40 jeunes orientés", "outcome": "renewed"}
    assert client.post(url, data).status_code == 302
    assert renewals_due(world.ml) == []
    content = client.post(url, data).content.decode()
    assert f"déjà une évaluation pour {TODAY.year}" in content
    assert "Saisissez une année entre" in client.post(url, {**data, "year": "1850"}).content.decode()
    assert PartnershipEvaluation.objects.count() == 1


def test_the_directory_and_its_export_stay_inside_the_perimeter(world, client):
    Referent.objects.create(
        structure=world.arml, theme="handicap", name="Alex Roussel", email="a@arml.example"
    )
    Referent.objects.create(structure=world.ml, theme="justice", name="=HYPERLIEN(1)", email="j@ml.example")
    Referent.objects.create(structure=world.other_ml, theme="justice", name="Hors région")
    login(client, world.user(Role.ARML_STAFF))
    content = client.get(f"/animation/{world.arml.code}/referents/annuaire/").content.decode()
    assert "Alex Roussel" in content and "HYPERLIEN" in content and "Hors région" not in content
    response = client.get(f"/animation/{world.arml.code}/referents/annuaire.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Thème", "Structure", "Nom"] and len(rows) == 3
    names = {row[2] for row in rows[1:]}
    assert names == {"Alex Roussel", "=HYPERLIEN(1)"}
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLIEN(1)")
    assert cell.data_type == "s"  # text, never a formula
    login(client, world.user(Role.ML_DIRECTOR))
    content = client.get(f"/animation/{world.ml.code}/referents/annuaire/").content.decode()
    assert "HYPERLIEN" in content and "Alex Roussel" not in content
    assert client.get(f"/animation/{world.arml.code}/referents/annuaire/").status_code == 404
    login(client, world.user("OTHER_ARML_REFERENT"))
    assert client.get("/animation/UNML/referents/annuaire/").status_code == 404


def test_publishing_a_practice_checks_its_file(world, client):
    login(client, world.user(Role.ML_STAFF))
    data = {
        "title": "Kit parrainage",
        "theme": "relations_entreprises",
        "description": "Binômes jeunes-parrains",
    }
    bad = SimpleUploadedFile(
        "kit.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = client.post("/animation/pratiques/publier/", {**data, "file": bad})
    assert response.status_code == 200 and "n'a pas été publiée" in response.content.decode()
    assert not Practice.objects.exists()
    good = SimpleUploadedFile("kit.pdf", MINUTES, content_type="application/pdf")
    response = client.post("/animation/pratiques/publier/", {**data, "file": good})
    practice = Practice.objects.get()
    assert practice.structure == world.ml and practice.file_name == "kit.pdf"
    login(client, world.user("OTHER_ML_DIRECTOR"))
    content = client.get("/animation/pratiques/").content.decode()
    assert "Kit parrainage" in content
    download = client.get(f"/animation/pratiques/{practice.pk}/fichier/")
    assert b"".join(download.streaming_content) == MINUTES


def test_partnership_documents_are_checked_and_become_evidence(world, client):
    partnership = Partnership.objects.create(
        structure=world.ml,
        partner_name="SPIP",
        partner_type="justice",
        title="Convention",
        level="local",
        starts_on=TODAY,
    )
    login(client, world.user(Role.ML_DIRECTOR))
    url = f"/animation/{world.ml.code}/partenariats/{partnership.pk}/documents/"
    bad = SimpleUploadedFile("convention.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
    content = client.post(url, {"title": "Convention signée", "file": bad}).content.decode()
    assert "n'a pas été ajouté" in content and not partnership.documents.exists()
    good = SimpleUploadedFile("convention.pdf", MINUTES, content_type="application/pdf")
    assert client.post(url, {"title": "Convention signée", "file": good}).status_code == 302
    document = partnership.documents.get()
    login(client, world.user(Role.ARML_REFERENT))
    overview = client.get(f"/animation/{world.ml.code}/").content.decode()
    assert "Convention signée" in overview
    download = client.get(f"{url}{document.pk}/")
    assert b"".join(download.streaming_content) == MINUTES
    assert client.post(f"{url}{document.pk}/utiliser-comme-preuve/").status_code == 403
    login(client, world.user(Role.ML_QUALITY))
    response = client.post(f"{url}{document.pk}/utiliser-comme-preuve/")
    evidence = Evidence.objects.get(structure=world.ml)
    assert response["Location"] == evidence.get_absolute_url()
    assert (
        evidence.title == "Convention signée — SPIP" and evidence.current_file.sha256 == document.file_sha256
    )


def test_the_composition_of_the_bodies_is_recorded_and_versioned(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    url = f"/animation/{world.ml.code}/instances/ajouter/"
    data = {
        "body": "bureau",
        "college": "elus",
        "name": "Claude Hamon",
        "organisation": "Ville",
        "office": "Président",
    }
    assert client.post(url, {**data, "college": "inconnu"}).status_code == 200
    assert client.post(url, data).status_code == 302
    member = world.ml.body_members.get()
    content = client.get(f"/animation/{world.ml.code}/").content.decode()
    assert "Claude Hamon" in content and "Élus des collectivités territoriales" in content
    edit = f"/animation/{world.ml.code}/instances/{member.pk}/modifier/"
    assert client.post(edit, {**data, "office": "Trésorier", "version": "1"}).status_code == 302
    assert "Version enregistrée" in client.post(edit, {**data, "version": "1"}).content.decode()
    member.refresh_from_db()
    assert (member.office, member.version) == ("Trésorier", 2)
