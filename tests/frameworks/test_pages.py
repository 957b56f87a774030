from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from mlplatform.accounts.enums import Role
from mlplatform.frameworks.loader import bundled_files, load_file

from ..factories import login
from .test_loader import load_small_framework, small_framework

BASE = "/referentiels/ARML-UNML/2030/"


def test_contents_page_lists_parts_sections_and_commitments(world, client):
    load_small_framework()
    login(client, world.user(Role.ML_STAFF))
    content = client.get(BASE).content.decode()
    for text in (
        "Première partie",
        "2.1. Une section",
        "ARML-UNML-2030-1.1",
        "Engagement de section",
        "Préambule, valeurs et principes",
    ):
        assert text in content, text
    assert "Comparer les versions" not in content  # national admins only


def test_part_page_shows_requirements_examples_references_and_addressees(world, client):
    load_small_framework()
    login(client, world.user(Role.ARML_STAFF))
    content = client.get(f"{BASE}parties/1/").content.decode()
    for text in (
        'id="ARML-UNML-2030-1.1.1"',
        "L&#x27;UNML fait ceci.",
        "par exemple cela",
        "Loi d&#x27;essai",
        "Détail.",
        "UNML et ARML" if False else "ARML",
        "Texte de référence",
    ):
        assert text in content, text
    assert "Deuxième partie →" in content


def test_search_is_accent_and_case_insensitive_and_filters_addressees(world, client):
    load_small_framework()
    login(client, world.user(Role.ML_DIRECTOR))
    content = client.get(BASE, {"q": "DETAIL"}).content.decode()
    assert "ARML-UNML-2030-1.1.1.1" in content and "1 exigence trouvée" in content
    fragment = client.get(BASE, {"destinataire": "ARML"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "ARML-UNML-2030-1.1.2" in fragment and "ARML-UNML-2030-1.1.1<" not in fragment
    assert "exemple cela" not in client.get(BASE, {"q": "inexistant"}).content.decode()
    assert "ARML-UNML-2030-1.1.1" in client.get(BASE, {"q": "exemple"}).content.decode()  # examples too


def test_xlsx_has_one_row_per_requirement(world, client):
    load_small_framework()
    login(client, world.user(Role.ML_STAFF))
    response = client.get(f"{BASE}xlsx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Référence" and len(rows) == 1 + 4
    assert rows[2][:3] == ("ARML-UNML-2030-1.1.1.1", "ARML-UNML-2030-1.1.1", "ARML-UNML-2030-1.1")
    assert rows[4][5] == "2.1. Une section" and rows[4][6] == "UNML et ARML"


def test_print_view_and_pdf(world, client):
    load_small_framework()
    login(client, world.user(Role.ML_STAFF))
    printable = client.get(f"{BASE}imprimer/").content.decode()
    assert "Deuxième partie" in printable and 'lang="fr"' in printable
    pdf = client.get(f"{BASE}pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 2000


def test_compare_versions_side_by_side(world, client):
    load_small_framework("2030")
    newer = small_framework("2031", previous_version="2030")
    newer["parts"][0]["commitments"][0]["requirements"][1]["text"] = "L'ARML fait autrement."
    del newer["parts"][0]["commitments"][0]["requirements"][0]["children"]
    load_small_framework("2031", **{k: newer[k] for k in ("previous_version", "parts")})
    login(client, world.user(Role.NATIONAL_ADMIN))
    content = client.get("/referentiels/ARML-UNML/comparer/", {"de": "2030", "a": "2031"}).content.decode()
    assert "L&#x27;ARML fait autrement." in content and "modifiée" in content
    assert "supprimée" in content and "ARML-UNML-2030-1.1.1.1" in content
    assert "2 exigences identiques" in content


def test_part_page_query_count_does_not_grow(world, client):
    login(client, world.user(Role.ML_STAFF))
    load_small_framework("2030")
    with CaptureQueriesContext(connection) as small:
        client.get(f"{BASE}parties/1/")
    bigger = small_framework("2040")
    commitments = bigger["parts"][0]["commitments"]
    for index in range(2, 12):
        commitments.append(
            {
                "ref": f"ARML-UNML-2040-1.{index}",
                "title": f"Engagement {index}",
                "requirements": [
                    {
                        "ref": f"ARML-UNML-2040-1.{index}.{n}",
                        "text": f"Exigence {n}",
                        "addressee": "ARML",
                        "children": [
                            {"ref": f"ARML-UNML-2040-1.{index}.{n}.1", "text": "Sous", "addressee": "ARML"}
                        ],
                    }
                    for n in range(1, 6)
                ],
            }
        )
    load_small_framework("2040", parts=bigger["parts"])
    with CaptureQueriesContext(connection) as large:
        client.get("/referentiels/ARML-UNML/2040/parties/1/")
    assert len(small.captured_queries) == len(large.captured_queries) <= 15


def test_real_frameworks_load_and_export_in_document_order(db, client, world):
    from mlplatform.frameworks.export import framework_as_dict, get_version

    for path in bundled_files():
        load_file(path)
    data = framework_as_dict(get_version("ML", "2022"))
    assert len(data["commitments"]) == 24
    assert data["commitments"][0]["ref"] == "ML-2022-1.1"
    sections = [c["section"] for c in data["commitments"] if c["section"]]
    assert sections[0].startswith("Repérer") and len(set(sections)) == 4
    login(client, world.user(Role.ML_STAFF))
    assert client.get("/referentiels/ML/2022/parties/4/").status_code == 200
