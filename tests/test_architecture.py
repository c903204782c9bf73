"""The package rules of docs/ARCHITECTURE.md, read from the source with `ast`.

Each subpackage of `pipeline/` may import only the packages listed for it in ALLOWED. Imports made
under `if TYPE_CHECKING:` are annotations only and are not counted. No module imports another
package's `_private` name (gettext's `_` excepted).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"

# package -> the packages of ours it may import (itself always allowed). "flows" is the Prefect layer.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "inbox": {"core"},
    "extract": {"core", "inbox"},
    "read": {"core"},
    "decide": {"core", "inbox", "read"},
    "output": {"core"},
    "run": {"core", "inbox", "extract", "read", "decide", "output", "flows", "review"},  # review: the CLI only
    # the workspace reads the store and the outputs' rules; word boxes of a scan come from
    # extraction's one Tesseract adapter
    "review": {"core", "extract", "output", "run"},
}
STAGES = {"core", "inbox", "extract", "read", "decide", "output"}


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports(tree: ast.AST):
    """(module, names) of every import executed at run time, at any depth (lazy imports count)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            yield node, node.module or "", [a.name for a in node.names]
        stack.extend(ast.iter_child_nodes(node))


def owner(module: str) -> str | None:
    """The package of ours a dotted module belongs to: 'core', ..., 'flows', or None (not ours)."""
    parts = module.split(".")
    if parts[0] == "flows":
        return "flows"
    if parts[0] == "pipeline":
        return parts[1] if len(parts) > 1 else "pipeline"
    return None


MODULES = sorted(p for p in PIPELINE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_lives_in_a_package():
    loose = [p.name for p in MODULES if p.parent == PIPELINE and p.name != "__init__.py"]
    assert loose == [], f"modules outside a stage package: {loose}"
    assert {p.parent.name for p in MODULES if p.parent != PIPELINE} <= set(ALLOWED) | {"ocr", "selfassess"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PIPELINE).as_posix())
def test_imports_follow_the_package_rules(path: Path):
    rel = path.relative_to(PIPELINE)
    package = rel.parts[0] if len(rel.parts) > 1 else None
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node, module, names in imports(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            problems.append(f"line {node.lineno}: relative import (use pipeline.<package>.<module>)")
            continue
        target = owner(module)
        if target is None or package is None:
            continue
        if target == "pipeline":  # `from pipeline import x`: x is a package
            targets = set(names)
        else:
            targets = {target}
        for t in targets - {package}:
            if t not in ALLOWED[package]:
                problems.append(f"line {node.lineno}: {package} may not import {t} ({module})")
        if package in STAGES and (target in {"flows", "run", "review"}):
            problems.append(f"line {node.lineno}: stage {package} imports {module}")
        same_module = module.rsplit(".", 1)[-1] == path.stem
        for name in names:
            if name.startswith("_") and name != "_" and not same_module and not name.startswith("__"):
                problems.append(f"line {node.lineno}: private name {name} imported from {module}")
    assert problems == []


def test_core_model_imports_nothing_of_ours_but_core():
    tree = ast.parse((PIPELINE / "core" / "model.py").read_text(encoding="utf-8"))
    ours = {m for _, m, _ in imports(tree) if owner(m) is not None}
    assert all(owner(m) == "core" for m in ours), ours


def test_the_rule_checker_catches_a_forbidden_import(tmp_path):
    """The checker itself: a stage importing the store, or another's private helper, is seen."""
    tree = ast.parse("from pipeline.run.store import Store\nfrom pipeline.read.metadata import _x\n"
                     "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from flows import run_flow\n")
    seen = [(m, n) for _, m, n in imports(tree)]
    assert ("pipeline.run.store", ["Store"]) in seen
    assert ("pipeline.read.metadata", ["_x"]) in seen
    assert all(m != "flows" for m, _ in seen)
