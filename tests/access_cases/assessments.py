"""Access cases and pages to audit for the assessments application (see tests/test_access_matrix.py)."""

from __future__ import annotations

from .base import Case

CASES: dict[str, Case] = {}

# (role or None, URL name, kwargs builder) for tests/test_html_standards.py.
PAGES: list = []
