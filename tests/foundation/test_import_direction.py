"""Dependencies point one way: the feature apps use classification, never each other.

The project package (quota_portal) includes the apps' URL modules by name and finds their
sitemaps like the admin finds admin.py; it imports no feature app at module level (a view
may look a model up inside a function, as the home page does for the current campaign).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package -> the top-level packages its modules must not import at module level
FORBIDDEN = {
    "classification": {"forecasts", "vacancies"},
    "vacancies": {"forecasts"},
    "forecasts": {"vacancies"},
    "quota_portal": {"forecasts", "vacancies"},
}


def _module_level_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_level_import_of_another_feature_app(package):
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for line, module in _module_level_imports(path)
        if module.split(".")[0] in FORBIDDEN[package]
    ]
    assert offending == []
