"""Statistical secrecy of the open-data export (spec section 6), on hand-made tables."""

from __future__ import annotations

import csv
import io
import random
from fractions import Fraction

import pytest

from mlplatform.observatory.indicators import BREAKDOWNS, EXIT_REASONS, INDICATORS, PROGRAMMES
from mlplatform.observatory.opendata import (
    SECRET,
    AdditiveGroup,
    OpenDataRow,
    ShareDef,
    apply_secrecy,
    build_table,
    recomputable,
    write_csv,
)

G = AdditiveGroup


def _holds(groups, counts) -> bool:
    return all(counts[g.total] == sum(counts[p] for p in g.parts) for g in groups)


def _perturbed(counts, changes):
    result = dict(counts)
    for cell, delta in changes.items():
        result[cell] += delta
    return result


def test_primary_secrecy_masks_counts_from_1_to_10_only():
    counts = {"zero": 0, "one": 1, "ten": 10, "eleven": 11}
    assert apply_secrecy(counts, []).masked == {"one", "ten"}


def test_a_lone_masked_part_gets_the_smallest_other_cell_masked_beside_it():
    # 100 young people: 3 + 20 + 77. Masking 3 alone would give it back as 100 - 20 - 77.
    counts = {"T": 100, "a": 3, "b": 20, "c": 77}
    groups = [G("T", ("a", "b", "c"))]
    secrecy = apply_secrecy(counts, groups)
    assert secrecy.masked == {"a", "b"}
    assert secrecy.primary == {"a"}
    assert not recomputable(groups, secrecy.masked)


def test_zero_cells_are_not_used_as_complements_while_others_remain():
    counts = {"T": 100, "a": 5, "b": 0, "c": 95}
    secrecy = apply_secrecy(counts, [G("T", ("a", "b", "c"))])
    assert secrecy.masked == {"a", "c"}


def test_a_masked_total_needs_a_masked_part():
    # Only the total is small (two parts of 4 and 3 are small too, so all three are masked).
    counts = {"T": 7, "a": 4, "b": 3}
    assert apply_secrecy(counts, [G("T", ("a", "b"))]).masked == {"T", "a", "b"}
    # A total that equals its single part: both go together.
    counts = {"T": 12, "a": 12, "x": 5, "X": 17}
    groups = [G("T", ("a",)), G("X", ("x", "T"))]
    secrecy = apply_secrecy(counts, groups)
    assert {"x", "T", "a"} <= secrecy.masked
    assert not recomputable(groups, secrecy.masked)


def test_two_dimensional_table_rows_and_columns():
    """Three MLs and their ARML, by sex: rows F + H = T, columns ML1 + ML2 + ML3 = ARML."""
    values = {
        "ML1": {"T": 40, "F": 35, "H": 5},
        "ML2": {"T": 60, "F": 30, "H": 30},
        "ML3": {"T": 55, "F": 25, "H": 30},
        "ARML": {"T": 155, "F": 90, "H": 65},
    }
    counts = {(row, col): v for row, cols in values.items() for col, v in cols.items()}
    mls = ("ML1", "ML2", "ML3")
    groups = [G((r, "T"), ((r, "F"), (r, "H"))) for r in values]
    groups += [G(("ARML", c), tuple((r, c) for r in mls)) for c in ("T", "F", "H")]
    assert _holds(groups, counts)
    secrecy = apply_secrecy(counts, groups)
    assert secrecy.primary == {("ML1", "H")}
    # Row ML1 needs a second cell (F, smaller than the total), column F then too (ML3, the smallest),
    # then row ML3 (H), which also closes column H: a 2x2 block, no equation with a single unknown.
    assert secrecy.masked == {("ML1", "H"), ("ML1", "F"), ("ML3", "H"), ("ML3", "F")}
    for group in groups:
        assert sum(cell in secrecy.masked for cell in group.cells) != 1
    assert not recomputable(groups, secrecy.masked)
    # Concretely: another table agrees with every published cell, with a different ML1 H.
    other = _perturbed(counts, {("ML1", "H"): +1, ("ML1", "F"): -1, ("ML3", "H"): -1, ("ML3", "F"): +1})
    assert _holds(groups, other)
    assert all(other[cell] == counts[cell] for cell in counts if cell not in secrecy.masked)


def test_cells_recomputable_from_several_equations_together_are_protected():
    """a + b, b + c and a + c published: each sum has two masked cells, yet a = (s1 - s2 + s3) / 2."""
    counts = {"a": 9, "b": 8, "c": 7, "s1": 17, "s2": 15, "s3": 16, "d": 30, "S": 46}
    groups = [G("s1", ("a", "b")), G("s2", ("b", "c")), G("s3", ("a", "c")), G("S", ("s1", "d"))]
    assert recomputable(groups, {"a", "b", "c"}) == {"a", "b", "c"}
    secrecy = apply_secrecy(counts, groups)
    assert {"a", "b", "c"} <= secrecy.masked
    assert len(secrecy.masked) > 3
    assert not recomputable(groups, secrecy.masked)


def test_shares_follow_their_counts():
    counts = {"T": 40, "F": 35, "H": 5, "t2": 8, "x": 8}
    groups = [G("T", ("F", "H")), G("t2", ("x",))]
    shares = {
        "part_F": ShareDef(("F",), "T"),  # numerator masked as the complement of H
        "part_H": ShareDef(("H",), "T"),  # numerator masked (primary)
        "part_x": ShareDef(("x",), "t2"),  # base of 8 young people: fewer than 11
    }
    secrecy = apply_secrecy(counts, groups, shares)
    assert secrecy.masked_shares == {"part_F", "part_H", "part_x"}
    counts = {"T": 40, "F": 20, "H": 20}
    secrecy = apply_secrecy(counts, [G("T", ("F", "H"))], {"part_F": ShareDef(("F",), "T")})
    assert secrecy.masked_shares == set()


