"""The OpenAPI 3.1 description of the API (v1), written by hand.

The lists of indicators, breakdowns, programmes and exit reasons are read from
``mlplatform.observatory.indicators`` so that the document always names what the API serves.
The documentation page (``/api/``) is rendered from this same document.
"""

from __future__ import annotations

from typing import Any

from mlplatform.observatory import indicators as engine

API_VERSION = "1.0.0"
ERROR_CODES = {
    400: "Paramètre manquant, inconnu ou invalide.",
    401: "Jeton absent, invalide, révoqué ou expiré.",
    404: "Structure hors du périmètre du jeton, ou année sans données.",
    405: "Méthode autre que GET : l'API est en lecture seule.",
    429: "Trop de requêtes : attendre le nombre de secondes indiqué par l'en-tête Retry-After.",
}

YEAR_PARAMETER = {
    "name": "annee",
    "in": "query",
    "required": True,
    "description": "Année de l'exercice, sur quatre chiffres (par exemple 2022).",
    "schema": {"type": "integer", "minimum": 1000, "maximum": 9999},
    "example": 2022,
}
STRUCTURE_PARAMETER = {
    "name": "structure",
    "in": "query",
    "required": False,
    "description": (
        "Code d'une structure du périmètre du jeton (ARML ou Mission Locale ; UNML pour le total national). "
        "Absent : le sommet du périmètre (le total national pour l'UNML, le total de l'ARML pour une ARML, "
        "la Mission Locale elle-même pour une Mission Locale)."
    ),
    "schema": {"type": "string", "pattern": "^[A-Z0-9-]{2,20}$"},
    "example": "ML-A1",
}
TYPE_PARAMETER = {
    "name": "type",
    "in": "query",
    "required": False,
    "description": "Ne garder que les ARML ou que les Missions Locales (le total national est alors omis).",
    "schema": {"type": "string", "enum": ["ARML", "ML"]},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error_ref(status: int) -> dict[str, str]:
    return {"$ref": f"#/components/responses/Error{status}"}


def _counts(keys: tuple[str, ...] | list[str], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {key: {"type": "integer", "minimum": 0} for key in keys},
        "required": list(keys),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _indicator_schema(definition: engine.IndicatorDef) -> dict[str, Any]:
    if definition.kind == "count":
        return {"type": "integer", "minimum": 0, "description": definition.label}
    if definition.kind == "hours":
        return {"type": "number", "minimum": 0, "description": f"{definition.label} (heures, 2 décimales)"}
    return {
        "type": ["number", "null"],
        "minimum": 0,
        "maximum": 1,
        "description": f"{definition.label} (fraction, 4 décimales ; null sans sortie dans l'année)",
    }


def _schemas() -> dict[str, Any]:
    codes = [d.code for d in engine.INDICATORS]
    evolution_codes = [d.code for d in engine.INDICATORS if d.kind != "rate"]
    return {
        "Error": {
            "type": "object",
            "properties": {"detail": {"type": "string", "description": "Message en français."}},
            "required": ["detail"],
            "additionalProperties": False,
        },
        "Years": {
            "type": "object",
            "properties": {
                "structure": {
                    "type": ["string", "null"],
                    "description": "Sommet du périmètre du jeton (null : le réseau national).",
                },
                "years": {
                    "type": "array",
                    "items": {"type": "integer"},
                    "description": "Années où au moins une Mission Locale du périmètre a des données.",
                },
            },
            "required": ["structure", "years"],
        },
        "IndicatorValues": {
            "type": "object",
            "description": "Les indicateurs de la section 5 de la spécification observatoire-format-v1.",
            "properties": {d.code: _indicator_schema(d) for d in engine.INDICATORS},
            "required": codes,
            "additionalProperties": False,
        },
        "Breakdowns": {
            "type": "object",
            "description": "Répartitions des jeunes accompagnés (inconnu compté à part : INCONNU).",
            "properties": {
                name: _counts(values, engine.BREAKDOWN_LABELS.get(name, ""))
                for name, values in engine.BREAKDOWNS.items()
            },
            "required": list(engine.BREAKDOWNS),
            "additionalProperties": False,
        },
        "ExitsByReason": {
            "type": "object",
            "description": "Sorties de l'année par dispositif et par motif.",
            "properties": {p: _counts(engine.EXIT_REASONS) for p in engine.PROGRAMMES},
            "required": list(engine.PROGRAMMES),
            "additionalProperties": False,
        },
        "EntrantsProfile": {
            "type": ["object", "null"],
            "description": (
                "Profil des jeunes entrés dans l'année dans chaque dispositif (un jeune compte une fois par "
                "dispositif ; âge à sa première entrée de l'année). null : donnée non disponible (agrégats "
                "calculés avant l'ajout de ces chiffres)."
            ),
            "properties": {
                p: {
                    "type": "object",
                    "properties": {
                        b: _counts(engine.BREAKDOWNS[b], engine.BREAKDOWN_LABELS[b])
                        for b in engine.PROFILE_BREAKDOWNS
                    },
                    "required": list(engine.PROFILE_BREAKDOWNS),
                    "additionalProperties": False,
                }
                for p in engine.PROGRAMMES
            },
            "additionalProperties": False,
        },
        "ContractShares": {
            "type": "object",
            "description": "Part de chaque type de contrat (fraction, 4 décimales ; null sans contrat).",
            "properties": {c: {"type": ["number", "null"]} for c in engine.CONTRACTS},
            "additionalProperties": False,
        },
        "Justice": {
            "type": ["object", "null"],
            "description": (
                "Jeunes accompagnés sous main de justice : nombre, répartitions, jeunes entrés en emploi, "
                "alternance, formation, contrats de travail par type. null : donnée non disponible."
            ),
            "properties": {
                "jeunes": {"type": "integer", "minimum": 0},
                "breakdowns": {
                    "type": "object",
                    "properties": {b: _counts(engine.BREAKDOWNS[b]) for b in engine.JUSTICE_BREAKDOWNS},
                },
                "entries": _counts(list(engine.JUSTICE_ENTRIES)),
                "contracts": _counts(engine.CONTRACTS),
                "contract_shares": _ref("ContractShares"),
            },
            "required": ["jeunes", "breakdowns", "entries", "contracts", "contract_shares"],
        },
        "Objective": {
            "type": "object",
            "properties": {
                "structure": {"type": "string", "description": "Code de la structure qui porte l'objectif."},
                "dispositifs": {
                    "type": "string",
                    "description": "Dispositifs comptés, joints par +.",
                    "example": "CEJ+GJ",
                },
                "valeur": {"type": "integer", "minimum": 1, "description": "Objectif contractualisé."},
                "realise": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Entrées de l'année dans ces dispositifs.",
                },
                "taux": {
                    "type": ["number", "null"],
                    "minimum": 0,
                    "description": "realise / valeur (fraction, 4 décimales).",
                },
            },
            "required": ["structure", "dispositifs", "valeur", "realise", "taux"],
        },
        "Evolution": {
            "type": "object",
            "description": (
                "Évolution (A - (A-1)) / (A-1) en fraction, pour chaque compte et les heures, seulement si "
                "l'année précédente a été importée pour les mêmes Missions Locales et n'y vaut pas 0."
            ),
            "properties": {code: {"type": "number"} for code in evolution_codes},
            "additionalProperties": False,
        },
        "Coverage": {
            "type": "object",
            "description": "Missions Locales du périmètre qui ont importé l'année, et celles qui manquent.",
            "properties": {
                "mls": {"type": "array", "items": {"type": "string"}},
                "mls_total": {"type": "integer", "minimum": 0},
                "missing": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["mls", "mls_total", "missing"],
        },
        "Indicators": {
            "type": "object",
            "description": (
                "Les indicateurs d'une structure pour une année : ceux d'une Mission Locale, la somme des "
                "Missions Locales d'une ARML, ou celle de toutes les Missions Locales (structure null)."
            ),
            "properties": {
                "structure": {
                    "type": ["string", "null"],
                    "description": "Code de la structure ; null : national.",
                },
                "year": {"type": "integer"},
                "indicators": _ref("IndicatorValues"),
                "breakdowns": _ref("Breakdowns"),
                "exits_by_reason": _ref("ExitsByReason"),
                "entrants": {
                    "oneOf": [_counts(engine.PROGRAMMES), {"type": "null"}],
                    "description": "Jeunes entrés dans l'année par dispositif (null : non disponible).",
                },
                "entrants_profile": _ref("EntrantsProfile"),
                "contracts": {
                    "oneOf": [_counts(engine.CONTRACTS), {"type": "null"}],
                    "description": (
                        "Contrats de travail (situations EMPLOI) commencés dans l'année par type de contrat "
                        "(INCONNU : non renseigné) ; null : donnée non disponible."
                    ),
                },
                "contract_shares": {"oneOf": [_ref("ContractShares"), {"type": "null"}]},
                "justice": _ref("Justice"),
                "objectives": {"type": "array", "items": _ref("Objective")},
                "evolution": _ref("Evolution"),
                "previous": {
                    "type": "object",
                    "description": "Valeurs de l'année précédente quand l'évolution est calculée ({} sinon).",
                },
                "coverage": _ref("Coverage"),
            },
            "required": [
                "structure",
                "year",
                "indicators",
                "breakdowns",
                "exits_by_reason",
                "objectives",
                "evolution",
            ],
        },
        "IndicatorsList": {
            "type": "object",
            "properties": {
                "year": {"type": "integer"},
                "results": {"type": "array", "items": _ref("Indicators")},
            },
            "required": ["year", "results"],
        },
        "Structure": {
            "type": "object",
            "description": "Une structure du répertoire du réseau (aucune donnée personnelle).",
            "properties": {
                "code": {"type": "string"},
                "type": {"type": "string", "enum": ["UNML", "ARML", "ML"]},
                "name": {"type": "string"},
                "parent": {
                    "type": ["string", "null"],
                    "description": "Code de la structure de rattachement.",
                },
                "region": {"type": ["string", "null"]},
                "department": {"type": ["string", "null"]},
                "closed_on": {"type": ["string", "null"], "format": "date"},
            },
            "required": ["code", "type", "name", "parent", "region", "department", "closed_on"],
            "additionalProperties": False,
        },
        "StructureList": {
            "type": "object",
            "properties": {"results": {"type": "array", "items": _ref("Structure")}},
            "required": ["results"],
        },
    }


ERROR_HEADERS = {
    401: {
        "WWW-Authenticate": {
            "description": 'Bearer realm="api" (avec error="invalid_token" quand le jeton est refusé).',
            "schema": {"type": "string"},
        }
    },
    405: {"Allow": {"description": "GET, HEAD", "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Secondes à attendre.", "schema": {"type": "integer"}}},
}


def _error_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": ERROR_CODES[status],
        "content": {"application/json": {"schema": _ref("Error")}},
    }
    if status in ERROR_HEADERS:
        response["headers"] = ERROR_HEADERS[status]
    return response


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _operation(
    operation_id: str,
    tag: str,
    summary: str,
    description: str,
    parameters: list[dict[str, Any]],
    ok: dict[str, Any],
    errors: tuple[int, ...],
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "tags": [tag],
            "summary": summary,
            "description": description,
            "parameters": parameters,
            "responses": {
                "200": ok,
                **{str(status): _error_ref(status) for status in (*errors, 401, 405, 429)},
            },
        }
    }


