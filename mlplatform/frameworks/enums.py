from django.db import models


class Addressee(models.TextChoices):
    ML = "ML", "Mission Locale"
    UNML = "UNML", "UNML"
    ARML = "ARML", "ARML"
    UNML_ARML = "UNML+ARML", "UNML et ARML"


# The addressees a framework's requirements may carry.
FRAMEWORK_ADDRESSEES: dict[str, frozenset[str]] = {
    "ML": frozenset({Addressee.ML}),
    "ARML-UNML": frozenset({Addressee.UNML, Addressee.ARML, Addressee.UNML_ARML}),
}
