"""checks.check_upload: size, name and a type recognised from the content, never from the name alone."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files import File

from mlplatform.evidence.checks import (
    EvidenceRefused,
    check_upload,
    detect_kind,
    display_name,
    megabytes,
    upload_rules,
)

from . import samples
from .samples import upload


def refusal(name: str, content: bytes, **options) -> list[str]:
    with pytest.raises(EvidenceRefused) as caught:
        check_upload(upload(name, content), **options)
    return caught.value.messages


@pytest.mark.parametrize("key", sorted(samples.VALID))
def test_every_accepted_type_built_for_real_is_recognised(key):
    name, build = samples.VALID[key]
    content = build()
    checked = check_upload(upload(name, content, content_type="application/x-lies"))
    assert checked.file_type.key == key
    assert checked.name == name
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    # The content type stored is the one of the detected type, never the one the browser declared.
    assert checked.content_type != "application/x-lies"


def test_content_types_are_those_of_the_detected_format():
    assert check_upload(upload("a.pdf", samples.pdf())).content_type == "application/pdf"
    assert check_upload(upload("a.csv", samples.CSV)).content_type == "text/csv; charset=utf-8"
    docx = check_upload(upload("a.docx", samples.ooxml("docx")))
    assert docx.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (
        check_upload(upload("a.odt", samples.odf())).content_type == "application/vnd.oasis.opendocument.text"
    )


def test_jpeg_accepts_both_extensions():
    assert check_upload(upload("photo.JPEG", samples.image("JPEG"))).file_type.key == "jpeg"
    assert check_upload(upload("photo.jpg", samples.image("JPEG"))).file_type.key == "jpeg"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.EXE, "d'un programme exécutable"),
        (samples.ELF, "d'un programme exécutable"),
        (samples.HTML, "d'une page web (HTML)"),
        (samples.SVG, "d'une image SVG"),
        (samples.plain_zip(), "d'une archive"),
        (samples.image("PNG"), "d'une image PNG. Renommez-le avec l'extension .png"),
        (samples.ooxml("docx"), "d'un document Word. Renommez-le avec l'extension .docx"),
    ],
    ids=["exe", "elf", "html", "svg", "zip", "png", "docx"],
)
def test_a_disguised_file_named_pdf_is_refused_with_what_it_really_is(content, expected):
    messages = refusal("rapport.pdf", content)
    assert len(messages) == 1
    assert messages[0].startswith("« rapport.pdf » n'est pas un document PDF : son contenu est celui ")
    assert expected in messages[0]


def test_an_executable_under_its_own_name_gets_both_reasons():
    messages = refusal("installer.exe", samples.EXE)
    assert messages[0].startswith("L'extension « .exe » n'est pas acceptée. Extensions acceptées : .pdf,")
    assert "programme exécutable" in messages[1]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("image.svg", samples.SVG, "image SVG"),
        ("page.txt", samples.HTML, "page web (HTML)"),
        ("dessin.txt", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image SVG"),
        ("script.txt", b"#!/bin/sh\necho bonjour\n", "script exécutable"),
        ("archive.docx", samples.plain_zip(), "archive"),
        ("macros.docx", samples.ooxml("docm"), "contenant des macros"),
        (
            "macros.xlsx",
            samples.ooxml("xlsx", extra={"xl/vbaProject.bin": b"\x00vba"}),
            "contenant des macros",
        ),
        ("ancien.docx", samples.OLE, "ancien format"),
        ("donnees.csv", "é;à\n".encode("latin-1"), "encodé en UTF-8"),
        ("donnees.csv", "a;b\n".encode("utf-16"), "encodé en UTF-8"),
        ("donnees.csv", b"a;b\n\x00\x01", "encodé en UTF-8, sans caractère nul"),
        ("rapport.pdf", b"\x1f\x8b\x08\x00 gzip", "archive"),
    ],
)
def test_refused_contents(name, content, expected):
    messages = refusal(name, content)
    assert any(expected in message for message in messages), messages


def test_an_invalid_byte_far_beyond_the_first_chunk_of_a_text_is_found():
    content = b"ligne;valeur\n" * 200_000 + b"\xe9\n"  # Latin-1 "é" after 2.6 MB of clean UTF-8
    messages = refusal("export.csv", content)
    assert messages == [
        "« export.csv » n'est pas un tableau CSV valide : il doit être encodé en UTF-8, sans caractère nul. "
        "Enregistrez-le en UTF-8 (dans Excel : « CSV UTF-8 »)."
    ]


def test_utf8_text_with_a_bom_is_accepted():
    assert check_upload(upload("a.csv", "\ufeffa;b\n1;2\n".encode())).file_type.key == "csv"


def test_unknown_content():
    messages = refusal("rapport.pdf", samples.RANDOM)
    assert messages[0].startswith("« rapport.pdf » n'est pas un document PDF : son contenu n'a été reconnu")
    assert "PDF, PNG, JPEG" in messages[0]


def test_empty_file():
    assert refusal("vide.pdf", b"") == ["Le fichier « vide.pdf » est vide (0 octet)."]


def test_oversize_file_is_refused_with_the_limit_in_mo_before_reading_it(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    content = samples.pdf() + b"0" * (3 * 1024 * 1024)
    assert refusal("gros.pdf", content) == ["Le fichier « gros.pdf » pèse 3 Mo : la limite est de 2 Mo."]


def test_limit_by_default_is_20_mo(settings):
    assert settings.EVIDENCE_MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert upload_rules().max_label == "20 Mo"
    content = samples.pdf() + b"0" * (20 * 1024 * 1024)
    assert refusal("gros.pdf", content) == ["Le fichier « gros.pdf » pèse 20 Mo : la limite est de 20 Mo."]


def test_size_counted_while_reading_when_the_declared_size_lies(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1000
    lying = upload("rapport.pdf", samples.pdf() + b"0" * 5000)
    lying.size = 10
    with pytest.raises(EvidenceRefused) as caught:
        check_upload(lying)
    assert caught.value.messages == ["Le fichier « rapport.pdf » dépasse la limite de 1 Ko."]


def test_megabytes():
    assert megabytes(20 * 1024 * 1024) == "20 Mo"
    assert megabytes(int(2.5 * 1024 * 1024)) == "2,5 Mo"
    assert megabytes(300 * 1024) == "300 Ko"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/rapport.pdf", "ne doit pas contenir de chemin"),
        ("dossier\\rapport.pdf", "ne doit pas contenir de chemin"),
        ("rapport", "doit se terminer par l'extension de son format"),
        (".pdf", "doit se terminer par l'extension de son format"),
        ("rapport.exe.pdf.zip", "L'extension « .zip » n'est pas acceptée"),
        ("a" * 200 + ".pdf", "Le nom du fichier est trop long (204 caractères) : 150 au plus."),
        ("facture\u202efdp.exe.pdf", "caractères invisibles ou de contrôle"),
        ("", "Le fichier n'a pas de nom."),
    ],
)
def test_bad_names(name, expected):
    # File keeps the name as given (a browser upload would already have lost the folder part).
    with pytest.raises(EvidenceRefused) as caught:
        check_upload(File(io.BytesIO(samples.pdf()), name=name))
    assert any(expected in message for message in caught.value.messages), caught.value.messages


def test_every_problem_is_reported_at_once():
    messages = refusal("a" * 160 + ".exe", samples.EXE)
    assert len(messages) == 3
    assert "trop long" in messages[0] and ".exe" in messages[1] and "programme exécutable" in messages[2]


def test_allowed_types_come_from_the_settings(settings):
    settings.EVIDENCE_ALLOWED_TYPES = ["pdf"]
    assert check_upload(upload("a.pdf", samples.pdf())).file_type.key == "pdf"
    messages = refusal("photo.png", samples.image("PNG"))
    assert messages[0] == "L'extension « .png » n'est pas acceptée. Extensions acceptées : .pdf."
    assert "ce format n'est pas accepté dans la bibliothèque" in messages[1]
    assert upload_rules().summary == "20 Mo au plus par fichier. Formats acceptés : PDF."


def test_display_name_keeps_accents_and_drops_what_is_unsafe():
    assert display_name("Compte rendu été 2025.pdf") == "Compte rendu été 2025.pdf"
    assert display_name("C:\\Users\\moi\\rapport.pdf") == "rapport.pdf"
    assert display_name('a<b>"c"|d?.pdf') == "a_b__c__d_.pdf"
    assert display_name("  ..caché\t\n.pdf ") == "caché .pdf"
    assert display_name("x\u202eabc.pdf") == "x abc.pdf"
    long = display_name("é" * 300 + ".docx")
    assert len(long) == 150 and long.endswith("é.docx")
    assert display_name("") == "fichier"


def test_checking_leaves_the_file_ready_to_be_stored():
    content = samples.ooxml("docx")
    handle = upload("a.docx", content)
    assert detect_kind(handle) == "docx"
    assert handle.tell() == 0
    check_upload(handle)
    assert handle.tell() == 0
    assert handle.read() == content


def test_xml_bomb_in_an_office_file_is_not_parsed():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b"<Types>&lol2;</Types>"
    )
    content = samples._zip({"[Content_Types].xml": bomb, "word/document.xml": b"<document/>"})
    assert any("archive" in message for message in refusal("bombe.docx", content))
