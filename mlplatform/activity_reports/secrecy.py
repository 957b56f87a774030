"""Statistical secrecy in the reports: a published report is public, so its observatory figures
follow the rules of the open data (``observatory.opendata``): a count of young people from 1 to
``SECRECY_THRESHOLD`` is not shown, nor a share computed on fewer than ``SHARE_MIN_BASE`` young
people; in a breakdown where a single cell is hidden, the next smallest is hidden too, so that the
hidden one cannot be recomputed from the total. Drafts apply the same rules (what is read is what
will be published)."""

from __future__ import annotations

from collections.abc import Sequence

from mlplatform.observatory.opendata import SECRECY_THRESHOLD, SHARE_MIN_BASE

SECRET_TEXT = "secret statistique"
CHART_WITHHELD = "Graphique non publié : certains effectifs sont trop faibles (secret statistique)."


def is_secret(count: int | float | None) -> bool:
    return count is not None and 1 <= count <= SECRECY_THRESHOLD


def share_is_secret(base: int | float | None) -> bool:
    return base is not None and 0 < base < SHARE_MIN_BASE


def hidden_cells(counts: Sequence[int | None]) -> set[int]:
    """Indexes of the cells of a breakdown to hide (primary, then one secondary if needed)."""
    hidden = {i for i, count in enumerate(counts) if is_secret(count)}
    if len(hidden) == 1:
        others = [(count, i) for i, count in enumerate(counts) if i not in hidden and count]
        if others:
            hidden.add(min(others)[1])
    return hidden
