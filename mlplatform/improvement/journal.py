"""An action's journal: progress notes and logged changes, newest first, in two queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from mlplatform.accounts.models import User

from .models import ActionChange, ActionNote, ImprovementAction


@dataclass
class JournalEntry:
    when: datetime.datetime
    author: User | None
    note: ActionNote | None = None
    changes: list[ActionChange] = field(default_factory=list)
    created: bool = False

    @property
    def author_name(self) -> str:
        if self.author is None:
            return "Personne inconnue"
        return self.author.get_full_name() or self.author.email


def action_journal(action: ImprovementAction) -> list[JournalEntry]:
    """Notes, and changes grouped by save (same moment, same author), then the creation; newest first."""
    entries: list[JournalEntry] = []
    for note in ActionNote.objects.filter(action=action).select_related("author"):
        entries.append(JournalEntry(note.created_at, note.author, note=note))
    saves: dict[tuple, JournalEntry] = {}
    for change in ActionChange.objects.filter(action=action).select_related("author"):
        key = (change.changed_at, change.author_id)
        if key not in saves:
            saves[key] = JournalEntry(change.changed_at, change.author)
            entries.append(saves[key])
        saves[key].changes.append(change)
    entries.sort(key=lambda entry: (entry.when, entry.note is not None), reverse=True)
    entries.append(JournalEntry(action.created_at, action.created_by, created=True))
    return entries
