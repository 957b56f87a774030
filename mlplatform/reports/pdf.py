"""The one PDF pipeline: a Django template rendered to HTML, then to PDF by WeasyPrint.

Stylesheets and images are read from the static folders (never over the network), so the
same SVG charts and CSS serve the page and the PDF.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def _fetcher():
    """A WeasyPrint URL fetcher that reads ``static:`` files from disk and refuses the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("static:"):
                path = finders.find(url.removeprefix("static:"))
                if path is None:
                    raise ValueError(f"fichier statique introuvable : {url}")
                with open(path, "rb") as handle:
                    return URLFetcherResponse(url, handle.read(), {"Content-Type": _mime(path)})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"ressource externe refusée dans un PDF : {url}")

    return StaticOnlyFetcher()


def _mime(path: str) -> str:
    return {"css": "text/css", "svg": "image/svg+xml", "png": "image/png"}.get(path.rsplit(".", 1)[-1], "")


def render_pdf(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML  # imported lazily: needs the system's Pango library

    html = render_to_string(template, context, request=request)
    return HTML(string=html, url_fetcher=_fetcher(), base_url="static:").write_pdf()


def pdf_response(
    template: str, context: dict, filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.pdf"'
    return response
