"""Browser tests: pages served by `trustpress serve`, opened in Debian's headless Chromium.

One setup for every check that needs a real browser (live reload here; HTML validation and
accessibility checks can add their own test files and reuse these fixtures):

- `trustpress`: the built executable (`--trustpress PATH`, else $TRUSTPRESS_BINARY, else .build/debug/trustpress)
- `site`: a copy of the sample Content/ served (built-in theme) by `trustpress serve --port 0`;
  `site.url(path)`, `site.content`, `site.stop()`
- `browser`: a headless Chromium driven through chromedriver (Debian's `chromium`, `chromium-driver`)

Run with `make browser-test` (installs what it needs).
"""

import os
import pathlib
import select
import shutil
import signal
import subprocess
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


@pytest.fixture
def browser():
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
