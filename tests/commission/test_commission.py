"""The commission's sessions: who opens which session and which file, creating and editing a session,
composing the agenda (and taking a file off it), closing, and the pages' query counts."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mlplatform.accounts.enums import Role
from mlplatform.audits import services as audit_services
from mlplatform.audits.enums import AuditMode, AuditStatus
from mlplatform.audits.models import Audit
from mlplatform.commission import services as commission_services
from mlplatform.commission import work
from mlplatform.commission.enums import Outcome, SessionStatus
from mlplatform.commission.models import AgendaItem, CommissionSession, Decision
from mlplatform.label import services
from mlplatform.label.enums import ArmlOpinion, Stage
from mlplatform.label.models import LabelFile
from mlplatform.label.transitions import TransitionRefused
from mlplatform.network.enums import StructureType

from ..factories import login, make_structure
from ..label.factories import advance, build_label_world, membership


def text(response) -> str:
    """The page as a reader sees it (tags dropped, entities decoded, spaces folded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def item_url(name: str, item: AgendaItem) -> str:
    return reverse(f"label:{name}", kwargs={"pk": item.session_id, "item_pk": item.pk})


def session_url(name: str, session: CommissionSession) -> str:
    return reverse(f"label:{name}", kwargs={"pk": session.pk})


@pytest.fixture
def lw(world):
    return build_label_world(world)


def admin(lw):
    return membership(lw.world.user(Role.NATIONAL_ADMIN))


def planned_session(lw, *members, days: int = 0) -> CommissionSession:
    session = CommissionSession.objects.create(
        title=f"Séance à J+{days}",
        date=timezone.localdate() + datetime.timedelta(days=days),
        created_by=lw.world.user(Role.NATIONAL_ADMIN),
    )
    session.members.set(members)
    return session


def audited_structure(lw, code: str) -> LabelFile:
    """An ML of region A whose delivered audit waits for a session (set up directly: only the commission's
    pages are under test here). ML-A1's file must exist first (it loads the ML framework)."""
    world = lw.world
    structure = make_structure(code, StructureType.ML, world.arml, name=f"Mission Locale {code}")
    today = timezone.localdate()
    file = LabelFile.objects.create(
        structure=structure,
        framework=LabelFile.objects.get(structure=world.ml).framework,
        stage=Stage.AUDITED,
        enrolled_on=today - datetime.timedelta(days=90),
        arml_opinion=ArmlOpinion.FAVOURABLE,
        arml_opinion_text="Prête.",
    )
    Audit.objects.create(
        file=file,
        external_auditor=lw.external,
        network_auditor=lw.network,
        assigned_by=lw.lead,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=19),
        status=AuditStatus.DELIVERED,
        delivered_at=timezone.now(),
        overall_opinion="Solide.",
    )
    return file


# --------------------------------------------------------------------------------------------
# Who opens what


