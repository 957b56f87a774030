"""Access cases and pages to audit for the legal application (see tests/test_access_matrix.py).

The pages every public-service site publishes are open to anyone: anonymous visitors and every role.
"""

from __future__ import annotations

from mlplatform.accounts.enums import Role

from ..html_checks import LEGAL_PAGES
from .base import Case, everyone

CASES: dict[str, Case] = {name: Case(everyone(200), anonymous=200) for name in LEGAL_PAGES}

# (role or None, URL name, kwargs builder) for tests/test_html_standards.py and tests/test_links.py:
# every page for a visitor; the site map also for roles whose menus differ (its links are followed).
PAGES: list = [
    *[(None, name, {}) for name in LEGAL_PAGES],
    (Role.ML_STAFF, "legal:personal_data", {}),
    (Role.NATIONAL_ADMIN, "legal:sitemap", {}),
    (Role.ML_DIRECTOR, "legal:sitemap", {}),
    (Role.ARML_REFERENT, "legal:sitemap", {}),
    (Role.AUDITOR, "legal:sitemap", {}),
    ("NO_ROLE", "legal:sitemap", {}),
]
