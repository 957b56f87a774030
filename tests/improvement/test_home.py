"""The home page shows overdue actions to the structure's people and, summarised, to the ARML referent."""

from mlplatform.accounts.enums import Role
from mlplatform.improvement.enums import Status

from ..factories import login
from .helpers import make_action, ml_action


def _home(client, user) -> str:
    login(client, user)
    return client.get("/").content.decode()


def test_the_structure_people_see_their_overdue_actions(world, client):
    quality = world.user(Role.ML_QUALITY)
    ml_action(world, title="Refaire la signalétique", due_in_days=-3, owner=quality)
    ml_action(world, title="Pour aujourd'hui", due_in_days=0)
    ml_action(world, title="Abandonnée", due_in_days=-10, status=Status.ABANDONED)
    for role in (Role.ML_DIRECTOR, Role.ML_QUALITY, Role.ML_STAFF):
        content = _home(client, world.user(role))
        assert "Actions en retard du plan d&#x27;amélioration" in content, role
        assert "1 action du plan d&#x27;amélioration a dépassé son échéance" in content
        assert "Refaire la signalétique" in content and "aujourd&#x27;hui" not in content.split("À faire")[1]
        assert "/plan-amelioration/ML-A1/?en_retard=1" in content
    assert "Vous êtes responsable de 1 d&#x27;entre elles" in _home(client, quality)
    # Neither another ML nor the national admin get the ML's list.
    assert "Refaire la signalétique" not in _home(client, world.user("OTHER_ML_DIRECTOR"))
    assert "Refaire la signalétique" not in _home(client, world.user(Role.NATIONAL_ADMIN))


def test_many_overdue_actions_are_summarised(world, client):
    for index in range(5):
        ml_action(world, title=f"Action {index}", due_in_days=-1 - index)
    content = _home(client, world.user(Role.ML_STAFF))
    assert "5 actions du plan d&#x27;amélioration ont dépassé leur échéance" in content
    assert "Action 4" in content and "Action 0" not in content and "et 2 autres" in content


def test_the_arml_referent_sees_a_summary_over_its_mls(world, client):
    ml_action(world, due_in_days=-1)
    ml_action(world, due_in_days=-2)
    make_action(world.ml2, due_in_days=-5)
    make_action(world.other_ml, due_in_days=-5)
    make_action(world.arml, title="Action de l'ARML", due_in_days=-1)
    content = _home(client, world.user(Role.ARML_REFERENT))
    assert "2 Missions Locales de votre région ont 3 actions d&#x27;amélioration en retard" in content
    assert "/plan-amelioration/ARML-A/suivi/" in content
    assert "Action de l&#x27;ARML" in content  # its own plan, as one of the ARML's people
    staff = _home(client, world.user(Role.ARML_STAFF))
    assert "Action de l&#x27;ARML" in staff and "votre région ont" not in staff
    other = _home(client, world.user("OTHER_ARML_REFERENT"))
    assert "1 Mission Locale de votre région a 1 action d&#x27;amélioration en retard" in other


def test_nothing_overdue_nothing_shown(world, client):
    ml_action(world, due_in_days=0)
    assert "Actions en retard" not in _home(client, world.user(Role.ML_DIRECTOR))
    assert "Actions en retard" not in _home(client, world.user(Role.ARML_REFERENT))
