"""Guard: every system file the code names comes from a Debian package that the setup installs.

A font installed by hand once hid a missing install step (issue 11): CI was green on the
developers' machines and both README commands failed on a fresh one. This test reads every
absolute system path written in the code (fonts, data files, tools), asks `dpkg -S` which package
owns it, and fails unless `scripts/bootstrap.sh` installs that package.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.core.config import load_config
from pipeline.core.fonts import FONTS

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"
CODE_DIRS = ("pipeline", "flows", "samples", "tests", "bench")
# Paths that belong to the system's packages. /etc and /tmp paths in the code are test inputs
# (path-escape attacks: "/etc/passwd"), never files we read.
SYSTEM_PREFIXES = ("/usr/share/", "/usr/lib/", "/usr/bin/", "/usr/local/share/")

pytestmark = pytest.mark.skipif(shutil.which("dpkg") is None,
                                reason="not a Debian system: dpkg is needed to know which package owns a file")


def setup_packages(script: Path = BOOTSTRAP) -> set[str]:
    """The Debian packages `scripts/bootstrap.sh` installs (its APT_PACKAGES line)."""
    m = re.search(r'^APT_PACKAGES="([^"]*)"', script.read_text(encoding="utf-8"), re.M)
    assert m, f"{script} has no APT_PACKAGES=\"...\" line"
    return set(m.group(1).split())


def named_paths(roots: tuple[str, ...] = CODE_DIRS) -> dict[str, str]:
    """Every string literal in our Python code that is a system path: path -> first 'file:line'."""
    found: dict[str, str] = {}
    for top in roots:
        for py in sorted((ROOT / top).rglob("*.py")):
            if ".venv" in py.parts or py == Path(__file__).resolve():
                continue  # this file's paths are deliberate fakes
            tree = ast.parse(py.read_text(encoding="utf-8"), str(py))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    value = node.value.strip()
                    if value.startswith(SYSTEM_PREFIXES) and "\n" not in value:
                        found.setdefault(value, f"{py.relative_to(ROOT)}:{node.lineno}")
    return found


def owner(path: str) -> str | None:
    """The package that installed `path`, or None when no package did."""
    res = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if res.returncode != 0:
        return None
    return res.stdout.split(":", 1)[0].split(",")[0].strip()


def system_paths() -> dict[str, str]:
    """What the code needs from the system: named paths, the font registry, Tesseract and its data."""
    paths = named_paths()
    for key, (path, _pkg) in FONTS.items():
        paths.setdefault(path, f"pipeline/core/fonts.py FONTS[{key!r}]")
    # folders (font dirs joined with a file name later) are checked through their files
    paths = {p: where for p, where in paths.items() if not p.endswith("/") and not Path(p).is_dir()}
    tesseract = shutil.which("tesseract")
    if tesseract:
        paths[str(Path(tesseract).resolve())] = "pytesseract (the tesseract command)"
    settings = load_config().settings
    # ZoneInfo reads the system's zone files (run.runner.current_period): the configured one must exist.
    paths[f"/usr/share/zoneinfo/{settings.schedule.timezone}"] = "config/settings.yaml schedule.timezone"
    for lang in settings.ocr.languages.split("+"):
        res = subprocess.run(["dpkg", "-S", f"*/tessdata/{lang}.traineddata"], capture_output=True, text=True)
        data = res.stdout.split(": ", 1)[1].splitlines()[0].strip() if res.returncode == 0 else f"<{lang}.traineddata>"
        paths[data] = f"config/settings.yaml ocr.languages ({lang})"
    return paths


def unowned(paths: dict[str, str], packages: set[str]) -> list[str]:
    problems = []
    for path, where in sorted(paths.items()):
        pkg = owner(path)
        if pkg is None:
            problems.append(f"{path} (named in {where}) belongs to no installed Debian package: "
                            f"install its package and add it to APT_PACKAGES in scripts/bootstrap.sh")
        elif pkg not in packages:
            problems.append(f"{path} (named in {where}) comes from {pkg}, which scripts/bootstrap.sh "
                            f"does not install: add {pkg} to APT_PACKAGES")
    return problems


def test_every_system_path_comes_from_a_package_the_setup_installs():
    paths = system_paths()
    assert any("fonts" in p for p in paths), "the scan found no font path: the collector is broken"
    problems = unowned(paths, setup_packages())
    assert not problems, "\n".join(problems)


def test_font_registry_names_the_right_packages():
    """`MissingFont` tells the clerk which package to install: that name must be the true owner."""
    wrong = [f"{key}: {path} comes from {owner(path)}, registry says {pkg}"
             for key, (path, pkg) in FONTS.items() if owner(path) != pkg]
    assert not wrong, "\n".join(wrong)


def test_guard_catches_a_font_whose_package_the_setup_lacks(tmp_path):
    """The original bug, replayed: the setup without fonts-liberation2 must be refused."""
    script = tmp_path / "bootstrap.sh"
    script.write_text(BOOTSTRAP.read_text(encoding="utf-8").replace(" fonts-liberation2", ""), encoding="utf-8")
    problems = unowned(system_paths(), setup_packages(script))
    assert problems and all("fonts-liberation2" in p for p in problems)
    assert any("samples/render.py" in p or "pipeline/core/fonts.py" in p for p in problems)


def test_missing_font_is_one_line_naming_the_package(monkeypatch):
    from pipeline.core import fonts

    monkeypatch.setitem(fonts.FONTS, "ghost", ("/usr/share/fonts/truetype/ghost/Ghost.ttf", "fonts-ghost"))
    with pytest.raises(fonts.MissingFont) as err:
        fonts.font_path("ghost")
    msg = str(err.value)
    assert "\n" not in msg and "fonts-ghost" in msg and "apt-get install fonts-ghost" in msg


def test_sample_generator_reports_a_missing_font_in_one_line(monkeypatch, capsys, tmp_path):
    from pipeline.core import fonts
    from samples import generate, render

    monkeypatch.setitem(fonts.FONTS, "liberation-serif", ("/nonexistent/LiberationSerif-Regular.ttf",
                                                          "fonts-liberation2"))
    monkeypatch.setattr(render.pdfmetrics, "getRegisteredFontNames", lambda: [])
    render._register_fonts.cache_clear()
    try:
        rc = generate.main(["--out", str(tmp_path / "inbox"), "--truth", str(tmp_path / "t.json")])
    finally:
        render._register_fonts.cache_clear()
    err = capsys.readouterr().err.strip()
    assert rc == 1
    assert err.count("\n") == 0 and "fonts-liberation2" in err and "Traceback" not in err
    assert not (tmp_path / "inbox").exists()
