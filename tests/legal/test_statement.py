"""The accessibility statement: its conformity state follows the RGAA's rule, its file is checked, and
the pages it says axe-core audits are those tests/browser/test_accessibility.py audits."""

from __future__ import annotations

import copy
import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from mlplatform.legal import statement as statement_module
from mlplatform.legal.statement import (
    FULLY_CONFORMANT,
    NOT_CONFORMANT,
    PARTIALLY_CONFORMANT,
    STATEMENT_FILE,
    StatementError,
    conformity_of,
    parse,
    statement,
)

from ..browser.axe import AXE_TAGS, AXE_VERSION
from ..browser.test_accessibility import MAIN_PAGES


def _data() -> dict:
    return yaml.safe_load(STATEMENT_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("rate", "state"),
    [
        (None, NOT_CONFORMANT),
        (0, NOT_CONFORMANT),
        (49.9, NOT_CONFORMANT),
        (50, PARTIALLY_CONFORMANT),
        (99.9, PARTIALLY_CONFORMANT),
        (100, FULLY_CONFORMANT),
    ],
)
def test_the_conformity_state_follows_the_rgaa_rule(rate, state):
    assert conformity_of(rate) == state


def test_without_an_audit_the_platform_says_it_is_not_conformant():
    """No audit has been carried out: the RGAA asks to say "non conforme", with no rate."""
    assert statement().audit is None
    assert statement().conformity == NOT_CONFORMANT


def test_the_pages_said_to_be_audited_by_axe_are_those_the_browser_test_audits():
    said = list(statement().automated_checks.pages)
    audited = [page.name for page in MAIN_PAGES]
    assert said == audited, (
        "mlplatform/legal/data/accessibilite.yaml (automated_checks.pages) must list the pages of "
        f"tests/browser/test_accessibility.py (MAIN_PAGES), in order.\nmissing: "
        f"{[p for p in audited if p not in said]}\nno longer audited: {[p for p in said if p not in audited]}"
    )


def test_the_pages_said_to_be_audited_at_a_phones_width_are_those_the_small_screens_test_audits():
    source = Path(__file__).resolve().parent.parent / "browser" / "test_small_screens.py"
    audited = re.findall(r'_assert_axe\(bp, "([^"]+)"\)', source.read_text(encoding="utf-8"))
    assert audited, 'tests/browser/test_small_screens.py n\'appelle plus _assert_axe(bp, "...")'
    assert list(statement().automated_checks.phone_pages) == audited


def test_the_known_non_conformities_name_the_untagged_pdfs_and_the_time_limit(client):
    content = client.get(reverse("legal:accessibility")).content.decode()
    assert "ne sont pas balisés" in content and "attestations de formation" in content
    assert "critère 13.1 du RGAA" in content
    assert "375 pixels) :" in content and "Chiffres clés</li>" in content


def test_the_axe_version_and_rules_are_those_of_the_tests():
    checks = statement().automated_checks
    assert checks.axe_version == AXE_VERSION
    assert AXE_TAGS == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    assert checks.levels == "WCAG 2.0 et 2.1, niveaux A et AA"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"audit": {"date": datetime.date(2027, 3, 1), "by": "Audit Exemple", "rate": 120}}, "audit.rate"),
        ({"audit": {"date": datetime.date(2027, 3, 1), "rate": 60}}, "audit.by"),
        ({"audit": {"by": "Audit Exemple", "rate": 60}}, "date"),
        ({"established_on": "bientôt"}, "established_on"),
        ({"rgaa_version": ""}, "rgaa_version"),
        ({"tools": []}, "tools"),
    ],
)
def test_a_statement_file_that_misses_what_the_rgaa_requires_is_refused(change, message):
    data = {**copy.deepcopy(_data()), **change}
    with pytest.raises(StatementError, match=message):
        parse(data)


def test_after_an_audit_the_page_and_the_footer_give_the_state_and_the_rate(client, monkeypatch):
    audited = parse(
        {
            **_data(),
            "audit": {
                "date": datetime.date(2027, 3, 15),
                "by": "Cabinet Exemple",
                "rate": 62.5,
                "pages": ["Connexion", "Accueil"],
            },
        }
    )
    monkeypatch.setattr(statement_module, "statement", lambda: audited)
    monkeypatch.setattr("mlplatform.legal.views.statement", lambda: audited)
    monkeypatch.setattr("mlplatform.legal.templatetags.legal.statement", lambda: audited)
    content = client.get(reverse("legal:accessibility")).content.decode()
    assert "<strong>partiellement conforme</strong>" in content
    assert "réalisé le 15 mars 2027 par Cabinet Exemple révèle que 62,5 % des critères" in content
    assert "Pages de l'échantillon de l'audit" in content
    assert "Accessibilité : partiellement conforme</a>" in content
