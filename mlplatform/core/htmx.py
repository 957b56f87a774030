"""Pages that also serve a fragment of themselves to htmx (live search, filters): the one rule.

A request sent by htmx (``HX-Request``) gets the fragment, except when htmx restores a page from
its history and the browser's cache missed (``HX-History-Restore-Request``): it then needs the
whole page. The answer varies on both headers, so that no cache between serves a bare fragment
in place of the page (e.g. going back through a search history after the URL was pushed).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

VARY = ("HX-Request", "HX-History-Restore-Request")


def wants_fragment(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def varies_on_htmx(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, VARY)
    return response


def page_or_fragment(request: HttpRequest, page: str, fragment: str, context: dict) -> HttpResponse:
    """``fragment`` for htmx, ``page`` otherwise (both from the same context)."""
    return varies_on_htmx(render(request, fragment if wants_fragment(request) else page, context))
