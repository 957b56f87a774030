"""Row locks take only the row meant (``FOR UPDATE OF``), never the rows of joined tables."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mlplatform.label.models import LabelFile

from .conftest import _refuse_wide_locks


def test_the_guard_refuses_a_lock_over_a_join():
    def execute(*args):
        return None

    sql = 'SELECT * FROM "a" INNER JOIN "b" ON 1 = 1 FOR UPDATE'
    with pytest.raises(AssertionError, match="of="):
        _refuse_wide_locks(execute, sql, None, False, {})
    narrow = sql.replace("FOR UPDATE", 'FOR UPDATE OF "a"')
    assert _refuse_wide_locks(execute, narrow, None, False, {}) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite n'a pas de verrous de ligne")
def test_the_label_file_lock_names_its_own_table(world):
    """LabelFile is ordered by its structure's name: ``.first()`` joins the structure."""
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        LabelFile.objects.select_for_update(of=("self",)).filter(structure=world.ml).first()
    assert 'FOR UPDATE OF "label_labelfile"' in queries.captured_queries[-1]["sql"]