def test_a_member_cannot_open_a_file_not_on_a_session_of_theirs(lw, client):
    """ML-A1 is deferred at a session where the member does not sit, then comes back on the agenda of
    a session of theirs: its structure is in the member's perimeter, yet the first session, its file
    and its decision letter stay out of reach (404); the other member, the reverse."""
    world = lw.world
    file = advance(lw, Stage.AUDITED)
    earlier = planned_session(lw, lw.other_member, days=-30)
    first = commission_services.put_on_agenda(file, earlier, admin(lw))
    commission_services.record_decision(
        first,
        membership(lw.other_member),
        outcome=Outcome.DEFERRED,
        reasons="Preuves insuffisantes.",
        conditions="Formaliser le plan.",
    )
    commission_services.close_session(earlier, admin(lw))
    file.refresh_from_db()
    director = membership(world.user(Role.ML_DIRECTOR))
    services.request_audit(file, director, statement="Plan formalisé.")
    referent = membership(world.user(Role.ARML_REFERENT))
    services.give_arml_opinion(file, referent, opinion=ArmlOpinion.FAVOURABLE, text="Prête.")
    today = timezone.localdate()
    audit = audit_services.schedule_audit(
        file,
        membership(lw.lead),
        external=lw.external,
        network=lw.network,
        starts_on=today,
        ends_on=today,
        mode=AuditMode.REMOTE,
    )
    Audit.objects.filter(pk=audit.pk).update(overall_opinion="Progrès nets.")
    audit.refresh_from_db()
    audit_services.deliver_report(audit, membership(lw.external))
    later = planned_session(lw, lw.member)
    second = commission_services.put_on_agenda(file, later, admin(lw))
    deferral = Decision.objects.get(agenda_item=first)

    login(client, lw.member)
    assert client.get(item_url("agenda_item", second)).status_code == 200
    for url in (
        item_url("agenda_item", first),
        session_url("session", earlier),
        reverse("label:decision_letter", kwargs={"pk": deferral.pk}),
        reverse("label:agenda_item", kwargs={"pk": later.pk, "item_pk": first.pk}),  # the pk of a session
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(item_url("decision_record", first), {"outcome": "LABELLED"}).status_code == 404
    listing = text(client.get(reverse("label:sessions")))
    assert later.title in listing and earlier.title not in listing

    login(client, lw.other_member)
    assert client.get(item_url("agenda_item", first)).status_code == 200
    assert client.get(item_url("agenda_item", second)).status_code == 404
    assert client.get(session_url("session", later)).status_code == 404


def test_members_read_the_self_assessment_results_and_the_audit_report(lw, client):
    file = advance(lw, Stage.ON_AGENDA)
    item = lw.session.agenda.get()
    results = reverse("assessments:results", kwargs={"pk": file.assessment_id})
    report = reverse("label:audit_report", kwargs={"pk": item.audit_id})
    login(client, lw.member)
    page = client.get(item_url("agenda_item", item))
    assert f'href="{results}"' in page.content.decode() and f'href="{report}"' in page.content.decode()
    content = text(page)
    for expected in (
        "Mission Locale Alpha Un",
        "Favorable",
        "Prête.",
        "Démarche solide.",
        "Nous sommes prêts.",
    ):
        assert expected in content, expected
    # The transition log, step by step, with who acted for which structure.
    assert "Auto-évaluation soumise → Audit demandé" in content
    assert "pour l'ARML Alpha" in content
    assert client.get(results).status_code == 200
    assert client.get(report).status_code == 200
    login(client, lw.other_member)
    assert client.get(results).status_code == 404
    assert client.get(report).status_code == 404


def test_roles_that_never_see_sessions_get_403_and_the_structure_403_on_its_file(lw, client):
    advance(lw, Stage.ON_AGENDA)
    item = lw.session.agenda.get()
    login(client, lw.world.user(Role.ML_DIRECTOR))
    assert client.get(reverse("label:sessions")).status_code == 403
    assert client.get(session_url("session", lw.session)).status_code == 403
    assert client.get(item_url("agenda_item", item)).status_code == 403
    login(client, lw.world.user("OTHER_ML_DIRECTOR"))
    assert client.get(item_url("agenda_item", item)).status_code == 404


# --------------------------------------------------------------------------------------------
# Sessions


def test_the_national_admin_creates_a_session_with_commission_members_only(lw, client):
    world = lw.world
    login(client, world.user(Role.NATIONAL_ADMIN))
    create = reverse("label:session_create")
    page = text(client.get(create))
    assert str(lw.member.email) in page and lw.other_member.email in page
    assert world.user(Role.ML_DIRECTOR).email not in page
    day = timezone.localdate() + datetime.timedelta(days=30)
    data = {"title": "Commission de juin", "date": day.isoformat(), "members": [lw.member.pk]}
    refused = client.post(create, {**data, "members": [lw.member.pk, world.user(Role.ML_DIRECTOR).pk]})
    assert refused.status_code == 200
    assert "n'est pas membre de la commission" in text(refused)
    assert 'value="Commission de juin"' in refused.content.decode()  # what was typed is kept
    empty = client.post(create, {**data, "members": []})
    assert "Choisissez au moins un membre" in text(empty)
    assert not CommissionSession.objects.exists()
    response = client.post(create, data)
    session = CommissionSession.objects.get()
    assert response.url == session_url("session", session)
    assert (session.title, session.date, list(session.members.all())) == (
        "Commission de juin",
        day,
        [lw.member],
    )
    # A member whose commission role was ended is no longer proposed, nor accepted.
    lw.other_member.memberships.update(is_active=False)
    with pytest.raises(TransitionRefused, match="pas membres de la commission"):
        work.save_session(admin(lw), title="X", date=day, members=[lw.other_member])


def test_a_session_edited_meanwhile_is_not_overwritten(lw, client):
    session = planned_session(lw, lw.member)
    login(client, lw.world.user(Role.NATIONAL_ADMIN))
    edit = session_url("session_edit", session)
    state = work.session_state(session)
    assert f'value="{state}"' in client.get(edit).content.decode()
    work.save_session(
        admin(lw), session=session, title="Titre d'un collègue", date=session.date, members=[lw.member]
    )
    data = {
        "title": "Mon titre",
        "date": session.date.isoformat(),
        "members": [lw.member.pk, lw.other_member.pk],
        "state": state,
    }
    response = client.post(edit, data)
    content = text(response)
    assert response.status_code == 200 and "modifiée entre-temps" in content
    assert "Titre d'un collègue" in content and 'value="Mon titre"' in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Titre d'un collègue" and list(session.members.all()) == [lw.member]
    # Sent again knowingly (the form now carries the current state): applied.
    data["state"] = work.session_state(session)
    assert client.post(edit, data).status_code == 302
    session.refresh_from_db()
    assert session.title == "Mon titre" and session.members.count() == 2


def test_a_new_date_moves_the_validity_of_draft_labels(lw):
    advance(lw, Stage.ON_AGENDA)
    item = lw.session.agenda.get()
    commission_services.record_decision(
        item, membership(lw.member), outcome=Outcome.LABELLED, reasons="Très bien."
    )
    new_date = lw.session.date + datetime.timedelta(days=3)
    work.save_session(
        admin(lw), session=lw.session, title=lw.session.title, date=new_date, members=[lw.member]
    )
    decision = Decision.objects.get(agenda_item=item)
    assert decision.valid_from == new_date and decision.valid_until == new_date.replace(
        year=new_date.year + 3
    )


# --------------------------------------------------------------------------------------------
# The agenda


def test_the_agenda_is_composed_of_audited_files(lw, client):
    world = lw.world
    file = advance(lw, Stage.AUDITED)
    enrolled = services.enrol(world.ml2, admin(lw))
    session = planned_session(lw, lw.member)
    login(client, world.user(Role.NATIONAL_ADMIN))
    page = text(client.get(session_url("session", session)))
    assert "Mission Locale Alpha Un" in page and "Mission Locale Alpha Deux" not in page
    add = session_url("agenda_add", session)
    refused = client.post(add, {"files": [enrolled.pk]})
    assert refused.status_code == 200 and "n'attend plus de séance" in text(refused)
    assert "Choisissez au moins un dossier" in text(client.post(add, {}))
    assert not session.agenda.exists()
    response = client.post(add, {"files": [file.pk]})
    assert response.status_code == 302
    file.refresh_from_db()
    item = session.agenda.get()
    assert file.stage == Stage.ON_AGENDA and item.audit == Audit.objects.get(file=file)
    step = file.transitions.last()
    assert (step.to_stage, step.actor, step.comment) == (
        Stage.ON_AGENDA,
        world.user(Role.NATIONAL_ADMIN),
        str(session),
    )
    assert "Mission Locale Alpha Un" in text(client.get(session_url("session", session)))


def test_the_agenda_is_composed_all_or_nothing(lw):
    file = advance(lw, Stage.AUDITED)
    enrolled = services.enrol(lw.world.ml2, admin(lw))
    session = planned_session(lw, lw.member)
    with pytest.raises(TransitionRefused, match="Étape impossible"):
        work.add_to_agenda(session, admin(lw), [file, enrolled])
    file.refresh_from_db()
    assert file.stage == Stage.AUDITED and not session.agenda.exists()
    assert not file.transitions.filter(to_stage=Stage.ON_AGENDA).exists()


def test_a_file_is_taken_off_the_agenda_before_the_session_closes(lw, client):
    file = advance(lw, Stage.ON_AGENDA)
    item = lw.session.agenda.get()
    commission_services.record_decision(
        item, membership(lw.member), outcome=Outcome.DEFERRED, reasons="À revoir.", conditions="Plan."
    )
    login(client, lw.member)
    assert client.post(item_url("agenda_remove", item)).status_code == 403
    login(client, lw.world.user(Role.NATIONAL_ADMIN))
    confirm = text(client.get(item_url("agenda_remove", item)))
    assert "Un projet de décision est enregistré" in confirm and "Ajournement" in confirm
    response = client.post(item_url("agenda_remove", item), {"reason": "Pièces manquantes au dossier."})
    assert response.url == session_url("session", lw.session)
    file.refresh_from_db()
    assert file.stage == Stage.AUDITED
    assert not AgendaItem.objects.exists() and not Decision.objects.exists()
    step = file.transitions.last()
    assert (step.from_stage, step.to_stage) == (Stage.ON_AGENDA, Stage.AUDITED)
    assert "Pièces manquantes au dossier." in step.comment and "Ajournement — À revoir." in step.comment
    # Back to "audited": it may go on the agenda again.
    commission_services.put_on_agenda(file, lw.session, admin(lw))


def test_nothing_is_taken_off_the_agenda_of_a_closed_session(lw, client):
    file = advance(lw, Stage.LABELLED)
    item = lw.session.agenda.get()
    login(client, lw.world.user(Role.NATIONAL_ADMIN))
    response = client.post(item_url("agenda_remove", item), follow=True)
    assert "son ordre du jour ne change plus" in text(response)
    with pytest.raises(TransitionRefused, match="close"):
        work.remove_from_agenda(item, admin(lw))
    file.refresh_from_db()
    assert file.stage == Stage.LABELLED and AgendaItem.objects.filter(pk=item.pk).exists()


# --------------------------------------------------------------------------------------------
# Closing


def test_closing_is_refused_while_a_file_has_no_decision(lw, client):
    file = advance(lw, Stage.ON_AGENDA)
    session = lw.session
    login(client, lw.world.user(Role.NATIONAL_ADMIN))
    close = session_url("session_close", session)
    assert "Sans décision" in text(client.get(close))
    response = client.post(close)
    assert response.status_code == 200
    assert "La séance n'est pas close. Sans décision : Mission Locale Alpha Un." in text(response)
    session.refresh_from_db()
    file.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and file.stage == Stage.ON_AGENDA
    commission_services.record_decision(
        session.agenda.get(), membership(lw.member), outcome=Outcome.LABELLED, reasons="Conforme."
    )
    assert client.post(close).url == session_url("session", session)
    session.refresh_from_db()
    file.refresh_from_db()
    assert session.is_closed and session.closed_by == lw.world.user(Role.NATIONAL_ADMIN)
    assert file.stage == Stage.LABELLED and Decision.objects.get().is_final
    assert "Cette séance est déjà close." in text(client.get(close, follow=True))
    assert "Cette séance est close" in text(client.get(session_url("session_edit", session), follow=True))


def test_members_do_not_organise_sessions(lw, client):
    advance(lw, Stage.ON_AGENDA)
    login(client, lw.member)
    assert client.get(reverse("label:session_create")).status_code == 403
    assert client.get(session_url("session_edit", lw.session)).status_code == 403
    assert client.post(session_url("session_close", lw.session)).status_code == 403
    assert client.post(session_url("agenda_add", lw.session)).status_code == 403
    lw.session.refresh_from_db()
    assert not lw.session.is_closed


# --------------------------------------------------------------------------------------------
# Query counts


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_session_page_query_count_does_not_depend_on_the_agenda(lw, client):
    world = lw.world
    advance(lw, Stage.AUDITED)
    small = planned_session(lw, lw.member, lw.other_member, days=14)
    large = planned_session(lw, lw.member, lw.other_member)  # held today: decisions are recorded
    commission_services.put_on_agenda(LabelFile.objects.get(structure=world.ml), small, admin(lw))
    for index in range(4):
        file = audited_structure(lw, f"ML-A{index + 3}")
        item = commission_services.put_on_agenda(file, large, admin(lw))
        if index % 2:
            commission_services.record_decision(
                item, membership(lw.member), outcome=Outcome.LABELLED, reasons="Oui."
            )
    audited_structure(lw, "ML-A9")  # waiting: a candidate on the admin's page
    for user in (world.user(Role.NATIONAL_ADMIN), lw.member):
        login(client, user)
        counts = [_queries(client, session_url("session", s)) for s in (small, large)]
        assert counts[0] == counts[1], (user, counts)
        assert "Mission Locale ML-A6" in text(client.get(session_url("session", large)))
    login(client, world.user(Role.NATIONAL_ADMIN))
    one = _queries(client, reverse("label:sessions"))
    for day in (21, 28, 35):
        planned_session(lw, lw.member, days=day)
    assert _queries(client, reverse("label:sessions")) == one


def test_a_member_sees_the_session_counts_of_everyone(lw, client):
    """A member's list is filtered on the member: the counts still cover the whole session."""
    session = planned_session(lw, lw.member, lw.other_member)
    AgendaItem.objects.create(session=session, file=advance(lw, Stage.AUDITED))
    for sessions in (CommissionSession.objects.filter(members=lw.member.pk), CommissionSession.objects.all()):
        listed = work.session_list(sessions)
        assert [(s.pk, s.files, s.decided, s.member_count) for s in listed] == [(session.pk, 1, 0, 2)]
    login(client, lw.member)
    body = client.get(reverse("label:sessions")).content.decode().split("<tbody>")[1]
    assert re.findall(r'<td class="num">(\d+)</td>', body.split("</tr>")[0]) == ["1", "0", "2"]
