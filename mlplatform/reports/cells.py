"""Text that a spreadsheet would run: the one rule every export (XLSX, CSV) applies to its cells.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheet programs as a formula (``=HYPERLINK(...)`` typed as an improvement action's title would
become a live link in the plan opened by the ARML). Such text is written as text:
- in XLSX, as a string cell marked with a quote prefix (Excel shows the text as typed, never
  evaluates it);
- in CSV, which has no types, behind a leading apostrophe (the usual neutralisation).
Plain numbers written as text ("-4.6", "+12") are data, not formulas, and are left as they are.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s?%?")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would take for a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and _PLAIN_NUMBER.fullmatch(value) is None
    )


def neutralise_csv(value: Any) -> Any:
    """A CSV field that no spreadsheet runs: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value
