from mlplatform.accounts.enums import Role
from mlplatform.network.models import Structure

from ..factories import login


def _form_data(structure: Structure, **changes) -> dict:
    data = {
        "address": structure.address,
        "phone": structure.phone,
        "email": structure.email,
        "website": structure.website,
        "president_name": structure.president_name,
        "president_mandate": structure.president_mandate,
        "director_name": structure.director_name,
        "governance_notes": structure.governance_notes,
        "version": structure.version,
    }
    data.update(changes)
    return data


def test_ml_director_edits_contacts(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    url = f"{world.ml.get_absolute_url()}modifier/"
    page = client.get(url).content.decode()
    assert 'name="name"' not in page  # the official name comes from the national registry
    response = client.post(url, _form_data(world.ml, phone="02 31 00 00 00", president_name="Mme Dupont"))
    assert response.status_code == 302
    world.ml.refresh_from_db()
    assert (world.ml.phone, world.ml.president_name, world.ml.version) == ("02 31 00 00 00", "Mme Dupont", 2)


def test_national_admin_can_rename(world, client):
    login(client, world.user(Role.NATIONAL_ADMIN))
    data = _form_data(world.ml, name="Mission Locale renommée", legal_status="GIP")
    client.post(f"{world.ml.get_absolute_url()}modifier/", data)
    world.ml.refresh_from_db()
    assert (world.ml.name, world.ml.legal_status) == ("Mission Locale renommée", "GIP")


def test_invalid_input_is_kept_and_changes_nothing(world, client):
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.post(
        f"{world.ml.get_absolute_url()}modifier/",
        _form_data(world.ml, email="pas-une-adresse", director_name="Gardé"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in content
    assert 'value="Gardé"' in content
    world.ml.refresh_from_db()
    assert world.ml.director_name == ""


def test_concurrent_edits_never_overwrite_silently(world, client):
    url = f"{world.ml.get_absolute_url()}modifier/"
    opened = Structure.objects.get(pk=world.ml.pk)  # both people open the form at version 1
    login(client, world.user(Role.ARML_REFERENT))
    client.post(url, _form_data(opened, phone="01 11 11 11 11"))
    login(client, world.user(Role.ML_DIRECTOR))
    response = client.post(url, _form_data(opened, phone="02 22 22 22 22", director_name="Moi"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu&#x27;un a modifié cette fiche" in content or "Quelqu'un a modifié cette fiche" in content
    assert "01 11 11 11 11" in content  # the saved version is shown
    assert 'value="02 22 22 22 22"' in content  # and what this person typed is kept
    world.ml.refresh_from_db()
    assert world.ml.phone == "01 11 11 11 11"
    # Submitting again, knowingly, applies the change.
    client.post(
        url, _form_data(opened, phone="02 22 22 22 22", director_name="Moi", version=world.ml.version)
    )
    world.ml.refresh_from_db()
    assert world.ml.phone == "02 22 22 22 22"
