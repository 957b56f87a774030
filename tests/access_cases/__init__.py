"""The access matrix cases, one module per application so that each owns its list.

``tests/test_access_matrix.py`` merges ``APP_CASES`` into its own cases and
``tests/test_html_standards.py`` audits ``APP_PAGES``.
"""

from __future__ import annotations

from . import (
    activity_reports,
    animation,
    api,
    assessments,
    evidence,
    improvement,
    label,
    legal,
    observatory,
    programmes,
    surveys,
    training,
)

_MODULES = (
    evidence,
    assessments,
    improvement,
    observatory,
    api,
    label,
    legal,
    animation,
    programmes,
    surveys,
    training,
    activity_reports,
)

APP_CASES = {name: case for module in _MODULES for name, case in module.CASES.items()}
APP_PAGES = [page for module in _MODULES for page in module.PAGES]
