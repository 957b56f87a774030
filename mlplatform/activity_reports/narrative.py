"""The narrative blocks' format: a small Markdown subset, rendered then sanitised.

People write paragraphs, **bold**, *italics*, bulleted or numbered lists, quotes and links
(``[texte](https://…)``). Raw HTML typed in a block is shown as text (markdown-it's ``html``
option is off) and the rendered HTML then goes through nh3 (the maintained Rust sanitiser) with
an allow-list of tags and of link schemes: a stored XSS attempt renders inert, twice over.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

MAX_LENGTH = 20_000
ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
HELP = (
    "Paragraphes séparés par une ligne vide ; **gras**, *italique* ; listes commençant par « - » ou "
    "« 1. » ; citations commençant par « > » ; liens : [texte](https://adresse)."
)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "zero" enables nothing; only the rules below are on (no headings, tables, images, raw HTML).
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False, "breaks": True}).enable(
        ["emphasis", "list", "blockquote", "link", "newline", "escape", "backticks"]
    )


def render(text: str) -> SafeString:
    """The block's text as sanitised HTML (empty text: empty string)."""
    if not text.strip():
        return mark_safe("")
    html = _parser().render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised just above by nh3's allow-list
