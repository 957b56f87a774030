"""Where a piece of evidence is used: other applications add sections to the evidence page.

The self-assessment registers a provider (for instance in ``AssessmentsConfig.ready``)::

    from mlplatform.evidence.usage import register_usage_provider

    def requirements_using(request, evidence) -> str:
        return render_to_string("assessments/_evidence_usage.html", {...}, request=request)

    register_usage_provider(requirements_using)

Each provider returns HTML (rendered from a template, so escaped) or "" and is responsible for
its own query count (a fixed number of queries per page). The fragments are shown in the
``evidence_usage`` block of ``templates/evidence/detail.html``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from .models import Evidence

UsageProvider = Callable[[HttpRequest, Evidence], str]

_providers: list[UsageProvider] = []


def register_usage_provider(provider: UsageProvider) -> UsageProvider:
    """Add ``provider`` once (registering again is harmless); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def usage_fragments(request: HttpRequest, evidence: Evidence) -> list[SafeString]:
    fragments = []
    for provider in _providers:
        html = provider(request, evidence)
        if html:
            fragments.append(mark_safe(html))  # noqa: S308 - rendered by the provider from a template
    return fragments