def _paths() -> dict[str, Any]:
    return {
        "/observatoire/annees/": _operation(
            "observatoireAnnees",
            "observatoire",
            "Années disponibles",
            "Les années pour lesquelles au moins une Mission Locale du périmètre du jeton a des données.",
            [],
            _ok("Years", "Les années disponibles, dans l'ordre croissant."),
            (400,),
        ),
        "/observatoire/indicateurs/": _operation(
            "observatoireIndicateurs",
            "observatoire",
            "Indicateurs d'une structure pour une année",
            "Les mêmes chiffres que les pages de l'observatoire, le rapport PDF et la commande "
            "« observatory indicators ».",
            [YEAR_PARAMETER, STRUCTURE_PARAMETER],
            _ok("Indicators", "Les indicateurs de la structure."),
            (400, 404),
        ),
        "/observatoire/structures/": _operation(
            "observatoireStructures",
            "observatoire",
            "Indicateurs de chaque structure du périmètre",
            "Pour l'année donnée : le total national (jeton national, sans filtre de type), puis chaque ARML "
            "et chaque Mission Locale du périmètre du jeton, triées par type puis par code.",
            [YEAR_PARAMETER, TYPE_PARAMETER],
            _ok("IndicatorsList", "Les indicateurs de chaque structure."),
            (400, 404),
        ),
        "/structures/": _operation(
            "structures",
            "réseau",
            "Structures du périmètre",
            "Les structures du répertoire du réseau visibles par le jeton : code, type, nom, rattachement, "
            "région, département. Aucune donnée personnelle.",
            [],
            _ok("StructureList", "Les structures, triées par type puis par code."),
            (400,),
        ),
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["documentation"],
                "summary": "Ce document",
                "description": "La description OpenAPI 3.1 de l'API ; lisible sans jeton.",
                "security": [],
                "parameters": [],
                "responses": {
                    "200": {"description": "Le document OpenAPI.", "content": {"application/json": {}}},
                    "405": _error_ref(405),
                },
            }
        },
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document, with ``server_url`` (ending in ``/api/v1``) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API de la plateforme label qualité des Missions Locales",
            "version": API_VERSION,
            "summary": "Lecture des indicateurs de l'observatoire et du répertoire du réseau.",
            "description": (
                "API en lecture seule. Chaque requête porte un jeton personnel dans l'en-tête "
                "« Authorization: Bearer <jeton> » ; un jeton se crée depuis « Mon compte » et voit ce que "
                "voit le rôle pour lequel il a été créé : le réseau entier pour l'UNML, l'ARML et ses "
                "Missions Locales pour une ARML, la Mission Locale seule pour une Mission Locale. Hors de ce "
                "périmètre, la réponse est 404. Les taux sont des fractions (0.368 pour 36,8 %). Aucune "
                "donnée individuelle n'est servie, seulement des agrégats. Les erreurs sont du JSON "
                '{"detail": "<message en français>"}.'
            ),
        },
        "servers": [{"url": server_url, "description": "Cette plateforme"}],
        "security": [{"jeton": []}],
        "tags": [
            {"name": "observatoire", "description": "Indicateurs de l'activité des Missions Locales."},
            {"name": "réseau", "description": "Répertoire des structures du réseau."},
            {"name": "documentation", "description": "Description de l'API."},
        ],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "jeton": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Jeton personnel (commence par « mlp_ »), créé depuis « Mon compte ».",
                }
            },
            "schemas": _schemas(),
            "responses": {f"Error{status}": _error_response(status) for status in ERROR_CODES},
        },
    }
