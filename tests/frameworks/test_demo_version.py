"""The fictitious demo version of the ML framework: loaded by setup_demo only, with its mapping."""

from __future__ import annotations

from mlplatform.frameworks.demo import load_demo_versions
from mlplatform.frameworks.diff import pair_versions
from mlplatform.frameworks.export import get_version
from mlplatform.frameworks.loader import DATA_DIR, bundled_files, demo_files, load_file


def test_demo_versions_are_apart_from_the_real_frameworks():
    assert demo_files() == [DATA_DIR / "demo" / "ML-2026-demo.yaml"]
    assert not set(demo_files()) & set(bundled_files())


def test_demo_version_needs_the_real_one_first(db):
    assert "non chargée" in load_demo_versions() and get_version("ML") is None
    load_file(DATA_DIR / "ML-2022.yaml")
    assert "ML 2026-demo chargée (fictive, non officielle)" in load_demo_versions()
    assert "déjà chargée" in load_demo_versions()
    demo = get_version("ML", "2026-demo")
    assert "version de démonstration, non officielle" in demo.title and demo.previous.version == "2022"


def test_demo_version_changes_a_handful_of_requirements(db):
    old = load_file(DATA_DIR / "ML-2022.yaml").version
    new = load_file(DATA_DIR / "demo" / "ML-2026-demo.yaml").version
    pairing = pair_versions(old, new)
    assert pairing.counts() == {"identical": 164, "changed": 3, "added": 2, "removed": 2}
    pairs = {
        (row.old.ref if row.old else None, row.new.ref if row.new else None): row for row in pairing.rows
    }
    assert pairs[("ML-2022-4.2.1.4", "ML-2026-demo-4.2.1.3")].renumbered
    assert ("ML-2022-4.2.1.3", None) in pairs and ("ML-2022-2.3.4", None) in pairs
    assert {ref for ref, new in pairs if new is None} == {"ML-2022-4.2.1.3", "ML-2022-2.3.4"}
    changed = sorted(row.new.ref for row in pairing.rows if row.status == "modifiée")
    assert changed == ["ML-2026-demo-1.2.2", "ML-2026-demo-3.2.3", "ML-2026-demo-5.3.2"]
    for ref in changed:
        assert (
            "Formulation fictive de la version de démonstration"
            in pairing.requirements[next(pk for pk, r in pairing.requirements.items() if r.ref == ref)].text
        )


def test_the_demo_version_never_becomes_the_version_in_force(db):
    load_file(DATA_DIR / "ML-2022.yaml")
    load_demo_versions()
    # Never adopted: the improvement picker, `frameworks export ML` and audits keep the 2022 version.
    assert get_version("ML").version == "2022"
    assert get_version("ML", "2026-demo").adopted_on is None


def test_loading_every_framework_leaves_the_demo_version_out(db):
    """`frameworks load --all` (what production runs) loads the real versions only."""
    from django.core.management import call_command

    from mlplatform.frameworks.models import FrameworkVersion

    call_command("frameworks", "load", "--all")
    versions = set(FrameworkVersion.objects.values_list("framework__code", "version"))
    assert ("ML", "2022") in versions and not any("demo" in version for _, version in versions)


def test_the_demo_version_has_its_migration_report(db):
    import json
    from io import StringIO

    from django.core.management import call_command

    load_file(DATA_DIR / "ML-2022.yaml")
    load_demo_versions()
    out = StringIO()
    call_command("frameworks", "migration-report", "ML", "--from", "2022", "--to", "2026-demo", stdout=out)
    report = json.loads(out.getvalue())
    assert report["from"] == "2022" and report["to"] == "2026-demo"
    assert report["requirements"] == {"identical": 164, "changed": 3, "added": 2, "removed": 2}
    assert report["answers"] == {"carried": 0, "to_review": 0, "dropped": 0}  # nothing submitted yet
