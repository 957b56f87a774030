import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from mlplatform.frameworks.export import framework_as_dict, get_version
from mlplatform.frameworks.loader import FrameworkFileRefused, load_file, validate
from mlplatform.frameworks.models import FrameworkVersion, Requirement, RequirementMapping


def small_framework(version: str = "2030", **overrides) -> dict:
    prefix = f"ARML-UNML-{version}"
    data = {
        "code": "ARML-UNML",
        "version": version,
        "title": "Référentiel d'essai",
        "adopted_on": "2030-01-15",
        "source": "essai",
        "preamble": [{"title": "Préambule", "text": "Texte non évalué."}],
        "parts": [
            {
                "number": "1",
                "title": "Première partie",
                "commitments": [
                    {
                        "ref": f"{prefix}-1.1",
                        "title": "Un engagement",
                        "reference_texts": ["Loi d'essai"],
                        "requirements": [
                            {
                                "ref": f"{prefix}-1.1.1",
                                "text": "L'UNML fait ceci.",
                                "addressee": "UNML",
                                "examples": ["par exemple cela"],
                                "children": [
                                    {"ref": f"{prefix}-1.1.1.1", "text": "Détail.", "addressee": "UNML"},
                                ],
                            },
                            {"ref": f"{prefix}-1.1.2", "text": "L'ARML fait cela.", "addressee": "ARML"},
                        ],
                    }
                ],
            },
            {
                "number": "2",
                "title": "Deuxième partie",
                "sections": [
                    {
                        "number": "2.1",
                        "title": "Une section",
                        "commitments": [
                            {
                                "ref": f"{prefix}-2.1.1",
                                "title": "Engagement de section",
                                "requirements": [
                                    {
                                        "ref": f"{prefix}-2.1.1.1",
                                        "text": "Les deux.",
                                        "addressee": "UNML+ARML",
                                    }
                                ],
                            }
                        ],
                    }
                ],
            },
        ],
    }
    data.update(overrides)
    return data


def load_small_framework(version: str = "2030", **overrides):
    """Load the small test framework (used by other test modules too)."""
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        return load_file(write(Path(directory), small_framework(version, **overrides))).version


