"""The analysis cache's code hash covers every module of the package tree, however deep."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.run import analysis_cache


def test_fingerprint_of_the_real_tree_is_stable():
    assert analysis_cache.code_fingerprint() == analysis_cache.fingerprint_tree(analysis_cache.PIPELINE_ROOT)


def test_editing_a_nested_module_or_catalog_changes_the_fingerprint(tmp_path: Path):
    tree = tmp_path / "pipeline"
    shutil.copytree(analysis_cache.PIPELINE_ROOT, tree, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    before = analysis_cache.fingerprint_tree(tree)
    assert before == analysis_cache.fingerprint_tree(analysis_cache.PIPELINE_ROOT)

    nested = tree / "read" / "metadata.py"
    nested.write_text(nested.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    after_module = analysis_cache.fingerprint_tree(tree)
    assert after_module != before

    deeper = tree / "extract" / "ocr" / "new_step.py"
    deeper.parent.mkdir(exist_ok=True)
    deeper.write_text("X = 1\n", encoding="utf-8")
    after_deeper = analysis_cache.fingerprint_tree(tree)
    assert after_deeper != after_module

    po = next(tree.rglob("*.po"))
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert analysis_cache.fingerprint_tree(tree) != after_deeper


def test_compiled_caches_do_not_change_the_fingerprint(tmp_path: Path):
    tree = tmp_path / "pipeline"
    shutil.copytree(analysis_cache.PIPELINE_ROOT, tree, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    before = analysis_cache.fingerprint_tree(tree)
    (tree / "core" / "__pycache__").mkdir()
    (tree / "core" / "__pycache__" / "model.cpython-311.py").write_text("junk")
    assert analysis_cache.fingerprint_tree(tree) == before
