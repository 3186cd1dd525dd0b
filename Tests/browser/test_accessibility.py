"""Every page of both trees passes axe-core's WCAG 2.1 A and AA rules in headless Chromium, at desktop
and phone width, in the light and the dark colour scheme; at phone width no page scrolls sideways.

axe-core 4.10: its `axe.min.js` ships inside PyPI's `axe-selenium-python==3.0.0`, whose wheel
installs only on Python >= 3.12 (Debian's python3 is 3.11). The Makefile downloads that wheel
without installing it and extracts axe.min.js into .venv/axe/ with its SHA-256 checked; this test
loads the file into each page with selenium's `execute_script` and calls `axe.run` itself (the
wrapper's own Python code is not needed). $AXE_JS points to another copy. The rules run are those
tagged wcag2a, wcag2aa, wcag21a, wcag21aa, and best-practice (see AXE_TAGS).

The pages come over http from `static_server` (the build of `built_site`), in one browser session.
The colour scheme is emulated with Chrome DevTools Protocol `Emulation.setEmulatedMedia`
(`prefers-color-scheme`), the width with `Emulation.setDeviceMetricsOverride` (a desktop, not a
mobile, viewport: a mobile one would zoom out a page wider than the screen instead of letting it
scroll, hiding the very overflow checked here); both are asserted on every page, so a lost
emulation fails instead of silently checking the wrong mode.

TRUSTPRESS_SCREENSHOTS=DIR saves a full-page screenshot of every page in every mode, to look at.
"""

import os
import pathlib
import re
from collections import defaultdict

import pytest

from conftest import ROOT

AXE_VERSION = "4.10"
# WCAG 2.1 A and AA, and axe's best-practice rules: the issue's `region` (content outside any landmark)
# and `heading-order` findings are best-practice rules, not WCAG ones, and are to stay fixed too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHT = 900
SCHEMES = ("light", "dark")
MODES = [(width, scheme) for width in WIDTHS for scheme in SCHEMES]


def axe_source():
    path = pathlib.Path(os.environ.get("AXE_JS", ROOT / ".venv/axe/axe.min.js"))
    if not path.is_file():
        pytest.fail(f"{path} not found: run `make venv` (extracts axe.min.js from axe-selenium-python)")
    return path.read_text(encoding="utf-8")


def emulate(driver, width, scheme):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTHS[width], "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


# One script call per page: the emulated mode as the page sees it, its overflow and what overflows.
MEASURE = """
const width = window.innerWidth, root = document.documentElement;
const clipped = el => { for (let p = el.parentElement; p && p !== root && p !== document.body; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
const culprits = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.right > width + 1 && r.width > 0 && !clipped(el)
      && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1 && !clipped(el.parentElement))) {
    culprits.push((el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.classList.length ? '.' + [...el.classList].join('.') : '')) + ' (right edge ' + Math.round(r.right) + ' px)');
  }
}
return {innerWidth: width, scrollWidth: root.scrollWidth,
        dark: matchMedia('(prefers-color-scheme: dark)').matches, culprits: culprits.slice(0, 5)};
"""

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done({version: axe.version, violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.join(' ')),
      summary: v.nodes.length ? v.nodes[0].failureSummary : ''}))}))
  .catch(e => done({error: String(e)}));
