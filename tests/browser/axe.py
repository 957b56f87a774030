"""axe-core in the browser tests: run it over a page, and tell its violations in a readable way.

axe-core (static/vendor/axe-core-<version>/, pinned, from npm, with its licence) is evaluated in
the page by the test through the DevTools protocol: no template refers to it, and it needs no
exception to the strict CSP (``page.add_script_tag`` would insert a ``<script>`` that the CSP
refuses). The rules are those of WCAG 2.0 and 2.1, levels A and AA.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

AXE_VERSION = "4.14.1"
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(results => results.violations.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map(node => ({target: node.target.join(" "), summary: node.failureSummary || ""}))
  })))"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;undefined"


def audit(bp) -> list[dict]:
    """The violations axe-core finds on the page of ``bp`` as it is now."""
    if not bp.page.evaluate("typeof window.axe === 'object'"):
        bp.page.evaluate(_source())
    return bp.page.evaluate(RUN_AXE, AXE_TAGS)


def report(failures: list[tuple[str, str, str, dict]]) -> str:
    """(who, page name, address, rule) found by ``audit``, by rule: impact, page, role, elements."""
    lines = [f"{len(failures)} violation(s) axe-core {AXE_VERSION} ({', '.join(AXE_TAGS)}) :"]
    for who, page, path, rule in failures:
        lines.append(f"- [{rule['impact']}] {rule['id']} — {rule['help']}")
        lines.append(f"  page : {page} ({path}), rôle : {who}")
        for node in rule["nodes"][:5]:
            lines.append(f"  élément : {node['target']}")
            detail = " ".join(node["summary"].split())
            if detail:
                lines.append(f"    {detail[:300]}")
        if len(rule["nodes"]) > 5:
            lines.append(f"  … et {len(rule['nodes']) - 5} autre(s) élément(s)")
    return "\n".join(lines)
