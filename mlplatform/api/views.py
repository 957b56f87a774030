"""The read-only JSON endpoints of the API (v1), its OpenAPI document and its documentation page.

Every figure comes from ``mlplatform.observatory.indicators``, the one place where indicators are
computed, so the API serves the same numbers as the pages, the PDF and the exports. A token sees the
perimeter of the membership it acts for; anything outside answers 404.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level
from mlplatform.observatory import access as observatory_access
from mlplatform.observatory import indicators as engine

from .auth import ApiError, api_view, json_response, public_json_view, rate_per_minute
from .models import ApiToken
from .openapi import ERROR_CODES, openapi_document

YEAR_RE = re.compile(r"\d{4}", re.ASCII)
# Query strings of the curl examples on the documentation page.
EXAMPLE_QUERIES = {
    "/observatoire/indicateurs/": "annee=2022&structure={code}",
    "/observatoire/structures/": "annee=2022&type=ML",
}
TYPE_ORDER = {StructureType.UNML: 0, StructureType.ARML: 1, StructureType.ML: 2}


# --- parameters -------------------------------------------------------------------------------


def _check_params(request: HttpRequest, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        accepted = ", ".join(f"« {name} »" for name in allowed) or "aucun"
        raise ApiError(
            400,
            f"Paramètre inconnu : {', '.join(name[:30] for name in unknown[:5])}. "
            f"Paramètres acceptés ici : {accepted}.",
        )
    for name in request.GET:
        if len(request.GET.getlist(name)) > 1:
            raise ApiError(
                400, f"Le paramètre « {name} » est donné plusieurs fois : donnez-le une seule fois."
            )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("annee", "").strip()
    if not raw:
        raise ApiError(400, "Le paramètre « annee » est obligatoire, par exemple : annee=2022.")
    if not YEAR_RE.fullmatch(raw):
        raise ApiError(
            400,
            f"Année invalide : « {raw[:20]} ». Attendu : une année sur quatre chiffres, par exemple 2022.",
        )
    return int(raw)


def _structure_type(request: HttpRequest) -> str | None:
    raw = request.GET.get("type", "").strip()
    if not raw:
        return None
    if raw not in (StructureType.ARML, StructureType.ML):
        raise ApiError(400, f"Type de structure invalide : « {raw[:20]} ». Valeurs possibles : ARML, ML.")
    return raw


# --- perimeter ---------------------------------------------------------------------------------


def _in_perimeter(token: ApiToken):
    """The structures whose figures the token's role reads (the observatory's one access rule)."""
    try:
        return observatory_access.readable_structures(token.membership)
    except PermissionDenied as denied:
        raise ApiError(403, str(denied)) from denied


def _top(token: ApiToken) -> Structure | None:
    """The structure whose total the token sees by default: None (the nation) for a national role."""
    try:
        perimeter = observatory_access.reader_perimeter(token.membership)
    except PermissionDenied as denied:
        raise ApiError(403, str(denied)) from denied
    if perimeter.level == Level.NATIONAL:
        return None
    return token.membership.structure


def _requested_structure(request: HttpRequest, token: ApiToken) -> Structure | None:
    code = request.GET.get("structure", "").strip()
    if not code:
        return _top(token)
    structure = _in_perimeter(token).filter(code=code).first()
    if structure is None:
        raise ApiError(404, f"Structure « {code[:30]} » introuvable dans le périmètre de votre jeton.")
    return None if structure.type == StructureType.UNML else structure


def _label(structure: Structure | None) -> str:
    return "le réseau national" if structure is None else f"{structure.name} ({structure.code})"


def _require_year(year: int, structure: Structure | None) -> None:
    available = engine.years_available(structure)
    if year not in available:
        listed = ", ".join(str(y) for y in available) or "aucune"
        raise ApiError(
            404,
            f"Aucune donnée de l'observatoire pour {year} pour {_label(structure)}. "
            f"Années disponibles : {listed}.",
        )


# --- endpoints ---------------------------------------------------------------------------------


@api_view
def years_view(request: HttpRequest, token: ApiToken) -> HttpResponse:
    _check_params(request, ())
    top = _top(token)
    return json_response({"structure": top.code if top else None, "years": engine.years_available(top)})


@api_view
def indicators_view(request: HttpRequest, token: ApiToken) -> HttpResponse:
    _check_params(request, ("annee", "structure"))
    year = _year(request)
    structure = _requested_structure(request, token)
    _require_year(year, structure)
    return json_response(engine.indicators(year, structure))


@api_view
def structures_indicators_view(request: HttpRequest, token: ApiToken) -> HttpResponse:
    _check_params(request, ("annee", "type"))
    year = _year(request)
    structure_type = _structure_type(request)
    top = _top(token)
    _require_year(year, top)
    structures = _in_perimeter(token).exclude(type=StructureType.UNML)
    if structure_type:
        structures = structures.filter(type=structure_type)
    structures = sorted(structures, key=lambda s: (TYPE_ORDER[s.type], s.code))
    by_code = engine.indicators_many(year, structures)
    results = [by_code[s.code] for s in structures if s.code in by_code]
    if top is None and structure_type is None:
        results.insert(0, engine.indicators(year, None))
    return json_response({"year": year, "results": results})


@api_view
def structures_view(request: HttpRequest, token: ApiToken) -> HttpResponse:
    _check_params(request, ())
    rows = _in_perimeter(token).values(
        "code", "type", "name", "parent__code", "region", "department", "closed_on"
    )
    results = [
        {
            "code": row["code"],
            "type": row["type"],
            "name": row["name"],
            "parent": row["parent__code"],
            "region": row["region"] or None,
            "department": row["department"] or None,
            "closed_on": row["closed_on"].isoformat() if row["closed_on"] else None,
        }
        for row in rows
    ]
    results.sort(key=lambda item: (TYPE_ORDER[item["type"]], item["code"]))
    return json_response({"results": results})


@public_json_view
def openapi_view(request: HttpRequest) -> HttpResponse:
    server = request.build_absolute_uri(reverse("api:openapi")).rsplit("/", 1)[0]
    return json_response(openapi_document(server))


def index_view(request: HttpRequest) -> HttpResponse:
    """The API's documentation page, in French, built from the OpenAPI document itself."""
    server = request.build_absolute_uri(reverse("api:openapi")).rsplit("/", 1)[0]
    document = openapi_document(server)
    membership = request.membership
    code = (
        membership.structure.code
        if membership and membership.structure.type != StructureType.UNML
        else "CODE"
    )
    operations = [
        {
            "path": path,
            "url": server + path,
            "example_query": EXAMPLE_QUERIES.get(path, "").format(code=code),
            **item["get"],
        }
        for path, item in document["paths"].items()
        if path != "/openapi.json"
    ]
    context = {
        "server": server,
        "operations": operations,
        "openapi_url": reverse("api:openapi"),
        "errors": sorted(ERROR_CODES.items()),
        "rate": rate_per_minute(),
    }
    return render(request, "api/index.html", context)
