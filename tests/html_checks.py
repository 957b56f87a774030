"""The HTML standards every page and fragment meets, checked on every HTML response of the tests.

A whole page: French (``lang="fr"``), the skip link first, one ``<h1>``, and in its footer the links
to the legal pages (accessibility statement, legal notice, personal data, contact, site map), print
layouts aside (a page styled by ``css/print.css`` is a document to print). Every response, pages and
htmx fragments alike: no inline script, style or event handler (strict CSP), every field labelled,
every table with headers, every POST form with its CSRF token.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse

# The pages every page's footer links to (mlplatform/legal).
LEGAL_PAGES = (
    "legal:accessibility",
    "legal:legal_notice",
    "legal:personal_data",
    "legal:contact",
    "legal:sitemap",
)


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.is_page = False
        self.lang = None
        self.first_link = None
        self.inline_scripts = 0
        self.style_attributes = 0
        self.inline_handlers = 0
        self.style_tags = 0
        self.field_ids: list[str] = []
        self.unlabelled_fields: list[str] = []
        self.label_targets: set[str] = set()
        self.tables = 0
        self.table_headers = 0
        self.h1 = 0
        self.post_forms = 0
        self.csrf_tokens = 0
        self._in_post_form = False
        self._form_has_token = False
        self.forms_without_token = 0
        self.is_print_layout = False
        self._footers = 0
        self.footer_links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.is_page = True
            self.lang = attributes.get("lang")
        if tag == "link" and (attributes.get("href") or "").endswith("css/print.css"):
            self.is_print_layout = True
        if tag == "footer":
            self._footers += 1
        if tag == "a" and self._footers and attributes.get("href"):
            self.footer_links.add(attributes["href"])
        if tag == "a" and self.first_link is None:
            self.first_link = attributes.get("href")
        if tag == "script" and "src" not in attributes:
            self.inline_scripts += 1
        if tag == "style":
            self.style_tags += 1
        if "style" in attributes:
            self.style_attributes += 1
        if any(name.startswith("on") for name in attributes):
            self.inline_handlers += 1
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            if attributes.get("id"):
                self.field_ids.append(attributes["id"])
            elif not attributes.get("aria-label"):
                self.unlabelled_fields.append(attributes.get("name", "?"))
        if tag == "input" and attributes.get("name") == "csrfmiddlewaretoken" and self._in_post_form:
            self._form_has_token = True
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._in_post_form = True
            self._form_has_token = False
            self.post_forms += 1
        if tag == "table":
            self.tables += 1
        if tag == "th":
            self.table_headers += 1
        if tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag):
        if tag == "footer" and self._footers:
            self._footers -= 1
        if tag == "form" and self._in_post_form:
            if not self._form_has_token:
                self.forms_without_token += 1
            self._in_post_form = False


def problems_of(html: str) -> list[str]:
    """What a response's HTML breaks of the standards (empty when it meets them)."""
    audit = PageAudit()
    audit.feed(html)
    audit.close()
    problems = []
    if audit.is_page:
        if audit.lang != "fr":
            problems.append(f'lang="{audit.lang}" au lieu de "fr"')
        if audit.first_link != "#contenu":
            problems.append(f"premier lien {audit.first_link!r} au lieu du lien d'évitement #contenu")
        if audit.h1 != 1:
            problems.append(f"{audit.h1} titres h1 au lieu d'un")
        missing = [reverse(name) for name in LEGAL_PAGES if reverse(name) not in audit.footer_links]
        if missing and not audit.is_print_layout:
            problems.append(f"pied de page sans lien vers les informations légales : {missing}")
    inline = (audit.inline_scripts, audit.style_tags, audit.style_attributes, audit.inline_handlers)
    if any(inline):
        problems.append(f"code en ligne (scripts, balises style, attributs style, gestionnaires) : {inline}")
    if audit.unlabelled_fields:
        problems.append(f"champs sans identifiant ni aria-label : {audit.unlabelled_fields}")
    unlabelled = [field_id for field_id in audit.field_ids if field_id not in audit.label_targets]
    if unlabelled:
        problems.append(f"champs sans étiquette : {unlabelled}")
    if audit.tables and audit.table_headers < audit.tables:
        problems.append("tableau sans en-têtes")
    if audit.forms_without_token:
        problems.append(f"formulaires POST sans jeton CSRF : {audit.forms_without_token}")
    return problems
