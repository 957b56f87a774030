"""The one sort order of names: accents, case and a leading article do not count."""

from __future__ import annotations

from mlplatform.core.collation import sort_key

NAMES = ["Île-de-France", "l'Aube", "de la Manche", "Ardennes", "Éure"]


def test_french_directory_order():
    assert sorted(NAMES, key=sort_key) == ["Ardennes", "l'Aube", "Éure", "Île-de-France", "de la Manche"]


def test_the_key_folds_accents_case_apostrophes_and_articles():
    assert sort_key("Île-de-France") == "ile de france"
    assert sort_key("de la Manche") == sort_key("Manche") == "manche"
    assert sort_key("L’Aube") == sort_key("l'Aube") == sort_key("AUBE") == "aube"
    assert sort_key("d'Yvelines") == sort_key("des Yvelines") == "yvelines"
    assert sort_key("La Réunion") == "reunion"
    assert (
        sort_key("Mission Locale de l’Agglomération Rouennaise")
        == "mission locale de l agglomeration rouennaise"
    )
    assert sort_key("Cœur de Loire") == "coeur de loire"
    assert sort_key("") == "" and sort_key(None) == ""
    # A name that is only an article keeps it.
    assert sort_key("Les") == "les"
