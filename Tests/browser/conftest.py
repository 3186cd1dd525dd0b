"""Browser tests: the sample site opened in Debian's headless Chromium, and its HTML validated.

One setup for every check that needs a real browser or the built pages (live reload, HTML
validation with vnu, accessibility with axe-core; later checks add their own test files and reuse
these fixtures):

- `trustpress`: the built executable (`--trustpress PATH`, else $TRUSTPRESS_BINARY, else .build/debug/trustpress)
- `site`: a copy of the sample Content/ served (built-in theme) by `trustpress serve --port 0`;
  `site.url(path)`, `site.content`, `site.stop()`
- `browser`: a headless Chromium driven through chromedriver (Debian's `chromium`, `chromium-driver`)
- `built_site` (one per session): the sample Content/ built once by `trustpress build` into a
  temporary folder, both trees (public/ and confidential/<bundle>/); `built_site.pages` is every
  .html file found there, so a page added by any template is checked without naming it here
- `static_server` (one per session): `built_site`'s folder over http on 127.0.0.1 (Python's
  http.server in a thread; `trustpress serve` shows one tree at a time); `static_server.url(page)`
- `session_browser`: one headless Chromium for a whole session (the page-by-page audits)

Run with `make browser-test` (installs what it needs).
"""

import functools
import http.server
import os
import pathlib
import select
import shutil
import signal
import subprocess
import threading
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def pytest_addoption(parser):
    parser.addoption("--trustpress", default=os.environ.get("TRUSTPRESS_BINARY", str(ROOT / ".build/debug/trustpress")),
                     help="the trustpress executable to serve the site with")


@pytest.fixture(scope="session")
def trustpress(request):
    path = os.path.abspath(request.config.getoption("--trustpress"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is not an executable: run `swift build --product trustpress` first")
    return path


class ServedSite:
    """`trustpress serve` on a free port over a private copy of the sample site."""

    def __init__(self, binary, folder, extra=()):
        self.folder = pathlib.Path(folder)
        self.content = self.folder / "Content"
        shutil.copytree(ROOT / "Content", self.content)
        tmp = self.folder / "tmp"
        tmp.mkdir()
        self.stderr_path = self.folder / "serve-stderr.txt"
        env = dict(os.environ, TMPDIR=str(tmp), NO_COLOR="1")
        with open(self.stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(
                [binary, "serve", "--port", "0", "--date", "2026-11-30",
                 "--content", str(self.content), *extra],
                stdout=subprocess.PIPE, stderr=stderr, env=env, cwd=self.folder)
        line = self._first_line(timeout=120)
        prefix = "Serving "
        if not line.startswith(prefix):
            self.process.kill()
            raise RuntimeError(f"serve did not print its URL: {line!r}; stderr: {self.stderr}")
        self.base = line[len(prefix):].split()[0]

    def _first_line(self, timeout):
        deadline = time.monotonic() + timeout
        line = b""
        while time.monotonic() < deadline and not line.endswith(b"\n"):
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                byte = os.read(self.process.stdout.fileno(), 1)
                if not byte:
                    break
                line += byte
        return line.decode().strip()

    @property
    def stderr(self):
        return self.stderr_path.read_text(errors="replace")

    def url(self, path="/"):
        return self.base + path.lstrip("/")

    def stop(self, timeout=30):
        """SIGTERM, then the exit status (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode


@pytest.fixture
def site(trustpress, tmp_path):
    served = ServedSite(trustpress, tmp_path)
    yield served
    status = served.stop()
    assert status == 0, f"serve did not stop cleanly; stderr: {served.stderr}"


def new_browser(capabilities=None):
    """A headless Chromium at 1280 × 900 through Debian's chromedriver, with `capabilities` set."""
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", "--window-size=1280,900"):
        options.add_argument(argument)
    for name, value in (capabilities or {}).items():
        options.set_capability(name, value)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser():
    driver = new_browser()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def session_browser():
    driver = new_browser()
    yield driver
    driver.quit()


# The build the page audits check: a fixed date (deterministic statuses) and a recipient with an NDA
# reference and a validity date, so the bundle's recipient, NDA and "valid until" lines are rendered too.
BUILD_DATE = "2026-11-30"
RECIPIENT = "Example Buyer Ltd"
NDA = "NDA-2026-001"
EXPIRES = "2027-02-28"


class BuiltSite:
    """The sample Content/ built once into `folder`: `public` and `bundle` are the two trees."""

    def __init__(self, binary, folder):
        self.folder = pathlib.Path(folder)
        output = self.folder / "Output"
        tmp = self.folder / "tmp"
        tmp.mkdir()
        result = subprocess.run(
            [binary, "build", "--content", str(ROOT / "Content"), "--output", str(output), "--quiet",
             "--date", BUILD_DATE, "--recipient", RECIPIENT, "--nda", NDA, "--expires", EXPIRES],
            capture_output=True, text=True, env=dict(os.environ, TMPDIR=str(tmp), NO_COLOR="1"), timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"trustpress build failed ({result.returncode}):\n{result.stderr}")
        self.root = output
        self.public = output / "public"
        bundles = sorted((output / "confidential").iterdir())
        if len(bundles) != 1:
            raise RuntimeError(f"expected one bundle folder, found {[b.name for b in bundles]}")
        self.bundle = bundles[0]
        # Every page of both trees, as paths relative to the output folder ("public/index.html").
        self.pages = sorted(str(p.relative_to(output)) for p in output.rglob("*.html"))

    def files(self, pattern):
        """Every file of both trees matching a glob pattern ("*.xml"), relative to the output folder."""
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob(pattern))


@pytest.fixture(scope="session")
def built_site(trustpress, tmp_path_factory):
    site = BuiltSite(trustpress, tmp_path_factory.mktemp("built"))
    assert any(p.startswith("public/") for p in site.pages) and any(p.startswith("confidential/") for p in site.pages), \
        f"both trees should have pages: {site.pages}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class StaticServer:
    """A folder over http on 127.0.0.1 and a free port, served from a thread."""

    def __init__(self, folder):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def url(self, path):
        return self.base + path.lstrip("/")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def static_server(built_site):
    server = StaticServer(built_site.root)
    yield server
    server.stop()
