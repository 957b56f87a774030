"""The report's life: template, narrative blocks with version checks, proofreading by someone else,
publication that freezes the figures, new editions; the pages that drive it."""

from __future__ import annotations

import pytest

from mlplatform.accounts.enums import Role
from mlplatform.activity_reports import services
from mlplatform.activity_reports.catalogue import sections_for
from mlplatform.activity_reports.enums import State
from mlplatform.activity_reports.models import ActivityReport, ReportTransition
from mlplatform.animation.models import Meeting

from ..factories import login
from .factories import block, draft, published, write


def test_a_new_report_follows_its_type_template(world):
    report = draft(world, "arml")
    keys = list(report.sections.order_by("position").values_list("key", flat=True))
    assert keys == [s.key for s in sections_for("ARML")]
    assert "regions" not in keys and "programme" in keys
    ml_report = draft(world, "ml")
    ml_keys = set(ml_report.sections.values_list("key", flat=True))
    assert "activite_equipe" not in ml_keys and "programme" not in ml_keys
    # Theme sections carry « Objectifs », « Temps forts », animation, « Perspectives ».
    kinds = set(block(report, "theme_cej").section.blocks.values_list("kind", flat=True))
    assert kinds == {"objectifs", "temps_forts", "animation", "perspectives"}
    with pytest.raises(services.Refused, match="existe déjà"):
        draft(world, "arml")
    assert ReportTransition.objects.filter(report=report, to_state=State.DRAFT).count() == 1


