"""Narrative blocks: a small Markdown subset, sanitised; stored XSS attempts render inert."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from mlplatform.accounts.enums import Role
from mlplatform.activity_reports.narrative import render

from .factories import published, write

ATTEMPTS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    '<a href="javascript:alert(1)">clic</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://example.org"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_xss_attempts_render_inert(attempt):
    parser = _Tags()
    parser.feed(str(render(attempt)))
    for tag, attrs in parser.tags:
        assert tag in {"p", "a", "strong", "em", "ul", "ol", "li", "br", "blockquote"}, tag
        for name, value in attrs:
            assert name in {"href", "rel"}, name
            if name == "href":
                assert value.startswith(("https:", "http:", "mailto:")), value


def test_the_subset_renders():
    html = str(render("Un **point** et *un autre*.\n\n- un\n- deux\n\n> cité\n\n[site](https://example.org)"))
    assert "<strong>point</strong>" in html and "<em>un autre</em>" in html
    assert "<ul>" in html and "<blockquote>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in html
    assert str(render("   ")) == ""


def test_a_stored_attempt_is_inert_on_the_public_page(world, client):
    report = published(world)
    from mlplatform.activity_reports import services

    edition = services.new_edition(report, user=world.user(Role.ARML_STAFF))
    write(edition, world.user(Role.ARML_STAFF), '<script>alert("x")</script> **texte**')
    edition.refresh_from_db()
    edition = services.submit(edition, expected_version=edition.version, user=world.user(Role.ARML_STAFF))
    edition = services.proofread(
        edition, expected_version=edition.version, user=world.user(Role.ARML_REFERENT)
    )
    services.publish(edition, expected_version=edition.version, user=world.user(Role.ARML_REFERENT))
    content = client.get(edition.public_url()).content.decode()
    assert '<script>alert("x")' not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content or "&lt;script&gt;" in content
    assert "<strong>texte</strong>" in content
