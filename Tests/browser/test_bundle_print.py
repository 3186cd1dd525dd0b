"""The NDA bundle printed to PDF by Chromium is marked on every page, and its tables and headings survive
the page breaks (issue 11: the printed Statement of Applicability was marked CONFIDENTIAL on its first
and last page only, its "Implemented by" column was cut off, rows split across pages and headings were
left alone at page bottoms).

Each page is printed with Chrome DevTools Protocol `Page.printToPDF` (`displayHeaderFooter: false`, so
every mark comes from the page's own CSS: the `@page` margin boxes of its marking style element), on
A4 and US Letter, and read back with poppler's `pdftotext -bbox` (Debian's poppler-utils, installed
by `make browser-deps`). Per page of the PDF:

- the running header says CONFIDENTIAL, the organization, the recipient and the NDA reference, and the
  running footer the bundle id, the issue date, the valid-until date and "Page N of M", N and M
  counted by the PDF itself;
- no word of the page's body lies outside its right margin (nothing cut off: every table fits);
- the body does not end with a heading (a heading stays with what follows it);
- on the Statement of Applicability, the first line under a repeated table head is the start of a
  row (it holds an Annex A id): a row is never split across pages.

The layout checks read a second print of each page with the watermark hidden (pdftotext extracts
stray letters of its rotated text; being fixed, it moves nothing). The watermark itself is checked in
the browser, on screen and under print emulation: the recipient's name, fixed (so Chromium repeats it
on every printed page), not in the pointer's way, and faint.
"""

import base64
import html
import re
import shutil
import subprocess

import pytest

from conftest import BUILD_DATE, EXPIRES, NDA, RECIPIENT

PAGES = ["soa-iso27001-2022.html", "control-matrix.html", "index.html", "mapping.html", "soc2-2017-type-2-2026-11-06.html",
         "policies/access-control.html"]
# Inches, as Page.printToPDF takes them.
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
# style.css: @page { margin: 20mm 14mm 18mm; }, in points (1 mm = 72 / 25.4 pt).
MM = 72 / 25.4
TOP, SIDE, BOTTOM = 20 * MM, 14 * MM, 18 * MM
ORGANIZATION = "Fernwick Labs, Inc."
# BUILD_DATE and EXPIRES in the bundle's long form.
ISSUED, VALID_UNTIL = {"2026-11-30": "30 November 2026"}[BUILD_DATE], {"2027-02-28": "28 February 2027"}[EXPIRES]


def pdftotext():
    path = shutil.which("pdftotext")
    if path is None:
        pytest.fail("pdftotext not found: run `make browser-deps` (poppler-utils)")
    return path


# Hides the watermark: pdftotext extracts stray letters of its rotated text, which the layout checks
# would take for body text. It is fixed, so hiding it moves nothing else.
NO_WATERMARK = """
const style = document.createElement('style');
style.textContent = '.confidential::after { display: none !important; }';
document.head.append(style);
"""


def print_pdf(driver, url, paper, watermark=True):
    driver.get(url)
    if not watermark:
        driver.execute_script(NO_WATERMARK)
    width, height = PAPERS[paper]
    result = driver.execute_cdp_cmd("Page.printToPDF", {
        "displayHeaderFooter": False, "printBackground": True, "paperWidth": width, "paperHeight": height})
    return base64.b64decode(result["data"])


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def pdf_pages(pdf, folder):
    """Each page of the PDF: (width, height, words as (x0, y0, x1, y1, text)) in points from the top left."""
    path = folder / "printed.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([pdftotext(), "-bbox", str(path), "-"], capture_output=True, text=True, check=True, timeout=120).stdout
    pages = []
    for width, height, body in PAGE.findall(out):
        words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in WORD.findall(body)]
        pages.append((float(width), float(height), words))
    return pages


def lines(words):
    """Words grouped into lines (same top within 2 pt), top to bottom, each line's words left to right."""
    grouped = []
    for word in sorted(words, key=lambda w: (w[1], w[0])):
        if grouped and abs(grouped[-1][0] - word[1]) < 2:
            grouped[-1][1].append(word)
        else:
            grouped.append((word[1], [word]))
    return [(top, " ".join(w[4] for w in sorted(ws, key=lambda w: w[0]))) for top, ws in grouped]


def normal(text):
    return " ".join(text.split())


HEADINGS = "return [...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(h => h.innerText.replace(/\\s+/g, ' ').trim());"


@pytest.fixture(scope="module")
def printed(built_site, static_server, session_browser, tmp_path_factory):
    """Every page of PAGES on every paper: its PDF pages as built, the same without the watermark
    (for the layout checks), and the page's headings."""
    result = {}
    folder = tmp_path_factory.mktemp("print")
    for page in PAGES:
        url = static_server.url(f"confidential/{built_site.bundle.name}/{page}")
        for paper in PAPERS:
            marked = pdf_pages(print_pdf(session_browser, url, paper), folder)
            plain = pdf_pages(print_pdf(session_browser, url, paper, watermark=False), folder)
            assert len(plain) == len(marked), f"{page} on {paper}: the watermark changed the page count"
            result[page, paper] = (marked, plain, session_browser.execute_script(HEADINGS))
    return result