"""


class Audit:
    """Every page in one mode: axe's violations and the page's horizontal overflow."""

    def __init__(self, driver, server, pages, width, scheme, axe):
        self.width, self.scheme = width, scheme
        self.violations = []   # (page, rule id, impact, help, [targets], failure summary)
        self.overflows = []    # (page, scrollWidth, innerWidth, [culprits])
        self.pages = pages
        shots = os.environ.get("TRUSTPRESS_SCREENSHOTS")
        emulate(driver, width, scheme)
        driver.set_script_timeout(120)
        for page in pages:
            driver.get(server.url(page))
            measured = driver.execute_script(MEASURE)
            assert measured["innerWidth"] == WIDTHS[width] and measured["dark"] == (scheme == "dark"), \
                f"{page}: the emulated mode was not applied: {measured}"
            if measured["scrollWidth"] > measured["innerWidth"]:
                self.overflows.append((page, measured["scrollWidth"], measured["innerWidth"], measured["culprits"]))
            driver.execute_script(axe)
            result = driver.execute_async_script(RUN_AXE, AXE_TAGS)
            assert "error" not in result, f"{page}: axe.run failed: {result['error']}"
            assert result["version"].startswith(AXE_VERSION + "."), f"axe {result['version']}, expected {AXE_VERSION}.x"
            for v in result["violations"]:
                self.violations.append((page, v["id"], v["impact"], v["help"], v["targets"], v["summary"]))
            if shots:
                self.screenshot(driver, pathlib.Path(shots), page)

    def screenshot(self, driver, folder, page):
        import base64
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9.-]+", "_", page.removesuffix(".html"))
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        (folder / f"{name}--{self.width}-{self.scheme}.png").write_bytes(base64.b64decode(shot["data"]))

    @property
    def mode(self):
        return f"{WIDTHS[self.width]} px, {self.scheme}"

    def violation_report(self):
        """Grouped by rule: how many nodes on how many pages, then each page with its selectors."""
        by_rule = defaultdict(list)
        for page, rule, impact, help, targets, summary in self.violations:
            by_rule[(rule, impact, help)].append((page, targets, summary))
        lines = [f"axe-core {AXE_VERSION}, {self.mode}: {sum(len(t) for _, _, _, _, t, _ in self.violations)} "
                 f"violating node(s), {len(by_rule)} rule(s), on {len({v[0] for v in self.violations})} "
                 f"of {len(self.pages)} pages"]
        for (rule, impact, help), hits in sorted(by_rule.items(), key=lambda item: -len(item[1])):
            nodes = sum(len(targets) for _, targets, _ in hits)
            lines.append(f"\n[{rule}] ({impact}) {help}: {nodes} node(s) on {len(hits)} page(s)")
            first_summary = hits[0][2].replace("\n", " ")
            lines.append(f"    why: {first_summary[:300]}")
            for page, targets, _ in hits:
                shown = ", ".join(targets[:4]) + (f", … {len(targets) - 4} more" if len(targets) > 4 else "")
                lines.append(f"    {page}: {len(targets)} × {shown}")
        return "\n".join(lines)

    def overflow_report(self):
        lines = [f"{self.mode}: {len(self.overflows)} of {len(self.pages)} pages scroll sideways"]
        for page, scroll, inner, culprits in self.overflows:
            lines.append(f"    {page}: {scroll} px wide in a {inner} px viewport; widest: {'; '.join(culprits) or '?'}")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def audits(session_browser, static_server, built_site):
    """Each mode's audit, run once on first use and shared by the tests of that mode."""
    cache = {}
    axe = axe_source()

    def audit(width, scheme):
        if (width, scheme) not in cache:
            cache[(width, scheme)] = Audit(session_browser, static_server, built_site.pages, width, scheme, axe)
        return cache[(width, scheme)]
    return audit


@pytest.mark.parametrize("width,scheme", MODES, ids=[f"{w}-{s}" for w, s in MODES])
def test_no_axe_violations(audits, width, scheme):
    audit = audits(width, scheme)
    if audit.violations:
        pytest.fail(audit.violation_report(), pytrace=False)
    print(f"axe-core {AXE_VERSION}, {audit.mode}: {len(audit.pages)} pages, 0 violations")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_page_scrolls_sideways_at_phone_width(audits, scheme):
    audit = audits("phone", scheme)
    if audit.overflows:
        pytest.fail(audit.overflow_report(), pytrace=False)


def test_axe_finds_a_violation(session_browser, static_server, built_site, tmp_path):
    """The check itself can fail: an unlabelled checkbox and an image without alt are violations."""
    page = built_site.root / "axe-probe.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>Probe</title></head><body><main>'
                    '<h1>Probe</h1><input type="checkbox"><img src="x.png"></main></body></html>', encoding="utf-8")
    try:
        session_browser.get(static_server.url("axe-probe.html"))
        session_browser.execute_script(axe_source())
        result = session_browser.execute_async_script(RUN_AXE, AXE_TAGS)
    finally:
        page.unlink()
    assert {v["id"] for v in result["violations"]} >= {"label", "image-alt"}, result
