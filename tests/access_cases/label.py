"""Access cases and pages to audit for the label cycle (see tests/test_access_matrix.py).

One block per part of the label cycle; kwargs builders come from tests/label/factories.py.
"""

from __future__ import annotations

from .base import Case

CASES: dict[str, Case] = {}
PAGES: list = []

# --- FILES ---
# --- END FILES ---

# --- AUDITS ---
# --- END AUDITS ---

# --- COMMISSION ---
# --- END COMMISSION ---
