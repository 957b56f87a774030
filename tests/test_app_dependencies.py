"""The direction of the dependencies between apps, read from the code (every import statement, at
module level or in a function, migrations included).

- The label cycle is three apps, each built on the one before: label (the file and its state machine)
  <- audits <- commission. No other app imports audits or commission (label first of all: what it
  shows of them comes from ``label.hooks``, filled in their AppConfig.ready()), and audits does not
  import the commission.
- core imports no other app of the platform: apps register their home page steps
  (``core.next_steps``) and their assigned perimeters (``core.assignments``). Its management
  commands are the exception: ``setup_demo`` assembles the demo of every app, as config/urls.py
  assembles their URLs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlplatform"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative imports resolved; for
    ``from package import name``, ``package.name`` too (it may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package.pop()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def violations(
    app: str, forbidden: tuple[str, ...], *, skip: tuple[str, ...] = (), root: Path = ROOT
) -> list[str]:
    """``path:line imports module`` for each import of ``app`` reaching one of ``forbidden``."""
    found = []
    directory = root / "mlplatform" / app
    for path in sorted(directory.rglob("*.py")):
        if path.relative_to(directory).as_posix().startswith(skip):
            continue
        for line, module in imported_modules(path, root):
            if any(module == name or module.startswith(name + ".") for name in forbidden):
                found.append(f"{path.relative_to(root)}:{line} imports {module}")
    return sorted(set(found))


def platform_apps() -> list[str]:
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


LABEL_CYCLE_TOP = ("mlplatform.audits", "mlplatform.commission")


@pytest.mark.parametrize(
    "app", [app for app in platform_apps() if app not in ("audits", "commission", "core")]
)
def test_no_app_below_imports_the_audits_or_the_commission(app):
    """label first of all: it knows the audits and the commission only through label.hooks."""
    assert violations(app, LABEL_CYCLE_TOP) == []


def test_the_audits_do_not_import_the_commission():
    assert violations("audits", ("mlplatform.commission",)) == []


def test_core_imports_no_other_app():
    others = tuple(f"mlplatform.{app}" for app in platform_apps() if app != "core")
    assert violations("core", others, skip=("management/",)) == []


def test_the_check_sees_imports_in_functions_and_relative_ones(tmp_path):
    """The rule reads every import: in a function, relative, ``from package import module``."""
    app = tmp_path / "mlplatform" / "label"
    app.mkdir(parents=True)
    (app / "views.py").write_text(
        "from ..commission import models\n"
        "def view():\n"
        "    from mlplatform import audits\n"
        "    import mlplatform.commission.work\n",
        encoding="utf-8",
    )
    found = violations("label", ("mlplatform.audits", "mlplatform.commission"), root=tmp_path)
    assert {line.split(" imports ")[1] for line in found} == {
        "mlplatform.audits",
        "mlplatform.commission",
        "mlplatform.commission.models",
        "mlplatform.commission.work",
    }
