"""`manage.py check --deploy`: the legal information a public-service site must publish is set.

The legal notice names the publisher, its address and telephone, the publication director and the
host (address and telephone); the accessibility statement and the personal data page give an address
to write to. Left empty, the pages say "non renseigné": fine for a demo, not for production.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

REQUIRED_IN_PRODUCTION = {
    "LEGAL_PUBLISHER_NAME": "nom de l'éditeur du site (mentions légales)",
    "LEGAL_PUBLISHER_ADDRESS": "adresse du siège de l'éditeur (mentions légales)",
    "LEGAL_PUBLISHER_PHONE": "téléphone de l'éditeur (mentions légales)",
    "LEGAL_PUBLICATION_DIRECTOR": "directeur ou directrice de la publication (mentions légales)",
    "LEGAL_HOST_NAME": "nom de l'hébergeur (mentions légales)",
    "LEGAL_HOST_ADDRESS": "adresse de l'hébergeur (mentions légales)",
    "LEGAL_HOST_PHONE": "téléphone de l'hébergeur (mentions légales)",
    "LEGAL_CONTACT_EMAIL": "adresse où signaler un problème, d'accessibilité notamment (contact)",
}


@checks.register(deploy=True)
def legal_information_is_set(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Warning(
            f"{name} n'est pas défini : {what}.",
            hint="Définissez-le dans l'environnement (docs/deploiement.md, section 3).",
            id="legal.W001",
        )
        for name, what in REQUIRED_IN_PRODUCTION.items()
        if not str(getattr(settings, name, "")).strip()
    ]
