"""Every URL of the project, for anonymous visitors, each role, and people of another perimeter.

The list of URL patterns is read from the resolver: a new URL without an entry in CASES makes
``test_every_url_has_a_case`` fail, so no page can be added without its access rules tested.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Invitation

from .access_cases import APP_CASES
from .access_cases.assigned import ASSIGNED_EXPECTED, ASSIGNED_ROLES, LABEL_CYCLE_NAMESPACES, assign_files
from .access_cases.base import ALL_ROLES, ML_OUTSIDERS, STRUCTURE_READERS, Case, everyone, only
from .factories import World, login
from .links import internal_links


def _invitation(world: World, structure_attr: str) -> dict:
    invitation, _ = Invitation.issue(
        email="invitee@test.example",
        structure=getattr(world, structure_attr),
        role=Role.ML_STAFF,
        invited_by=world.user(Role.NATIONAL_ADMIN),
    )
    return {"pk": invitation.pk}


CASES: dict[str, Case] = {
    "core:home": Case(everyone(200)),
    "core:healthz": Case(everyone(200), anonymous=200),
    "core:background": Case(only({Role.NATIONAL_ADMIN: 200}, 403)),
    "accounts:login": Case(everyone(302), anonymous=200),
    "accounts:logout": Case(everyone(302), anonymous=302, method="post"),
    # Already verified: sent on to the home page; others may turn the second factor on.
    "accounts:two_factor": Case(only({Role.NATIONAL_ADMIN: 302, Role.COMMISSION_MEMBER: 302}, 200)),
    "accounts:profile": Case(everyone(200)),
    "accounts:password_change": Case(everyone(200)),
    "accounts:switch_membership": Case(everyone(302), method="post"),
    "accounts:password_reset": Case(everyone(200), anonymous=200),
    "accounts:password_reset_done": Case(everyone(200), anonymous=200),
    "accounts:password_reset_confirm": Case(
        everyone(200), anonymous=200, kwargs=lambda w: {"uidb64": "MQ", "token": "invalide"}
    ),
    "accounts:password_reset_complete": Case(everyone(200), anonymous=200),
    "accounts:invitations": Case(
        only({Role.NATIONAL_ADMIN: 200, Role.ARML_REFERENT: 200, Role.ML_DIRECTOR: 200}, 403)
    ),
    "accounts:invitation_revoke": Case(
        only({Role.NATIONAL_ADMIN: 302, Role.ARML_REFERENT: 302, Role.ML_DIRECTOR: 302}, 403),
        method="post",
        kwargs=lambda w: _invitation(w, "ml"),
        outsiders=[
            ("OTHER_ARML_REFERENT", lambda w: _invitation(w, "ml")),
            ("OTHER_ML_DIRECTOR", lambda w: _invitation(w, "ml")),
            (Role.ML_DIRECTOR, lambda w: _invitation(w, "ml2")),
        ],
    ),
    "accounts:invitation_accept": Case(everyone(404), anonymous=404, kwargs=lambda w: {"token": "inconnu"}),
    "network:tree": Case(everyone(200)),
    "network:registry_import": Case(only({Role.NATIONAL_ADMIN: 200}, 403)),
    "network:structure": Case(
        only(STRUCTURE_READERS, 404), kwargs=lambda w: {"code": w.ml.code}, outsiders=ML_OUTSIDERS
    ),
    "network:structure_edit": Case(
        only(
            {
                Role.NATIONAL_ADMIN: 200,
                Role.ARML_REFERENT: 200,
                Role.ML_DIRECTOR: 200,
                Role.ARML_STAFF: 403,
                Role.ML_QUALITY: 403,
                Role.ML_STAFF: 403,
            },
            404,
        ),
        kwargs=lambda w: {"code": w.ml.code},
        outsiders=ML_OUTSIDERS,
    ),
}

FRAMEWORK = {"code": "ARML-UNML", "version": "2030"}
FRAMEWORK_PART = {**FRAMEWORK, "number": "1"}


def _framework(world: World, kwargs: dict) -> dict:
    from .frameworks.test_loader import load_small_framework

    load_small_framework()
    return kwargs


def framework_case(kwargs: dict, expected: dict[str, int] | None = None) -> Case:
    """Frameworks are read by anyone signed in; they belong to no structure, so no outsider."""
    return Case(expected or everyone(200), kwargs=lambda w: _framework(w, kwargs), no_perimeter=True)


CASES.update(
    {
        "frameworks:list": framework_case({}),
        "frameworks:version": framework_case(FRAMEWORK),
        "frameworks:preamble": framework_case(FRAMEWORK),
        "frameworks:part": framework_case(FRAMEWORK_PART),
        "frameworks:print": framework_case(FRAMEWORK),
        "frameworks:pdf": framework_case(FRAMEWORK),
        "frameworks:xlsx": framework_case(FRAMEWORK),
        "frameworks:compare": framework_case({"code": "ARML-UNML"}, only({Role.NATIONAL_ADMIN: 200}, 403)),
    }
)
CASES.update(APP_CASES)

# Patterns tested elsewhere: Django's admin (tests/test_admin_access.py) and its sign-in redirect.
DELEGATED_NAMESPACES = {"admin"}
UNNAMED_ROUTES = {"admin/login/"}


def iter_patterns(patterns, namespace: str = "", prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_patterns(pattern.url_patterns, full_ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), namespace


def project_url_names() -> set[str]:
    names = set()
    for name, route, namespace in iter_patterns(get_resolver().url_patterns):
        if namespace.split(":")[0] in DELEGATED_NAMESPACES:
            continue
        assert name or route in UNNAMED_ROUTES, f"URL sans nom : {route}"
        if name:
            names.add(name)
    return names


def test_every_url_has_a_case():
    missing = project_url_names() - set(CASES)
    assert not missing, f"URL sans règles d'accès testées : {sorted(missing)}"
    stale = set(CASES) - project_url_names()
    assert not stale, f"Cas de test pour des URL qui n'existent plus : {sorted(stale)}"


def _request(client, case: Case, url: str):
    return getattr(client, case.method)(url)


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous(name, world, client):
    case = CASES[name]
    response = _request(client, case, reverse(name, kwargs=case.kwargs(world)))
    assert response.status_code == case.anonymous, name
    if case.anonymous == 302 and case.method == "get":
        assert response.url.startswith(reverse("accounts:login")), response.url


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_role(name, role, world, client):
    case = CASES[name]
    login(client, world.user(role))
    response = _request(client, case, reverse(name, kwargs=case.kwargs(world)))
    assert response.status_code == case.expected[role], f"{name} pour {role}"
    _assert_links_resolve(response, name)


def _assert_links_resolve(response, name: str) -> None:
    """Every internal link of a page names a route (tests/test_links.py follows them on the audited
    pages, with their data)."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return
    unknown = []
    for link in internal_links(response.content.decode()):
        try:
            resolve(urlsplit(link).path)
        except Resolver404:
            unknown.append(link)
    assert not unknown, f"{name} : liens vers des adresses inconnues : {unknown}"


