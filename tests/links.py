"""Links of a rendered page: the internal ones a person can follow (for the link checks)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.conf import settings

SKIPPED_PREFIXES = (settings.STATIC_URL, "/admin/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(html: str) -> list[str]:
    """The distinct paths (with their query) of the page's ``<a href>`` that stay on the platform."""
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # external, mailto:, tel:, same-page anchors
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        if url not in links:
            links.append(url)
    return links
