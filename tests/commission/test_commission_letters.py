"""The decision letter and the label certificate: produced as PDF (the text read back from the PDF
itself), only for final decisions, downloadable by the structure's perimeter and the session's
members."""

from __future__ import annotations

import re
import zlib

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.commission import services as commission_services
from mlplatform.commission.enums import Outcome
from mlplatform.commission.models import Decision
from mlplatform.label.enums import Stage

from ..factories import login
from ..label.factories import advance, build_label_world, membership

# --------------------------------------------------------------------------------------------
# Reading a PDF written by WeasyPrint back to text: fonts are embedded subsets whose glyph codes are
# mapped to characters by each font's ToUnicode map; objects may sit in compressed object streams.


def _stream(body: bytes) -> bytes | None:
    match = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S)
    if match is None:
        return None
    return zlib.decompress(match[1]) if b"FlateDecode" in body[: match.start()] else match[1]


def _objects(data: bytes) -> dict[int, bytes]:
    objects = {int(m[1]): m[2] for m in re.finditer(rb"(\d+) 0 obj\b(.*?)endobj", data, re.S)}
    for body in list(objects.values()):
        if re.search(rb"/Type\s*/ObjStm", body):
            content = _stream(body)
            count = int(re.search(rb"/N (\d+)", body)[1])
            first = int(re.search(rb"/First (\d+)", body)[1])
            header = [int(x) for x in content[:first].split()]
            offsets = [(header[2 * i], first + header[2 * i + 1]) for i in range(count)]
            for index, (number, start) in enumerate(offsets):
                end = offsets[index + 1][1] if index + 1 < count else len(content)
                objects[number] = content[start:end]
    return objects


