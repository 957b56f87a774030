"""Every file under templates/ is used: a template nobody renders is dead code that still looks alive.

A template is used when it is reached from a root through the templates' own references
({% extends %}, {% include %} and any other quoted name inside a tag). Roots are:

- names written as string literals in the Python code (mlplatform/, config/), docstrings and
  comments excepted: ``render(request, "label/file.html", ...)``, ``template_name = ...``;
- names Django renders by convention: its error views (403.html, 404.html, 500.html, ...), the
  default template names of django.contrib.auth's views, and overrides of templates shipped by
  Django or an installed third-party app (form renderer, admin, registration templates);
- DYNAMIC_NAMES below, for names the code builds at run time.

A template reached only from tests, or only from another unused template, is unused.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import django
from django.apps import apps
from django.contrib.auth import views as auth_views
from django.views import csrf
from django.views import defaults as error_views

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"
PYTHON_DIRS = (ROOT / "mlplatform", ROOT / "config")

# Templates whose name the code builds at run time (f-strings, concatenation), which no literal
# names: template -> where it is built. Keep each entry next to the code that builds it.
DYNAMIC_NAMES: dict[str, str] = {}

_COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL)
_TAGS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_QUOTED = re.compile(r"\"([^\"]+)\"|'([^']+)'")


def _all_templates() -> set[str]:
    return {path.relative_to(TEMPLATES_DIR).as_posix() for path in TEMPLATES_DIR.rglob("*") if path.is_file()}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """Ids of the constant nodes that are docstrings (module, class, function)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _python_literals() -> set[str]:
    literals = set()
    for directory in PYTHON_DIRS:
        for path in directory.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            docstrings = _docstring_nodes(tree)
            literals.update(
                node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            )
    return literals


def _django_conventions() -> set[str]:
    names = {
        error_views.ERROR_400_TEMPLATE_NAME,
        error_views.ERROR_403_TEMPLATE_NAME,
        error_views.ERROR_404_TEMPLATE_NAME,
        error_views.ERROR_500_TEMPLATE_NAME,
        csrf.CSRF_FAILURE_TEMPLATE_NAME,
    }
    # Default names of the auth views (registration/login.html, ...) where a view keeps them.
    for _, view in inspect.getmembers(auth_views, inspect.isclass):
        for attribute in ("template_name", "email_template_name", "subject_template_name"):
            value = getattr(view, attribute, None)
            if isinstance(value, str):
                names.add(value)
    # Overrides of templates that Django or an installed third-party app renders itself.
    shipped_dirs = [Path(django.__file__).parent / "forms" / "templates"]
    shipped_dirs += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if ROOT not in Path(config.path).parents
    ]
    for name in _all_templates():
        if any((directory / name).is_file() for directory in shipped_dirs):
            names.add(name)
    return names


def _references(name: str, known: set[str]) -> set[str]:
    """Templates named by a quoted string inside a tag of template ``name`` (comments ignored)."""
    path = TEMPLATES_DIR / name
    if path.suffix not in {".html", ".txt", ".xml", ".svg"}:
        return set()
    text = _COMMENTS.sub("", path.read_text(encoding="utf-8"))
    found = set()
    for tag in _TAGS.findall(text):
        for double, single in _QUOTED.findall(tag):
            found.add(double or single)
    return (found & known) - {name}


def unused_templates() -> list[str]:
    templates = _all_templates()
    roots = (templates & _python_literals()) | (templates & _django_conventions()) | set(DYNAMIC_NAMES)
    reached, pending = set(), list(roots & templates)
    while pending:
        name = pending.pop()
        if name in reached:
            continue
        reached.add(name)
        pending.extend(_references(name, templates) - reached)
    return sorted(templates - reached)


def test_every_template_is_used():
    unused = unused_templates()
    assert not unused, (
        "templates that nothing renders (no literal name in mlplatform/ or config/, no {% extends %} or "
        "{% include %} from a used template, no Django convention); delete them, or list a name built "
        "at run time in DYNAMIC_NAMES of tests/test_templates_used.py:\n  " + "\n  ".join(unused)
    )


def test_dynamic_names_are_current():
    """An allowlisted name exists and is not also written literally (then it needs no entry)."""
    templates = _all_templates()
    missing = sorted(set(DYNAMIC_NAMES) - templates)
    assert not missing, f"DYNAMIC_NAMES lists templates that do not exist: {missing}"
    literal = sorted(set(DYNAMIC_NAMES) & _python_literals())
    assert not literal, f"DYNAMIC_NAMES lists templates the code names literally (remove them): {literal}"
