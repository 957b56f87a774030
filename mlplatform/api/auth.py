"""Token authentication, throttling and JSON answers of the API.

The API never looks at the session: a request is authenticated by ``Authorization: Bearer <token>``
alone, so a browser's cookies give no access and there is nothing for CSRF to protect (the API only
reads). Every answer, errors included, is JSON; errors are ``{"detail": "<French message>"}``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from mlplatform.accounts.throttle import client_ip

from .models import ApiToken

SAFE_METHODS = ("GET", "HEAD")
WWW_AUTHENTICATE = 'Bearer realm="api"'


def rate_per_minute() -> int:
    """Requests a token may make per minute."""
    return getattr(settings, "API_RATE_PER_MINUTE", 120)


def failures_per_window() -> tuple[int, int]:
    """Invalid tokens one address may present, and over how many seconds."""
    return getattr(settings, "API_MAX_INVALID_TOKENS_PER_IP", 30), getattr(
        settings, "API_INVALID_TOKENS_WINDOW_SECONDS", 15 * 60
    )


class ApiError(Exception):
    """An error answered as JSON: ``{"detail": message}`` with ``status``."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def json_error(status: int, detail: str, headers: dict[str, str] | None = None) -> JsonResponse:
    response = json_response({"detail": detail}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _unauthorized(detail: str, *, invalid_token: bool) -> ApiError:
    challenge = f'{WWW_AUTHENTICATE}, error="invalid_token"' if invalid_token else WWW_AUTHENTICATE
    return ApiError(401, detail, {"WWW-Authenticate": challenge})


def _count(key: str, window: int) -> int:
    """Increment a counter that lives ``window`` seconds; returns the new value."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def _check_invalid_token_throttle(ip: str | None) -> None:
    limit, window = failures_per_window()
    if ip and (cache.get(_failures_key(ip, window)) or 0) >= limit:
        raise ApiError(
            429,
            "Trop de jetons invalides présentés depuis cette adresse : réessayez dans quelques minutes.",
            {"Retry-After": str(window)},
        )


def _failures_key(ip: str, window: int) -> str:
    return f"api:invalid:{ip}:{int(time.time()) // window}"


def _record_invalid_token(ip: str | None) -> None:
    if ip:
        _, window = failures_per_window()
        _count(_failures_key(ip, window), window)


def _check_rate(token: ApiToken) -> None:
    minute = int(time.time()) // 60
    if _count(f"api:rate:{token.token_hash[:24]}:{minute}", 60) > rate_per_minute():
        retry = 60 - int(time.time()) % 60
        raise ApiError(
            429,
            f"Trop de requêtes avec ce jeton : au plus {rate_per_minute()} par minute. "
            f"Réessayez dans {retry} secondes.",
            {"Retry-After": str(retry)},
        )


def authenticate(request: HttpRequest) -> ApiToken:
    """The usable token of the request, or ApiError (401, or 429 when throttled)."""
    header = request.headers.get("Authorization", "")
    if not header:
        raise _unauthorized(
            "Authentification requise : fournissez un jeton d'accès dans l'en-tête "
            "« Authorization: Bearer <jeton> ». Créez votre jeton depuis « Mon compte ».",
            invalid_token=False,
        )
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise _unauthorized(
            "En-tête Authorization mal formé : il doit être de la forme « Bearer <jeton> ».",
            invalid_token=True,
        )
    ip = client_ip(request)
    _check_invalid_token_throttle(ip)
    token = ApiToken.find(secret)
    if token is None:
        _record_invalid_token(ip)
        raise _unauthorized("Jeton d'accès invalide.", invalid_token=True)
    if token.is_revoked:
        raise _unauthorized("Ce jeton d'accès a été révoqué.", invalid_token=True)
    if token.is_expired:
        raise _unauthorized(
            f"Ce jeton d'accès a expiré le {timezone.localtime(token.expires_at):%d/%m/%Y}. "
            "Créez-en un nouveau depuis « Mon compte ».",
            invalid_token=True,
        )
    if not token.role_allows_use:
        raise _unauthorized(
            "Ce jeton d'accès n'est plus utilisable : le rôle pour lequel il a été créé a été retiré "
            "ou ne donne plus accès à l'API.",
            invalid_token=True,
        )
    _check_rate(token)
    token.touch()
    return token


def _finish(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ["Authorization"])
    return response


def _method_not_allowed() -> JsonResponse:
    return json_error(
        405, "Méthode non autorisée : l'API est en lecture seule (GET).", {"Allow": ", ".join(SAFE_METHODS)}
    )


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An API endpoint: GET only, token authentication (never the session), JSON errors.

    The view is called as ``view(request, token, **kwargs)``; it may raise ``ApiError`` or ``Http404``.
    """

    @login_not_required
    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return _finish(_method_not_allowed())
        try:
            token = authenticate(request)
            response = view(request, token, *args, **kwargs)
        except ApiError as error:
            response = json_error(error.status, error.detail, error.headers)
        except Http404:
            response = json_error(404, "Ressource introuvable dans le périmètre de votre jeton.")
        return _finish(response)

    return wrapper


def public_json_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A JSON document anyone may read (the OpenAPI description): GET only, no authentication."""

    @login_not_required
    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return _method_not_allowed()
        return view(request, *args, **kwargs)

    return wrapper