# --------------------------------------------------------------------------------------------
# The whole table, from indicator dicts of the shape


def _data(**overrides) -> dict:
    """An indicators dict with every value 0 but ``overrides`` (``sexe__F=...`` for a breakdown)."""
    data = {
        "indicators": {d.code: (None if d.kind == "rate" else 0) for d in INDICATORS},
        "breakdowns": {name: dict.fromkeys(values, 0) for name, values in BREAKDOWNS.items()},
        "exits_by_reason": {p: dict.fromkeys(EXIT_REASONS, 0) for p in PROGRAMMES},
    }
    for key, value in overrides.items():
        if "__" in key:
            name, category = key.split("__")
            target = data["exits_by_reason"] if name in PROGRAMMES else data["breakdowns"]
            target[name][category.replace("m", "-") if name == "age" else category] = value
        else:
            data["indicators"][key] = value
    return data


def _young(total: int, women: int, qpv: int) -> dict:
    """Totals consistent in every breakdown: all 18-20, unknown level and housing."""
    return {
        "jeunes_accompagnes": total,
        "sexe__F": women,
        "sexe__H": total - women,
        "age__18m20": total,
        "niveau__INCONNU": total,
        "logement__INCONNU": total,
        "qpv__1": qpv,
        "qpv__0": total - qpv,
        "zrr__0": total,
        "rqth__0": total,
        "justice__0": total,
    }


def test_table_masks_a_small_ml_and_protects_it_against_the_regional_total():
    ml1 = _young(40, 35, 20) | {"entretiens": 300}
    ml2 = _young(60, 30, 4) | {"entretiens": 9}
    ml3 = _young(55, 25, 30) | {"entretiens": 400}
    arml = {key: ml1[key] + ml2[key] + ml3[key] for key in ml1}
    data = {"ML1": _data(**ml1), "ML2": _data(**ml2), "ML3": _data(**ml3), "ARML": _data(**arml)}
    rows = [OpenDataRow(code, f"Structure {code}", "ML", "Région", "ARML") for code in ("ML1", "ML2", "ML3")]
    rows.insert(0, OpenDataRow("ARML", "ARML", "ARML", "Région", ""))
    table = build_table(2022, rows, data, {"ARML": ["ML1", "ML2", "ML3"]})
    text = write_csv(table)
    published = {row["structure"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert published["ML2"]["entretiens"] == SECRET and published["ML2"]["qpv_1"] == SECRET
    # The row group (qpv_0 + qpv_1 = total) and the column group (MLs sum to the ARML) are protected.
    assert published["ML2"]["qpv_0"] == SECRET
    assert sum(published[c]["entretiens"] == SECRET for c in ("ML1", "ML3", "ARML")) >= 1
    assert sum(published[c]["qpv_1"] == SECRET for c in ("ML1", "ML3", "ARML")) >= 1
    # Shares: the masked counts' shares are masked, the others published with one decimal.
    assert published["ML2"]["part_qpv_1_pct"] == SECRET
    assert published["ML2"]["part_sexe_F_pct"] == "50.0"
    assert published["ML1"]["part_sexe_H_pct"] == SECRET  # 5 men out of 40
    # Zero counts are published; shares without base are empty.
    assert published["ML1"]["zrr_1"] == "0" and published["ML1"]["taux_sorties_positives_CEJ_pct"] == ""
    assert not recomputable(table.secrecy_groups, table.secrecy.masked)
    # A region's file is cut from the same table: same masks.
    assert write_csv(table, {"ML2"}).splitlines()[1] == text.splitlines()[3]


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank over the rationals (plain Gaussian elimination, independent of the module's)."""
    rows = [list(row) for row in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column]:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_leave_no_masked_cell_recomputable(seed):
    """Three MLs and their ARML, two breakdowns each: checked with an independent rank computation."""
    rnd = random.Random(seed)
    counts: dict = {}
    for ml in ("ML1", "ML2", "ML3"):
        total = rnd.choice([rnd.randint(1, 12), rnd.randint(11, 60)])
        women = rnd.randint(0, total)
        qpv = rnd.choice([rnd.randint(0, min(total, 10)), rnd.randint(0, total)])
        counts |= {(ml, "T"): total, (ml, "F"): women, (ml, "H"): total - women}
        counts |= {(ml, "Q1"): qpv, (ml, "Q0"): total - qpv}
    for column in ("T", "F", "H", "Q1", "Q0"):
        counts[("ARML", column)] = sum(counts[(ml, column)] for ml in ("ML1", "ML2", "ML3"))
    rows = ("ML1", "ML2", "ML3", "ARML")
    groups = [G((r, "T"), ((r, "F"), (r, "H"))) for r in rows]
    groups += [G((r, "T"), ((r, "Q1"), (r, "Q0"))) for r in rows]
    groups += [G(("ARML", c), tuple((r, c) for r in rows[:3])) for c in ("T", "F", "H", "Q1", "Q0")]
    assert _holds(groups, counts)
    masked = sorted(apply_secrecy(counts, groups).masked, key=str)
    assert {cell for cell, value in counts.items() if 1 <= value <= 10} <= set(masked)
    matrix = []
    for group in groups:
        row = [Fraction(0)] * len(masked)
        for cell, sign in ((group.total, 1), *((part, -1) for part in group.parts)):
            if cell in masked:
                row[masked.index(cell)] += sign
        matrix.append(row)
    base = _rank(matrix)
    for index in range(len(masked)):
        unit = [Fraction(int(i == index)) for i in range(len(masked))]
        assert _rank([*matrix, unit]) > base, f"{masked[index]} se déduit des cellules publiées"