def write(tmp_path: Path, data: dict, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_valid_file_loads_in_document_order(tmp_path, db):
    result = load_file(write(tmp_path, small_framework()))
    assert result.created and result.counts == {"engagements": 2, "exigences": 4}
    refs = list(Requirement.objects.order_by("position").values_list("ref", flat=True))
    assert refs == [
        "ARML-UNML-2030-1.1.1",
        "ARML-UNML-2030-1.1.1.1",
        "ARML-UNML-2030-1.1.2",
        "ARML-UNML-2030-2.1.1.1",
    ]
    child = Requirement.objects.get(ref="ARML-UNML-2030-1.1.1.1")
    assert child.parent.ref == "ARML-UNML-2030-1.1.1"


def test_loading_twice_changes_nothing(tmp_path, db):
    path = write(tmp_path, small_framework())
    load_file(path)
    second = load_file(path)
    assert not second.created
    assert FrameworkVersion.objects.count() == 1 and Requirement.objects.count() == 4


def test_a_loaded_version_is_never_edited(tmp_path, db):
    load_file(write(tmp_path, small_framework()))
    changed = small_framework()
    changed["parts"][0]["commitments"][0]["requirements"][1]["text"] = "Texte retouché."
    with pytest.raises(FrameworkFileRefused) as refused:
        load_file(write(tmp_path, changed, "g.yaml"))
    assert "jamais modifiée" in refused.value.problems[0]
    assert Requirement.objects.get(ref="ARML-UNML-2030-1.1.2").text == "L'ARML fait cela."


def test_every_problem_is_listed_and_nothing_is_loaded(tmp_path, db):
    data = small_framework()
    commitment = data["parts"][0]["commitments"][0]
    commitment["requirements"][0]["addressee"] = "ML"
    commitment["requirements"][1]["ref"] = "ARML-UNML-2030-1.1.1"
    commitment["requirements"][1]["text"] = ""
    data["parts"][1]["sections"][0]["number"] = "3.1"
    data["surprise"] = True
    problems = validate(data)
    joined = "\n".join(problems)
    for expected in (
        "destinataire « ML » invalide",
        "en double",
        "texte de l'exigence absent",
        "doit commencer par « 2. »",
        "clé inconnue « surprise »",
        "inattendue",
    ):
        assert expected in joined, expected
    with pytest.raises(FrameworkFileRefused):
        load_file(write(tmp_path, data))
    assert not FrameworkVersion.objects.exists()


def test_unreadable_file_is_refused_clearly(tmp_path, db):
    path = tmp_path / "bad.yaml"
    path.write_text("code: [unterminated", encoding="utf-8")
    with pytest.raises(FrameworkFileRefused) as refused:
        load_file(path)
    assert "YAML illisible" in refused.value.problems[0]


def test_new_version_is_loaded_beside_the_old_one_with_its_mapping(tmp_path, db):
    load_file(write(tmp_path, small_framework("2030")))
    newer = small_framework(
        "2031", previous_version="2030", mapping={"ARML-UNML-2030-1.1.2": "ARML-UNML-2031-1.1.2"}
    )
    result = load_file(write(tmp_path, newer, "new.yaml"))
    assert result.version.previous.version == "2030"
    assert FrameworkVersion.objects.count() == 2
    mapping = RequirementMapping.objects.get()
    assert (mapping.old.ref, mapping.new.ref) == ("ARML-UNML-2030-1.1.2", "ARML-UNML-2031-1.1.2")
    assert get_version("ARML-UNML").version == "2031"


def test_export_shape(tmp_path, db):
    load_file(write(tmp_path, small_framework()))
    data = framework_as_dict(get_version("ARML-UNML", "2030"))
    assert (data["code"], data["version"], data["title"]) == ("ARML-UNML", "2030", "Référentiel d'essai")
    first, second = data["commitments"]
    assert first["part"] == "Première partie" and first["section"] is None
    assert second["section"] == "Une section"
    requirement = first["requirements"][0]
    assert (
        requirement["addressee"] == "UNML" and requirement["children"][0]["ref"] == "ARML-UNML-2030-1.1.1.1"
    )
    assert requirement["children"][0]["children"] == []


def test_commands(tmp_path, db):
    path = write(tmp_path, small_framework())
    out = StringIO()
    call_command("frameworks", "load", str(path), stdout=out)
    assert "chargé : 2 engagements, 4 exigences" in out.getvalue()
    out = StringIO()
    call_command("frameworks", "export", "ARML-UNML", "--version", "2030", stdout=out)
    assert json.loads(out.getvalue())["commitments"][0]["ref"] == "ARML-UNML-2030-1.1"
    with pytest.raises(CommandError):
        call_command("frameworks", "export", "INCONNU", stdout=StringIO())
    bad = small_framework("2032")
    bad["parts"][0]["title"] = ""
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "frameworks", "load", str(write(tmp_path, bad, "bad.yaml")), stderr=err, stdout=StringIO()
        )
    assert "titre de partie absent" in err.getvalue()


def test_a_version_may_carry_its_own_rating_scale(tmp_path, db):
    scale = [{"value": 0, "label": "Non"}, {"value": 1, "label": "En partie"}, {"value": 2, "label": "Oui"}]
    version = load_file(write(tmp_path, small_framework(rating_scale=scale))).version
    assert version.rating_scale == scale and version.max_level == 2 and version.level_label(1) == "En partie"


def test_the_default_rating_scale_has_four_levels(tmp_path, db):
    version = load_file(write(tmp_path, small_framework())).version
    assert [level["value"] for level in version.rating_scale] == [0, 1, 2, 3]
    assert version.level_label(3) == "Mis en œuvre et évalué"


def test_a_malformed_rating_scale_is_refused(tmp_path, db):
    with pytest.raises(FrameworkFileRefused, match="numérotés"):
        load_file(
            write(
                tmp_path,
                small_framework(rating_scale=[{"value": 1, "label": "Un"}, {"value": 3, "label": "Trois"}]),
            )
        )