def test_two_people_never_overwrite_each_other(world):
    report = draft(world, "arml")
    target = block(report)
    version = target.version
    services.save_block(
        target, text="Premier texte", expected_version=version, user=world.user(Role.ARML_STAFF)
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.save_block(
            target, text="Second texte", expected_version=version, user=world.user(Role.ARML_REFERENT)
        )
    assert stale.value.current.text == "Premier texte"
    target.refresh_from_db()
    assert target.text == "Premier texte"


def test_publication_needs_someone_else_and_freezes_the_figures(world):
    staff, referent = world.user(Role.ARML_STAFF), world.user(Role.ARML_REFERENT)
    report = draft(world, "arml")
    write(report, staff, "Éditorial")
    report.refresh_from_db()
    report = services.submit(report, expected_version=report.version, user=referent)
    with pytest.raises(services.Refused, match="autre personne"):
        services.proofread(report, expected_version=report.version, user=referent)
    with pytest.raises(services.Refused, match="relu par une autre personne"):
        services.publish(report, expected_version=report.version, user=referent)
    with pytest.raises(services.Refused, match="plus en brouillon"):
        write(report, staff, "Changement après soumission")
    report = services.proofread(report, expected_version=report.version, user=staff)
    assert report.state == State.PROOFREAD and report.proofread_by == staff
    report = services.publish(report, expected_version=report.version, user=referent)
    assert report.state == State.PUBLISHED and report.frozen is not None
    before = report.frozen["activite_equipe"]
    assert before["available"] is False  # no meeting yet: said, not zeros
    # A meeting recorded later changes nothing in the published report.
    Meeting.objects.create(
        structure=world.arml,
        kind="bureau",
        theme="gouvernance",
        title="Bureau",
        date="2023-03-01",
        organised=True,
    )
    report.refresh_from_db()
    assert report.frozen["activite_equipe"] == before
    # ... but a new edition reads the sources again, with the texts copied.
    edition = services.new_edition(report, user=staff)
    assert edition.edition == 2 and edition.state == State.DRAFT
    assert block(edition).text == "Éditorial"
    from mlplatform.activity_reports.composition import compute

    assert compute(edition)["activite_equipe"]["available"] is True
    with pytest.raises(services.Refused, match="déjà en cours"):
        services.new_edition(report, user=staff)


def test_send_back_needs_a_comment(world):
    staff = world.user(Role.ARML_STAFF)
    report = draft(world, "arml")
    report = services.submit(report, expected_version=report.version, user=staff)
    with pytest.raises(services.Refused, match="commentaire"):
        services.send_back(report, expected_version=report.version, user=staff, comment="  ")
    report = services.send_back(
        report, expected_version=report.version, user=staff, comment="Chiffres à vérifier"
    )
    assert report.state == State.DRAFT
    assert report.transitions.order_by("-at", "-pk").first().comment == "Chiffres à vérifier"


def test_create_and_compose_from_the_pages(world, client):
    login(client, world.user(Role.ML_QUALITY))
    response = client.post("/rapports-activite/creer/", {"structure": world.ml.pk, "year": "1990"})
    assert response.status_code == 422
    assert "L&#x27;année doit être comprise entre 2015 et" in response.content.decode()
    assert 'value="1990"' in response.content.decode()  # what was typed stays
    response = client.post("/rapports-activite/creer/", {"structure": world.ml.pk, "year": "2023"})
    report = ActivityReport.objects.get(structure=world.ml, year=2023)
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    # Sections: an invalid order is refused, nothing changes, the choices typed stay.
    url = f"{report.get_absolute_url()}sections/"
    keys = list(report.sections.order_by("position").values_list("key", flat=True))
    data = {"version": report.version, **{f"ordre-{k}": i + 1 for i, k in enumerate(keys)}}
    data.update({f"inclure-{k}": "1" for k in keys if k != "annexe"})
    data["ordre-editorial"] = "abc"
    response = client.post(url, data)
    assert response.status_code == 422 and "nombre entier" in response.content.decode()
    assert report.sections.get(key="annexe").included is True
    data["ordre-editorial"] = str(len(keys) + 5)  # the editorial last
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(report.sections.order_by("position").values_list("key", flat=True))[-1] == "editorial"
    assert report.sections.get(key="annexe").included is False
    # The same form sent again with the old version: someone changed it meanwhile.
    response = client.post(url, data)
    assert response.status_code == 409 and "entre-temps" in response.content.decode()


def test_autosave_and_conflict_through_htmx(world, client):
    report = draft(world, "ml")
    target = block(report)
    login(client, world.user(Role.ML_QUALITY))
    url = f"{report.get_absolute_url()}blocs/{target.pk}/"
    prefix = f"b{target.pk}"
    response = client.post(
        url, {f"{prefix}-text": "Bonjour", f"{prefix}-version": target.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Enregistré à" in response.content.decode()
    assert f'name="{prefix}-version" value="{target.version + 1}"' in response.content.decode()
    # Another person saved meanwhile: 409, their text shown, mine kept in the form, nothing stored.
    response = client.post(
        url, {f"{prefix}-text": "Ma version", f"{prefix}-version": target.version}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 409 and "modifié ce texte entre-temps" in content and "Bonjour" in content
    target.refresh_from_db()
    assert target.text == "Bonjour"
    # « Garder ma version » sends the version seen in the conflict.
    response = client.post(
        url,
        {
            f"{prefix}-text": "Ma version",
            f"{prefix}-version": target.version - 1,
            f"{prefix}-force_version": target.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.text == "Ma version"
    # Without JavaScript: back to the block with a message.
    response = client.post(url, {f"{prefix}-text": "Sans JS", f"{prefix}-version": target.version})
    assert response.status_code == 302 and response.url.endswith(f"#bloc-{target.pk}")
    # Too long: refused with a French message.
    response = client.post(
        url, {f"{prefix}-text": "x" * 20_001, f"{prefix}-version": target.version + 1}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422 and "ne doit pas dépasser" in response.content.decode()


def test_the_workflow_through_the_pages_and_the_public_side(world, client):
    staff, referent = world.user(Role.ARML_STAFF), world.user(Role.ARML_REFERENT)
    report = draft(world, "arml")
    write(report, staff, "Texte ARML relu")
    report.refresh_from_db()
    url = f"{report.get_absolute_url()}etape/"
    public = "/rapports-activite/publies/ARML-A/2023/edition-1/"
    assert client.get(public).status_code == 404  # a draft is not public
    login(client, staff)
    assert client.post(url, {"action": "soumettre", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.REVIEW
    # The person who submitted cannot proofread; another person of the structure does.
    response = client.post(url, {"action": "relire", "version": report.version})
    assert response.status_code == 403
    login(client, referent)
    home = client.get("/").content.decode()
    assert "Relire le rapport d&#x27;activité 2023" in home
    assert client.post(url, {"action": "relire", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.PROOFREAD
    # ARML staff cannot publish (the referent commits the structure).
    login(client, staff)
    assert client.post(url, {"action": "publier", "version": report.version}).status_code == 403
    login(client, referent)
    assert "Publier le rapport d&#x27;activité 2023" in client.get("/").content.decode()
    assert client.post(url, {"action": "publier", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == State.PUBLISHED
    client.logout()
    content = client.get(public).content.decode()
    assert "Texte ARML relu" in content
    listing = client.get("/rapports-activite/publies/").content.decode()
    assert public in listing
    pdf = client.get(f"{public}rapport.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_public_pages_show_only_published_reports(world, client):
    report = published(world)
    draft(world, "ml")
    listing = client.get("/rapports-activite/publies/").content.decode()
    assert report.structure.name in listing and "Mission Locale Alpha Un" not in listing
    assert client.get("/rapports-activite/publies/ML-A1/2023/").status_code == 404
    assert client.get("/rapports-activite/publies/ML-A1/2023/edition-1/rapport.pdf").status_code == 404


def test_sign_in_page_links_to_the_published_reports(client):
    assert "/rapports-activite/publies/" in client.get("/connexion/").content.decode()


def test_home_page_offers_to_write_last_years_report(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    assert "Rédiger le rapport d&#x27;activité" in client.get("/").content.decode()


def test_a_published_report_is_attached_as_evidence_of_the_quality_requirement(world, client):
    from mlplatform.assessments.models import AnswerEvidence
    from mlplatform.frameworks.loader import DATA_DIR, load_file

    from ..assessments.factories import open_campaign

    version = load_file(DATA_DIR / "ML-2022.yaml").version
    open_campaign(world, version)
    quality, director = world.user(Role.ML_QUALITY), world.user(Role.ML_DIRECTOR)
    report = draft(world, "ml")
    login(client, quality)
    url = f"{report.get_absolute_url()}preuve/"
    response = client.post(url, follow=True)
    assert "Seul un rapport publié peut être joint" in response.content.decode()
    report = services.submit(report, expected_version=report.version, user=quality)
    report = services.proofread(report, expected_version=report.version, user=director)
    services.publish(report, expected_version=report.version, user=director)
    response = client.post(url, follow=True)
    assert "Rapport joint comme preuve (ML-2022-5.4.2)" in response.content.decode()
    link = AnswerEvidence.objects.get(requirement__ref="ML-2022-5.4.2", assessment__structure=world.ml)
    assert link.evidence.title == "Rapport d'activité 2023 (édition 1)"
    # Attached again: the same evidence, not a second one.
    client.post(url)
    assert AnswerEvidence.objects.filter(assessment__structure=world.ml).count() == 1
    # Readers outside the structure cannot attach it.
    login(client, world.user(Role.ARML_REFERENT))
    assert client.post(url).status_code == 403


def test_public_list_query_count_does_not_grow_with_reports(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    def publish_draft(structure_attr: str, year: int) -> None:
        report = draft(world, structure_attr, year)
        ActivityReport.objects.filter(pk=report.pk).update(
            state=State.PUBLISHED, frozen={"x": "y" * 1000}, published_at=timezone.now()
        )

    publish_draft("arml", 2022)
    client.get("/rapports-activite/publies/")
    with CaptureQueriesContext(connection) as small:
        client.get("/rapports-activite/publies/")
    for attr in ("ml", "ml2", "other_arml", "other_ml"):
        publish_draft(attr, 2022)
    with CaptureQueriesContext(connection) as large:
        content = client.get("/rapports-activite/publies/").content.decode()
    assert len(large) == len(small)
    assert content.count("/rapport.pdf") == 5
    assert all('"frozen"' not in query["sql"] for query in large.captured_queries)
