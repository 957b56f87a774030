"""Upload page of the network registry (being written: see mlplatform/network/registry.py)."""

from django.http import Http404, HttpRequest, HttpResponse


def registry_import_view(request: HttpRequest) -> HttpResponse:
    raise Http404
