"""Extension points of the label file, for the apps built on it (audits, commission).

label never imports those apps. What its pages, dashboards, home steps and reminders show of an
audit, a session or a decision comes from the functions they register here in their
``AppConfig.ready()``; they act on a file only through ``label.services`` and
``label.transitions``. Without any function registered, label works alone: no audit, no session,
no decision is shown. Each hook calls its functions in the order given at registration.

What each function receives and returns:

- ``file_session(file)``: the session to come whose agenda holds the file, or None;
- ``file_audits(file, membership)``: the file's audits for its page, each with ``links`` (text,
  url: the audit pages the reader may open) and ``under_way`` (the audit to come or in progress);
- ``file_decisions(file)``: the final decisions on the file, each with ``links`` (its documents);
- ``assign_url(file, membership)``: the page where the reader assigns an audit to the file, or None;
- ``file_steps(file, membership)``: home page steps (``core.next_steps.Step``) about the file
  once its audit is asked for (the audit, the evidence requests, the report, the session);
- ``row_prefetches()`` and ``row_facts(file)``: for the regional dashboard, the ``Prefetch`` of
  ``label_file__...`` relations its rows need, then what a row's file tells from them (``audit``:
  the audit under way, ``session_date``: the coming session), in a fixed number of queries;
- ``role_links(membership)``: (text, url) links of the label's entry page for roles without a
  structure of their own (auditors, commission members);
- ``reminder_sources(today)``: the reminders (``label.reminders.Reminder``) due on ``today``, each kind
  with its label in ``reminder_kinds``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


class Hook:
    """Functions registered by other apps, called in the order of registration's ``order``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: list[tuple[int, Callable[..., Any]]] = []

    def register(self, function: Callable[..., Any], *, order: int = 0) -> None:
        """Add ``function`` (once: registering it again changes nothing)."""
        if all(existing is not function for _, existing in self._entries):
            self._entries.append((order, function))
            self._entries.sort(key=lambda entry: entry[0])

    def __iter__(self) -> Iterator[Callable[..., Any]]:
        return iter([function for _, function in self._entries])

    def first(self, *args: Any) -> Any:
        """The first answer that is not None (None when no function answers)."""
        for function in self:
            answer = function(*args)
            if answer is not None:
                return answer
        return None

    def collect(self, *args: Any) -> list:
        """Every function's list, one after the other."""
        return [item for function in self for item in function(*args)]

    def merge(self, *args: Any) -> dict:
        """Every function's dict, the later ones completing the earlier ones."""
        merged: dict = {}
        for function in self:
            merged.update(function(*args))
        return merged


file_session = Hook("file_session")
file_audits = Hook("file_audits")
file_decisions = Hook("file_decisions")
assign_url = Hook("assign_url")
file_steps = Hook("file_steps")
row_prefetches = Hook("row_prefetches")
row_facts = Hook("row_facts")
role_links = Hook("role_links")
reminder_sources = Hook("reminder_sources")
reminder_kinds: dict[str, str] = {}


def register_reminders(function: Callable[..., Any], kinds: dict[str, str], *, order: int) -> None:
    """A source of reminders, with the label of each kind it sends (shown by ``label_reminders``)."""
    reminder_sources.register(function, order=order)
    reminder_kinds.update(kinds)