ASSIGNED_PARAMS = [
    pytest.param(name, key, id=f"{name}-{key}")
    for name in sorted(CASES)
    if not name.startswith(LABEL_CYCLE_NAMESPACES)
    for key in ASSIGNED_ROLES
]


@pytest.mark.parametrize(("name", "key"), ASSIGNED_PARAMS)
def test_assigned_people(name, key, world, client):
    """Auditors and commission members whose files include the structures the URL names (ARML-A and
    ML-A1) and a structure of the other region: what they may read follows their role, not only the
    files given to them (e.g. no observatory figures of an assigned ML, nor of its region)."""
    case = CASES[name]
    assign_files(world)
    login(client, world.user(key))
    response = _request(client, case, reverse(name, kwargs=case.kwargs(world)))
    expected = ASSIGNED_EXPECTED.get(name, case.expected[ASSIGNED_ROLES[key]])
    assert response.status_code == expected, f"{name} pour {key}"


def test_assigned_expectations_name_urls():
    stale = set(ASSIGNED_EXPECTED) - set(CASES)
    assert not stale, f"Cas « dossiers confiés » pour des URL qui n'existent plus : {sorted(stale)}"


OUTSIDER_PARAMS = [
    pytest.param(name, index, id=f"{name}-{CASES[name].outsiders[index][0]}")
    for name in sorted(CASES)
    for index in range(len(CASES[name].outsiders))
]


@pytest.mark.parametrize(("name", "index"), OUTSIDER_PARAMS)
def test_other_perimeter_gets_404(name, index, world, client):
    case = CASES[name]
    user_key, kwargs = case.outsiders[index]
    login(client, world.user(user_key))
    response = _request(client, case, reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 404, f"{name} pour {user_key}"


TOKEN_URLS = {"accounts:password_reset_confirm", "accounts:invitation_accept"}


def test_every_object_url_has_outsiders(world):
    """A URL that reaches an object of a structure must also be tested from another perimeter."""
    for name, case in CASES.items():
        if case.kwargs(world) and not case.no_perimeter and name not in TOKEN_URLS:
            assert case.outsiders, f"{name} : aucun test depuis un autre périmètre"
