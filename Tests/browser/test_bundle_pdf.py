"""`trustpress build --pdf`: the whole NDA bundle as one PDF, printed by headless Chromium (issue 11).

The sample Content/ is built with a recipient, an NDA reference, a validity date and --pdf, and the
PDF read back with poppler's `pdftotext` (Debian's poppler-utils, installed by `make browser-deps`):

- every printed page carries the running header and footer: CONFIDENTIAL, the organization, the
  recipient, the NDA reference, the bundle id, the issue and valid-until dates, and "Page N of M"
  with N its own number and M the PDF's page count;
- the page count is sane (at least one sheet per bundle page, not absurdly many), and the PDF
  holds the cover's title, every policy's title and the outline (bookmarks);
- `<bundle>.pdf.sha256` is the line `sha256sum` writes for it.

The canary fixture gets images from a web server on 127.0.0.1 that records every request, and from
a name that does not resolve: the build prints their alt text and the server receives nothing.
Without Chromium (`--chromium /nonexistent`), the build exits 2, writes nothing and says what to do.
"""

import hashlib
import http.server
import os
import pathlib
import re
import shutil
import subprocess
import threading

import pytest

from conftest import BUILD_DATE, EXPIRES, NDA, RECIPIENT, ROOT

ORGANIZATION = "Fernwick Labs, Inc."
ISSUED, VALID_UNTIL = {"2026-11-30": "30 November 2026"}[BUILD_DATE], {"2027-02-28": "28 February 2027"}[EXPIRES]
BUNDLE = f"{BUILD_DATE}-example-buyer-ltd"


def tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: run `make browser-deps` (poppler-utils)")
    return path


def build(trustpress, content, output, tmp, *extra):
    return subprocess.run(
        [trustpress, "build", "--content", str(content), "--output", str(output), "--date", BUILD_DATE,
         "--recipient", RECIPIENT, "--nda", NDA, "--expires", EXPIRES, *extra],
        capture_output=True, text=True, env=dict(os.environ, TMPDIR=str(tmp), NO_COLOR="1"), timeout=600)


def page_texts(pdf):
    """The text of each page of the PDF, in order (pdftotext ends every page with a form feed)."""
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def flat(text):
    """Whitespace runs as one space, so a line wrapped by the layout still matches."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def sample_pdf(trustpress, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    tmp = folder / "tmp"
    tmp.mkdir()
    result = build(trustpress, ROOT / "Content", folder / "Output", tmp, "--pdf", "--quiet")
    assert result.returncode == 0, result.stderr
    assert list(tmp.iterdir()) == [], f"temporary files left behind: {list(tmp.iterdir())}"
    return folder / "Output" / "confidential"


def test_every_page_is_marked_for_the_recipient(sample_pdf):
    pages = page_texts(sample_pdf / f"{BUNDLE}.pdf")
    bundle_pages = sorted(p for p in (sample_pdf / BUNDLE).rglob("*.html"))
    assert len(bundle_pages) <= len(pages) < 2000, f"{len(pages)} pages for {len(bundle_pages)} bundle pages"
    for number, text in enumerate(pages, start=1):
        line = flat(text)
        for expected in (f"CONFIDENTIAL — {ORGANIZATION}", f"Prepared for {RECIPIENT} under {NDA}", f"Bundle {BUNDLE}",
                         f"issued {ISSUED}", f"valid until {VALID_UNTIL}", f"Page {number} of {len(pages)}"):
            assert expected in line, f"page {number} lacks {expected!r}: {line[:300]!r}"


def test_the_pdf_holds_the_whole_bundle(sample_pdf):
    pdf = sample_pdf / f"{BUNDLE}.pdf"
    text = flat("\n".join(page_texts(pdf)))
    assert "Security and compliance report bundle" in text
    for policy in (sample_pdf / BUNDLE / "policies").glob("*.html"):
        title = re.search(r"<h1>(.*?)</h1>", policy.read_text()).group(1)
        assert flat(title) in text, f"the PDF lacks the policy {title!r}"
    raw = pdf.read_bytes()
    assert b"/Type /Outlines" in raw, "no bookmarks"
    assert f"/CreationDate (D:{BUILD_DATE.replace('-', '')}000000+00'00')".encode() in raw
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+\d+$", info, re.M)


def test_the_checksum_file_matches(sample_pdf):
    pdf = sample_pdf / f"{BUNDLE}.pdf"
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert (sample_pdf / f"{BUNDLE}.pdf.sha256").read_text() == f"{digest}  {BUNDLE}.pdf\n"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format, *args):
        pass


def test_no_network_request_while_printing(trustpress, tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        content = tmp_path / "canary-site"
        shutil.copytree(ROOT / "Tests/TrustPressTests/Fixtures/canary-site", content)
        policy = content / "policies/secret-policy.md"
        policy.write_text(policy.read_text() + f"\n\n![Loopback canary](http://127.0.0.1:{port}/canary.png)\n\n"
                          "![Remote canary](https://pdf-canary.invalid/canary.png)\n")
        tmp = tmp_path / "tmp"
        tmp.mkdir()
        result = build(trustpress, content, tmp_path / "Output", tmp, "--pdf")
        assert result.returncode == 0, result.stderr
        pdf = next((tmp_path / "Output/confidential").glob("*.pdf"))
        text = flat("\n".join(page_texts(pdf)))
        assert "Loopback canary" in text and "Remote canary" in text, "the images' alt text is not printed"
        assert _Recorder.requests == [], f"the build fetched {_Recorder.requests}"
        assert list(tmp.iterdir()) == []
    finally:
        server.shutdown()
        server.server_close()


def test_missing_chromium_is_a_clear_error(trustpress, tmp_path):
    result = build(trustpress, ROOT / "Content", tmp_path / "Output", tmp_path, "--pdf", "--chromium", "/nonexistent")
    assert result.returncode == 2
    assert "Chromium is not at /nonexistent" in result.stderr
    assert "apt-get install chromium" in result.stderr and "--chromium PATH" in result.stderr
    assert not (tmp_path / "Output").exists()
