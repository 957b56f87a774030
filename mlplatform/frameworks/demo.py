"""The fictitious framework versions of the demo (data/demo/), loaded by ``setup_demo`` only.

A demo version (« version de démonstration, non officielle ») follows a real one with a few
requirements changed, added and removed, and its mapping, so that the carry-over of the
self-assessments to a new version can be seen. ``frameworks load --all`` (production) never loads
it; the production settings refuse ``setup_demo``.
"""

from __future__ import annotations

from .loader import FrameworkFileRefused, demo_files, load_file


def load_demo_versions() -> str:
    """Load the demo versions whose previous version is loaded; a French summary line."""
    lines = []
    for path in demo_files():
        try:
            result = load_file(path)
        except FrameworkFileRefused as refused:
            lines.append(f"{path.name} non chargée : {refused.problems[0]}")
            continue
        version = result.version
        state = "chargée" if result.created else "déjà chargée"
        lines.append(f"{version.framework.code} {version.version} {state} (fictive, non officielle)")
    if not lines:
        return "Versions de démonstration des référentiels : aucune."
    return "Versions de démonstration des référentiels : " + " ; ".join(lines) + "."
