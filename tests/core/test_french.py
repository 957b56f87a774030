"""French grammar around structure names, role labels and counts (mlplatform/core/french.py)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from mlplatform.accounts.enums import Role
from mlplatform.core.french import as_role, au, counted, de, le, plural


@pytest.mark.parametrize(
    ("name", "with_de", "with_le", "with_au"),
    [
        (
            "Mission Locale de Caen",
            "de la Mission Locale de Caen",
            "la Mission Locale de Caen",
            "à la Mission Locale de Caen",
        ),
        (
            "Association régionale des Missions Locales de Normandie",
            "de l'Association régionale des Missions Locales de Normandie",
            "l'Association régionale des Missions Locales de Normandie",
            "à l'Association régionale des Missions Locales de Normandie",
        ),
        (
            "Union nationale des Missions Locales",
            "de l'Union nationale des Missions Locales",
            "l'Union nationale des Missions Locales",
            "à l'Union nationale des Missions Locales",
        ),
        (
            "Fédération des jeunes",
            "de la Fédération des jeunes",
            "la Fédération des jeunes",
            "à la Fédération des jeunes",
        ),
        ("ARML Alpha", "de l'ARML Alpha", "l'ARML Alpha", "à l'ARML Alpha"),
        (
            "Groupement Jeunes 14",
            "du Groupement Jeunes 14",
            "le Groupement Jeunes 14",
            "au Groupement Jeunes 14",
        ),
        # Names that begin with their article.
        (
            "La Mission Locale du Pays",
            "de la Mission Locale du Pays",
            "la Mission Locale du Pays",
            "à la Mission Locale du Pays",
        ),
        ("Le Havre Estuaire", "du Havre Estuaire", "le Havre Estuaire", "au Havre Estuaire"),
        (
            "Les Missions Locales du Nord",
            "des Missions Locales du Nord",
            "les Missions Locales du Nord",
            "aux Missions Locales du Nord",
        ),
        ("L’Avenir des jeunes", "de l'Avenir des jeunes", "l'Avenir des jeunes", "à l'Avenir des jeunes"),
        # Proper names: no article, elision before a vowel or a mute h, none before an aspirated h.
        ("Avenir Jeunes", "d'Avenir Jeunes", "Avenir Jeunes", "à Avenir Jeunes"),
        ("Hérouville Jeunes", "d'Hérouville Jeunes", "Hérouville Jeunes", "à Hérouville Jeunes"),
        ("Haute-Seine Jeunes", "de Haute-Seine Jeunes", "Haute-Seine Jeunes", "à Haute-Seine Jeunes"),
        ("Caen Jeunes", "de Caen Jeunes", "Caen Jeunes", "à Caen Jeunes"),
    ],
)
def test_articles_and_elision_before_a_structure_name(name, with_de, with_le, with_au):
    assert de(name) == with_de
    assert le(name) == with_le
    assert au(name) == with_au


def test_the_filters_take_a_structure_and_escape_its_name_only(world):
    world.ml.name = "Mission Locale <Caen> & Bayeux"
    template = Template(
        "{% load french %}Fiche {{ s|de }} · {{ s|le|capfirst }} · rattachée {{ s|au }} · {{ u|de }}"
    )
    rendered = template.render(Context({"s": world.ml, "u": world.unml}))
    assert rendered == (
        "Fiche de la Mission Locale &lt;Caen&gt; &amp; Bayeux · La Mission Locale &lt;Caen&gt; &amp; Bayeux"
        " · rattachée à la Mission Locale &lt;Caen&gt; &amp; Bayeux"
        " · de l'Union nationale des Missions Locales"
    )
    unescaped = Template("{% load french %}{% autoescape off %}{{ s|de }}{% endautoescape %}")
    assert unescaped.render(Context({"s": world.ml})) == "de la Mission Locale <Caen> & Bayeux"


def test_en_tant_que_elides_and_lowers_the_role_label():
    assert as_role(Role.AUDITOR.label) == "en tant qu'auditeur·rice"
    assert as_role(Role.NATIONAL_ADMIN.label) == "en tant qu'administrateur·rice national·e (UNML)"
    assert as_role(Role.ML_DIRECTOR.label) == "en tant que directeur·rice de la Mission Locale"
    assert as_role(Role.ARML_STAFF.label) == "en tant que membre de l'équipe de l'ARML"
    assert (
        as_role(Role.COMMISSION_MEMBER.label)
        == "en tant que membre de la commission nationale de labellisation"
    )
    assert Template("{% load french %}{{ r|as_role }}").render(Context({"r": "Auditeur·rice"})) == (
        "en tant qu&#x27;auditeur·rice"
    )


def test_plurals_keep_the_singular_for_zero_and_one():
    assert counted(0, "problème") == "0 problème"
    assert counted(1, "Mission Locale", "Missions Locales") == "1 Mission Locale"
    assert counted(5, "Mission Locale", "Missions Locales") == "5 Missions Locales"
    assert plural(2, "a", "ont") == "ont"
    template = Template(
        '{% load french %}{{ n }} {{ n|plural:"lieu,lieux" }}, {{ n }} {{ n|plural:"structure" }}'
    )
    assert template.render(Context({"n": 3})) == "3 lieux, 3 structures"
    assert template.render(Context({"n": 1})) == "1 lieu, 1 structure"
