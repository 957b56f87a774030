from tests.factories import login


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_world_builds(world, client):
    from mlplatform.accounts.enums import Role

    login(client, world.user(Role.ML_DIRECTOR))
    assert client.get("/").status_code == 200
