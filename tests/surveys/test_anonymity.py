"""Anonymity by design, asserted on the models: nothing links a response to an invitation, an account
or an address, and nothing dates it closer than the day."""

from django.db import models

from mlplatform.surveys.models import Answer, Invitation, Response

ALLOWED_RESPONSE_FIELDS = {"id", "campaign", "structure", "site", "channel", "submitted_on"}
ALLOWED_INVITATION_FIELDS = {"id", "campaign", "structure", "token_hash", "address_hash", "used", "reminded"}


def _concrete(model) -> dict[str, models.Field]:
    return {field.name: field for field in model._meta.get_fields() if field.concrete}


def test_a_response_holds_nothing_about_who_answered():
    fields = _concrete(Response)
    assert set(fields) == ALLOWED_RESPONSE_FIELDS
    assert isinstance(fields["id"], models.UUIDField), "a random id: insertion order tells nothing"
    assert isinstance(fields["submitted_on"], models.DateField) and not isinstance(
        fields["submitted_on"], models.DateTimeField
    )
    related = {f.related_model for f in fields.values() if f.is_relation}
    assert Invitation not in related
    from django.contrib.auth import get_user_model

    assert get_user_model() not in related


def test_answers_link_only_to_their_response_and_what_it_is_about():
    fields = _concrete(Answer)
    assert isinstance(fields["id"], models.UUIDField)
    assert not any(
        isinstance(f, models.DateTimeField | models.DateField | models.GenericIPAddressField)
        for f in fields.values()
    )
    related = {f.related_model for f in fields.values() if f.is_relation}
    assert Invitation not in related


def test_an_invitation_keeps_no_address_no_date_and_no_key_of_a_response():
    fields = _concrete(Invitation)
    assert set(fields) == ALLOWED_INVITATION_FIELDS
    assert not any(
        isinstance(f, models.EmailField | models.DateTimeField | models.DateField) for f in fields.values()
    )
    related = {f.related_model for f in fields.values() if f.is_relation}
    assert Response not in related and Answer not in related
    # No model of the platform points at both an invitation and a response.
    from django.apps import apps

    for model in apps.get_models():
        targets = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
        assert not ({Invitation, Response} <= targets), model
