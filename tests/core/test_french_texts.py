"""French in the pages and messages: elision, articles before structure names, real plurals."""

from __future__ import annotations

import html
import re
import tokenize
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership

from ..factories import login

ROOT = Path(settings.BASE_DIR)


def _sources(folder: str, pattern: str) -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for path in sorted((ROOT / folder).rglob(pattern))]


def test_no_bare_de_or_a_before_a_structure_name_in_templates():
    # "de {{ structure.name }}" reads "de Association régionale…": the |de, |le, |au filters say
    # "de l'Association régionale…", "la Mission Locale…", "à l'Union…".
    bare = re.compile(
        r"(?:\b(?:de|à|pour|Fiche de|Engager|Retirer)|en tant que(?: <strong>| «)?) "
        r"\{\{ ?[\w.]*(?:structure|arml|scope|unml)(?:\.name)? ?\}\}"
    )
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path, text in _sources("templates", "*.*")
        for m in bare.finditer(text)
    ]
    assert found == []


def test_no_bare_de_before_a_structure_name_in_messages():
    bare = re.compile(r"\b(?:de|à|rejoint) \{[\w.]*structure\.name\}")
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path, text in _sources("mlplatform", "*.py")
        if "migrations" not in path.parts
        for m in bare.finditer(text)
    ]
    assert found == []


def _python_texts(path: Path) -> str:
    """The string literals of a module (f-strings included), one per line."""
    with path.open("rb") as handle:
        tokens = tokenize.tokenize(handle.readline)
        kinds = {tokenize.STRING, tokenize.FSTRING_MIDDLE}
        return "\n".join(token.string for token in tokens if token.type in kinds)


def test_no_plural_in_brackets():
    # "5 Mission(s) Locale(s)": messages agree with their count (mlplatform.core.french.counted).
    brackets = re.compile(r"\w\((?:s|e|es|x|en)\)")
    texts = [
        (path, _python_texts(path))
        for path, _ in _sources("mlplatform", "*.py")
        if "migrations" not in path.parts
    ]
    texts += _sources("templates", "*.*")
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path, text in texts
        for m in brackets.finditer(text.replace("http(s)", "http"))
    ]
    assert found == []


def test_the_evidence_requests_page_conjugates_clore():
    text = (ROOT / "templates" / "audits" / "requests.html").read_text(encoding="utf-8")
    assert "vous la close" not in text and "vous la clôturez" in text


def test_home_page_elides_en_tant_que(world, client):
    login(client, world.user(Role.AUDITOR))
    content = html.unescape(client.get(reverse("core:home")).content.decode())
    assert "Vous agissez en tant qu'auditeur·rice pour" in content
    # No link: an auditor has no structure page of their own (their pool's is outside their files).
    assert "pour l'Union nationale des Missions Locales." in content
    login(client, world.user(Role.ML_DIRECTOR))
    content = html.unescape(client.get(reverse("core:home")).content.decode())
    assert "Vous agissez en tant que directeur·rice de la Mission Locale pour" in content
    assert ">la Mission Locale Alpha Un</a>." in content


def test_switching_role_says_en_tant_que_with_elision(world, client):
    user = world.user(Role.ML_DIRECTOR)
    other = Membership.objects.create(user=user, structure=world.unml, role=Role.AUDITOR)
    login(client, user)
    response = client.post(reverse("accounts:switch_membership"), {"membership": other.pk}, follow=True)
    content = html.unescape(response.content.decode())
    assert (
        "Vous agissez maintenant en tant qu'auditeur·rice pour l'Union nationale des Missions Locales."
        in content
    )