def _cmap(data: bytes) -> dict[str, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[source.decode().lower()] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[format(int(low, 16) + offset, f"0{len(low)}x")] = chr(int(target, 16) + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    objects = _objects(data)
    cmaps = {}
    for number, body in objects.items():
        unicode_map = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if unicode_map and re.search(rb"/Type\s*/Font", body):
            cmaps[number] = _cmap(_stream(objects[int(unicode_map[1])]) or b"")
    fonts = {
        name: cmaps[int(number)]
        for body in objects.values()
        for name, number in re.findall(rb"/([^\s/<>\[\]]+)\s+(\d+) 0 R", body)
        if int(number) in cmaps
    }
    runs = []
    for body in objects.values():
        content = _stream(body) if b"stream" in body and b"/Length1" not in body else None
        if not content or b" Tf" not in content or b"begincmap" in content:
            continue
        font: dict[str, str] = {}
        for match in re.finditer(
            rb"/([^\s/<>\[\]]+) [\d.]+ Tf|\[(.*?)\] ?TJ|<([0-9a-fA-F]+)> ?Tj", content, re.S
        ):
            if match[1]:
                font = fonts.get(match[1], {})
                continue
            codes = (b"".join(re.findall(rb"<([0-9a-fA-F]+)>", match[2])) if match[2] else match[3]).decode()
            runs.append(
                "".join(font.get(codes[i : i + 4].lower(), "\ufffd") for i in range(0, len(codes), 4))
            )
    return " ".join(" ".join(runs).split())


# --------------------------------------------------------------------------------------------


@pytest.fixture
def lw(world):
    return build_label_world(world)


def letter_url(decision: Decision) -> str:
    return reverse("label:decision_letter", kwargs={"pk": decision.pk})


def certificate_url(decision: Decision) -> str:
    return reverse("label:certificate", kwargs={"pk": decision.pk})


def long_date(day) -> str:
    return date_filter(day, "j F Y")


def test_the_label_certificate_and_its_letter(lw, client):
    file = advance(lw, Stage.LABELLED)
    decision = Decision.objects.select_related("framework_version", "session").get(file=file)
    assert decision.framework_version is not None
    login(client, lw.world.user(Role.ML_STAFF))
    response = client.get(certificate_url(decision))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"certificat-label-ml-a1-{decision.valid_from:%Y-%m-%d}" in response["Content-Disposition"]
    certificate = pdf_text(response.content)
    for expected in (
        "Certificat de label",
        "Mission Locale Alpha Un",
        "code ML-A1",
        str(decision.framework_version),
        long_date(decision.valid_from),
        long_date(decision.valid_until),
        decision.session.title,
    ):
        assert expected in certificate, expected
    response = client.get(letter_url(decision))
    assert f"lettre-decision-ml-a1-{decision.session.date:%Y-%m-%d}" in response["Content-Disposition"]
    letter = pdf_text(response.content)
    for expected in (
        "Décision de labellisation",
        "Mission Locale Alpha Un",
        f"du {long_date(decision.valid_from)} au {long_date(decision.valid_until)}",
        f"séance « {decision.session.title} » du {long_date(decision.session.date)}",
        "Exigences satisfaites.",  # the reasons
        "Pour la commission nationale de labellisation",
        lw.member.get_full_name(),  # the signature block names the session's members
    ):
        assert expected in letter, expected


def test_the_deferral_letter_says_what_to_do_and_has_no_certificate(lw, client):
    file = advance(lw, Stage.DEFERRED)
    decision = Decision.objects.get(file=file)
    login(client, lw.world.user(Role.ARML_REFERENT))
    letter = pdf_text(client.get(letter_url(decision)).content)
    for expected in (
        "Décision d'ajournement",
        "Mission Locale Alpha Un",
        "Preuves insuffisantes.",
        "À faire avant une nouvelle demande",
        "Formaliser le plan d'actions.",
        long_date(decision.session.date),
    ):
        assert expected in letter, expected
    assert client.get(certificate_url(decision)).status_code == 404


def test_the_withdrawal_letter_and_the_certificate_it_ends(lw, client):
    file = advance(lw, Stage.LABELLED)
    granted = Decision.objects.get(file=file)
    withdrawal = commission_services.withdraw(
        file, lw.session, membership(lw.member), reasons="Manquements graves."
    )
    login(client, lw.world.user(Role.ML_DIRECTOR))
    letter = pdf_text(client.get(letter_url(withdrawal)).content)
    assert "Décision de retrait du label" in letter and "Manquements graves." in letter
    assert client.get(certificate_url(withdrawal)).status_code == 404
    certificate = pdf_text(client.get(certificate_url(granted)).content)
    assert "ce certificat n'est plus valable" in certificate


def test_documents_exist_only_for_final_decisions_and_for_their_readers(lw, client):
    world = lw.world
    advance(lw, Stage.ON_AGENDA)
    item = lw.session.agenda.get()
    draft = commission_services.record_decision(
        item, membership(lw.member), outcome=Outcome.LABELLED, reasons="Oui."
    )
    for user in (world.user(Role.NATIONAL_ADMIN), lw.member, world.user(Role.ML_DIRECTOR)):
        login(client, user)
        assert client.get(letter_url(draft)).status_code == 404
        assert client.get(certificate_url(draft)).status_code == 404
    commission_services.close_session(lw.session, membership(world.user(Role.NATIONAL_ADMIN)))
    readers = [
        world.user(role)
        for role in (
            Role.NATIONAL_ADMIN,
            Role.ARML_REFERENT,
            Role.ARML_STAFF,
            Role.ML_DIRECTOR,
            Role.ML_QUALITY,
            Role.ML_STAFF,
            Role.COMMISSION_MEMBER,
        )
    ]
    others = [
        lw.other_member,  # not on the session
        lw.external,  # one of the audit's pair: auditors do not receive the commission's documents
        world.user("OTHER_ARML_REFERENT"),
        world.user("OTHER_ML_DIRECTOR"),
        world.user("NO_ROLE"),
    ]
    for user in readers:
        login(client, user)
        assert client.get(certificate_url(draft)).status_code == 200, user
    for user in others:
        login(client, user)
        assert client.get(letter_url(draft)).status_code == 404, user
        assert client.get(certificate_url(draft)).status_code == 404, user
