"""``{% legal_links %}``: the footer's links to the legal pages, on every page built on base.html.

The accessibility link carries the conformity state, as the RGAA asks ("Accessibilité : non
conforme"); the link of the page being read is marked ``aria-current="page"``.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..statement import statement

register = template.Library()

# (URL name, link text); the accessibility link's text is completed with the conformity state.
LINKS = (
    ("legal:accessibility", "Accessibilité"),
    ("legal:legal_notice", "Mentions légales"),
    ("legal:personal_data", "Données personnelles"),
    ("legal:contact", "Contact"),
    ("legal:sitemap", "Plan du site"),
)


@register.inclusion_tag("legal/footer_links.html", takes_context=True)
def legal_links(context: template.Context) -> dict:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else None
    conformity = statement().conformity
    return {
        "links": [
            {
                "url": reverse(name),
                "text": f"{text} : {conformity}" if name == "legal:accessibility" else text,
                "current": name == current,
            }
            for name, text in LINKS
        ]
    }
