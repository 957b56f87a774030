"""The demo data: reference network + fictitious rest of the network + demo accounts."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from mlplatform.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from mlplatform.accounts.enums import Role
from mlplatform.accounts.models import Membership, User
from mlplatform.accounts.twofactor import current_code
from mlplatform.network.demo import DEMO_REGIONS, FICTION_PHONE_ROOTS, generate_demo_network
from mlplatform.network.models import DEPARTMENT_CODE_RE, STRUCTURE_CODE_RE, Site, Structure


def run_setup_demo(**options) -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out, **options)
    return out.getvalue()


def snapshot() -> tuple:
    return (
        sorted(Structure.objects.values_list("code", "name", "parent__code", "is_demo")),
        Site.objects.count(),
        sorted(Membership.objects.values_list("user__email", "role", "structure__code")),
        User.objects.count(),
        TOTPDevice.objects.count(),
    )


def test_generation_is_reproducible_and_clearly_fictitious():
    network = generate_demo_network()
    assert network == generate_demo_network()
    assert network != generate_demo_network(seed=1)
    structures = network.structures
    armls = [row for row in structures if row["type"] == "ARML"]
    mls = [row for row in structures if row["type"] == "ML"]
    assert len(armls) == 14
    assert "Normandie" not in {row["region"] for row in structures}
    assert 400 <= len(mls) <= 420
    assert len({row["code"] for row in structures}) == len(structures)
    assert len({row["nom"] for row in structures}) == len(structures)
    for row in armls:
        assert row["nom"].endswith("(fictive)")
    region_departments = {region.name: {code for code, _ in region.departments} for region in DEMO_REGIONS}
    for row in mls:
        assert row["nom"].startswith("Mission Locale fictive ") and row["nom"].endswith("(démo)")
        assert row["departement"] in region_departments[row["region"]]
        assert re.fullmatch(DEPARTMENT_CODE_RE, row["departement"])
    for row in structures:
        assert re.fullmatch(STRUCTURE_CODE_RE, row["code"])
    fiction_roots = tuple(FICTION_PHONE_ROOTS.values())
    for row in [*structures, *network.sites]:
        assert row["email"].endswith("@exemple.test")
        assert not row["telephone"] or row["telephone"].startswith(fiction_roots)
    sites_per_ml = {row["code"]: 0 for row in mls}
    for site in network.sites:
        sites_per_ml[site["structure"]] += 1
    assert set(sites_per_ml.values()) <= {1, 2, 3, 4, 5}
    assert min(sites_per_ml.values()) == 1


@pytest.mark.django_db
def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run_setup_demo()
    assert not User.objects.exists()
    assert not Structure.objects.exists()


@pytest.mark.django_db
def test_setup_demo_loads_the_network_and_the_accounts_idempotently(settings):
    settings.DEBUG = True
    output = run_setup_demo()
    structures = Structure.objects.all()
    assert 440 <= structures.count() <= 460
    assert structures.arml().count() == 15
    assert 430 <= structures.ml().count() <= 440
    normandie = structures.ml().filter(parent__code="ARML-NOR")
    assert normandie.count() == 24 and not normandie.filter(is_demo=True).exists()
    assert not structures.filter(code__in=["UNML", "ARML-NOR"], is_demo=True).exists()
    demo = structures.filter(is_demo=True)
    assert demo.count() == structures.count() - 26
    assert demo.arml().count() == 14
    for name in demo.values_list("name", flat=True):
        assert "fictive" in name
    assert not structures.ml().filter(sites__isnull=True).exists()
    assert DEMO_PASSWORD in output and "demo_code admin@demo.test" in output

    first = snapshot()
    second_output = run_setup_demo()
    assert snapshot() == first
    assert "déjà chargé" in second_output


@pytest.mark.django_db
def test_demo_accounts_have_their_roles_and_two_factor_devices(settings):
    settings.DEBUG = True
    run_setup_demo()
    expected = {
        "admin@demo.test": {(Role.NATIONAL_ADMIN, "UNML")},
        "commission@demo.test": {(Role.COMMISSION_MEMBER, "UNML")},
        "auditrice@demo.test": {(Role.AUDITOR, "UNML")},
        "referente.normandie@demo.test": {(Role.ARML_REFERENT, "ARML-NOR")},
        "equipe.normandie@demo.test": {(Role.ARML_STAFF, "ARML-NOR")},
        "directeur.caen@demo.test": {(Role.ML_DIRECTOR, "ML-14-CAEN")},
        "qualite.caen@demo.test": {(Role.ML_QUALITY, "ML-14-CAEN")},
        "equipe.caen@demo.test": {(Role.ML_STAFF, "ML-14-CAEN")},
        "directrice.rouen@demo.test": {(Role.ML_DIRECTOR, "ML-76-ROUEN")},
        "referent.bretagne@demo.test": {(Role.ARML_REFERENT, "ARML-BRE-DEMO")},
        "double.role@demo.test": {(Role.ML_DIRECTOR, "ML-61-ALENCON"), (Role.ARML_STAFF, "ARML-NOR")},
    }
    assert {account.email for account in DEMO_ACCOUNTS} == set(expected)
    for email, memberships in expected.items():
        user = User.objects.get(email=email)
        assert user.first_name and user.last_name
        assert user.check_password(DEMO_PASSWORD)
        assert set(user.memberships.values_list("role", "structure__code")) == memberships
        assert user.current_membership is not None and user.current_membership.user_id == user.pk
        assert user.requires_two_factor() == (email in {"admin@demo.test", "commission@demo.test"})
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists() == user.requires_two_factor()
    caen = Structure.objects.get(code="ML-14-CAEN")
    assert caen.name == "Mission Locale Caen la Mer Calvados Centre" and not caen.is_demo
    assert Structure.objects.get(code="ARML-BRE-DEMO").is_demo


@pytest.mark.django_db
def test_demo_code_prints_the_current_code_only_in_debug_for_demo_accounts(settings):
    settings.DEBUG = False
    run_setup_demo(force=True)
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_code", "admin@demo.test", stdout=StringIO())

    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", "admin@demo.test", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    device = TOTPDevice.objects.get(user__email="admin@demo.test")
    assert code == current_code(device) or device.verify_token(code)

    User.objects.create_user("vraie.personne@exemple.fr", "x")
    with pytest.raises(CommandError, match="démonstration"):
        call_command("demo_code", "vraie.personne@exemple.fr", stdout=StringIO())
    with pytest.raises(CommandError, match="setup_demo"):
        call_command("demo_code", "inconnu@demo.test", stdout=StringIO())
    with pytest.raises(CommandError, match="authentification"):
        call_command("demo_code", "directeur.caen@demo.test", stdout=StringIO())