CASES = [(page, paper) for page in PAGES for paper in PAPERS]


@pytest.mark.parametrize("page,paper", CASES)
def test_every_printed_page_is_marked(printed, built_site, page, paper):
    pages, _, _ = printed[page, paper]
    assert len(pages) > 1, f"{page} should print on several pages"
    if page in ("soa-iso27001-2022.html", "control-matrix.html"):
        assert len(pages) >= 5, f"{page}: only {len(pages)} pages"
    total = len(pages)
    bundle = built_site.bundle.name
    for number, (width, height, words) in enumerate(pages, 1):
        header = normal(" ".join(text for top, text in lines(w for w in words if w[3] <= TOP)))
        footer = normal(" ".join(text for top, text in lines(w for w in words if w[1] >= height - BOTTOM)))
        where = f"{page} on {paper}, page {number} of {total}"
        assert f"CONFIDENTIAL — {ORGANIZATION}" in header, f"{where}: header {header!r}"
        assert f"Prepared for {RECIPIENT} under {NDA}" in header, f"{where}: header {header!r}"
        assert f"Bundle {bundle} · issued {ISSUED} · valid until {VALID_UNTIL}" in footer, f"{where}: footer {footer!r}"
        assert f"Page {number} of {total}" in footer, f"{where}: footer {footer!r}"


@pytest.mark.parametrize("page,paper", CASES)
def test_nothing_is_cut_off(printed, page, paper):
    _, pages, _ = printed[page, paper]
    for number, (width, height, words) in enumerate(pages, 1):
        outside = [w[4] for w in words if w[2] > width - SIDE + 1 or w[0] < SIDE - 1]
        assert not outside, f"{page} on {paper}, page {number}: words outside the margins: {outside[:10]}"


@pytest.mark.parametrize("page,paper", CASES)
def test_no_heading_ends_a_page(printed, page, paper):
    _, pages, headings = printed[page, paper]
    assert headings, f"{page} has no headings"
    for number, (width, height, words) in enumerate(pages[:-1], 1):
        body = lines(w for w in words if w[1] > TOP and w[3] < height - BOTTOM)
        assert body, f"{page} on {paper}, page {number} is empty"
        last = normal(body[-1][1])
        alone = [h for h in headings if last == h or h.startswith(last + " ")]
        assert not alone, f"{page} on {paper}: page {number} ends with the heading {alone[0]!r}"


ANNEX_A_ID = re.compile(r"^A\.\d+\.\d+$")
SOA_HEAD = "Control Applicable Justification Implementation Implemented"


@pytest.mark.parametrize("paper", PAPERS)
def test_soa_rows_are_never_split(printed, paper):
    _, pages, _ = printed["soa-iso27001-2022.html", paper]
    continued = 0
    for number, (width, height, words) in enumerate(pages, 1):
        inside = [w for w in words if w[1] > TOP and w[3] < height - BOTTOM]
        body = lines(inside)
        heads = [i for i, (top, text) in enumerate(body) if normal(text).startswith(SOA_HEAD)]
        if not heads:
            continue
        # Under the head (one or two lines: "Implemented" / "by"), the first row's first line: the words
        # that start within 6 pt of the highest one (the id is set smaller, on the same baseline).
        head_top = body[heads[0]][0]
        below = [w for w in inside if w[1] > head_top + 2 and not (w[4] == "by" and w[1] < head_top + 14)]
        assert below, f"SoA on {paper}, page {number}: nothing under the table head"
        first = min(w[1] for w in below)
        row = sorted((w for w in below if w[1] < first + 6), key=lambda w: w[0])
        assert ANNEX_A_ID.match(row[0][4]), \
            f"SoA on {paper}, page {number}: the table goes on with {' '.join(w[4] for w in row)!r}, not with the start of a row"
        continued += 1
    assert continued >= len(pages) - 2, f"SoA on {paper}: the table head repeats on only {continued} of {len(pages)} pages"


WATERMARK = """
const after = getComputedStyle(document.body, '::after');
return {content: after.content, position: after.position, pointer: after.pointerEvents, opacity: parseFloat(after.opacity)};
"""


@pytest.mark.parametrize("page", PAGES)
def test_watermark_on_every_page(static_server, built_site, session_browser, page):
    session_browser.get(static_server.url(f"confidential/{built_site.bundle.name}/{page}"))
    for media in ("screen", "print"):
        session_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media, "features": []})
        try:
            mark = session_browser.execute_script(WATERMARK)
        finally:
            session_browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
        assert mark["content"] == f'"{RECIPIENT}"', f"{page} ({media}): {mark}"
        assert mark["position"] == "fixed" and mark["pointer"] == "none", f"{page} ({media}): {mark}"
        assert 0 < mark["opacity"] <= 0.1, f"{page} ({media}): the watermark must be faint: {mark}"
