"""`trustpress build --encrypt`: the locked bundle read back without TrustPress's code.

1. Decrypted in Python with PyCA cryptography following docs/locked-bundle.md (the envelope's own
   parameters, not the Swift constants): every file of the bundle folder, byte for byte; two builds
   differ in salt, nonce and ciphertext but decrypt to the same plaintext.
2. Opened in headless Chromium from file:// (and from a static HTTP server on 127.0.0.1, a secure
   context as an HTTPS host is): the right passphrase shows the cover, links between
   bundle pages work inside the file (and Back), the CSS and logo load as blob: URLs, a wrong
   passphrase shows the message; no request leaves the page (Chromium's network log, the resource
   timing entries, no CSP violation), and the CSP lists the inline script's SHA-256.
3. The canary site: no canary in the locked file, every canary in what it decrypts to.
Also: --encrypt without a passphrase exits 2 and writes nothing; an empty passphrase file likewise.
"""

import base64
import hashlib
import json
import os
import pathlib
import re
import subprocess

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import StaticServer, new_browser


def wait_for_heading(driver, text, timeout=10):
    """Waits until the page's h1 reads `text`. The locked file swaps the page in place, so an h1
    found just before a swap is stale when read: that is a reason to look again, not a failure."""
    WebDriverWait(driver, timeout, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: d.find_element(By.TAG_NAME, "h1").text == text)

ROOT = pathlib.Path(__file__).resolve().parents[2]
CANARY_SITE = ROOT / "Tests/TrustPressTests/Fixtures/canary-site"
PASSPHRASE = "tide-pool quartz 7 lantern"
ENVELOPE = re.compile(r'<script type="application/json" id="trustpress-locked-bundle">(.*?)</script>', re.S)


def build(trustpress, content, output, tmp_path, *extra, env=None):
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if k != "TRUSTPRESS_PASSPHRASE"}
    environment.update(TMPDIR=str(tmp), NO_COLOR="1", **(env or {}))
    return subprocess.run(
        [trustpress, "build", "--content", str(content), "--output", str(output), "--date", "2026-11-30",
         "--recipient", "Acme Corp", *extra],
        capture_output=True, text=True, env=environment, timeout=300)


def locked_build(trustpress, content, tmp_path, name):
    """Builds `content` with --encrypt into tmp_path/name; returns (bundle folder, locked file)."""
    secret = tmp_path / f"{name}-passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    output = tmp_path / name
    result = build(trustpress, content, output, tmp_path, "--encrypt", "--passphrase-file", str(secret))
    assert result.returncode == 0, result.stderr
    bundle = output / "confidential" / "2026-11-30-acme-corp"
    locked = output / "confidential" / "2026-11-30-acme-corp.locked.html"
    assert locked.is_file() and bundle.is_dir()
    assert f"Wrote {output}/confidential/2026-11-30-acme-corp.locked.html, SHA-256 " in result.stdout
    assert not any("locked" in p.name for p in (output / "public").rglob("*")), "nothing of it in public/"
    return bundle, locked


def envelope(html):
    match = ENVELOPE.search(html)
    assert match, "the envelope script is missing"
    return json.loads(match[1])


def decrypt(html, passphrase=PASSPHRASE):
    """The plaintext's bytes, decrypted as docs/locked-bundle.md describes."""
    env = envelope(html)
    assert env["format"] == "trustpress-locked-bundle/1"
    assert (env["kdf"], env["hash"], env["cipher"]) == ("PBKDF2", "SHA-256", "AES-256-GCM")
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=base64.b64decode(env["salt"], validate=True),
                     iterations=env["iterations"]).derive(passphrase.encode("utf-8"))
    return AESGCM(key).decrypt(base64.b64decode(env["nonce"], validate=True),
                               base64.b64decode(env["ciphertext"], validate=True), None)


def files_of(plaintext):
    plain = json.loads(plaintext)
    assert plain["format"] == "trustpress-locked-bundle/1" and plain["start"] == "index.html"
    assert plain["bundle"] == "2026-11-30-acme-corp"
    return {path: base64.b64decode(data, validate=True) for path, data in plain["files"].items()}


def folder_files(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sample(trustpress, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("locked")
    return locked_build(trustpress, ROOT / "Content", tmp, "first") + locked_build(trustpress, ROOT / "Content", tmp, "second")


def test_python_decrypts_the_documented_layout(sample):
    bundle, locked, _, second = sample
    html = locked.read_text(encoding="utf-8")
    env = envelope(html)
    assert env["iterations"] == 600000
    assert len(base64.b64decode(env["salt"])) == 16 and len(base64.b64decode(env["nonce"])) == 12
    plaintext = decrypt(html)
    files = files_of(plaintext)
    on_disk = folder_files(bundle)
    assert sorted(files) == sorted(on_disk) and len(files) > 20
    for path, data in on_disk.items():
        assert files[path] == data, path
    # The checksum file beside it, as sha256sum writes it.
    assert (locked.parent / (locked.name + ".sha256")).read_text() == \
        f"{hashlib.sha256(locked.read_bytes()).hexdigest()}  {locked.name}\n"
    with pytest.raises(InvalidTag):
        decrypt(html, PASSPHRASE + " ")
    # Two builds: a new salt and nonce each time, the same plaintext inside.
    other = second.read_text(encoding="utf-8")
    assert envelope(other)["salt"] != env["salt"] and envelope(other)["nonce"] != env["nonce"]
    assert envelope(other)["ciphertext"] != env["ciphertext"]
    assert decrypt(other) == plaintext


def test_passphrase_required_before_anything_is_written(trustpress, tmp_path):
    output = tmp_path / "out"
    result = build(trustpress, ROOT / "Content", output, tmp_path, "--encrypt")
    assert result.returncode == 2
    assert "--passphrase-file" in result.stderr and "TRUSTPRESS_PASSPHRASE" in result.stderr
    assert not output.exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    result = build(trustpress, ROOT / "Content", output, tmp_path, "--encrypt", "--passphrase-file", str(empty))
    assert result.returncode == 2 and "empty" in result.stderr and not output.exists()
    # From the environment instead of a file.
    result = build(trustpress, ROOT / "Content", output, tmp_path, "--encrypt", "--quiet",
                   env={"TRUSTPRESS_PASSPHRASE": "from the environment"})
    assert result.returncode == 0, result.stderr
    html = (output / "confidential/2026-11-30-acme-corp.locked.html").read_text(encoding="utf-8")
    assert files_of(decrypt(html, "from the environment"))["index.html"] == \
        (output / "confidential/2026-11-30-acme-corp/index.html").read_bytes()


def test_canary_site(trustpress, tmp_path):
    bundle, locked = locked_build(trustpress, CANARY_SITE, tmp_path, "canary")
    data = locked.read_bytes()
    assert b"canary-" not in data.lower(), "a canary in the locked file"
    decrypted = files_of(decrypt(data.decode("utf-8")))
    assert decrypted == folder_files(bundle)
    text = "\n".join(d.decode("utf-8", "replace") for d in decrypted.values())
    planted = set()
    for path in CANARY_SITE.rglob("*"):
        if path.is_file():
            planted |= set(re.findall(r"CANARY-[A-Z0-9.-]*[A-Z0-9]", path.read_text(encoding="utf-8", errors="replace")))
    assert len(planted) > 100
    missing = sorted(c for c in planted if c not in text)
    assert not missing, f"missing from the decrypted bundle: {missing}"


@pytest.fixture
def logging_browser():
    """Headless Chromium with its network and console logs (goog:loggingPrefs)."""
    driver = new_browser({"goog:loggingPrefs": {"performance": "ALL", "browser": "ALL"}})
    yield driver
    driver.quit()


def requests_made(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def unlock(driver, passphrase):
    field = driver.find_element(By.ID, "passphrase")
    field.clear()
    field.send_keys(passphrase)
    driver.find_element(By.ID, "open").click()


def test_browser_opens_the_locked_file(sample, logging_browser):
    bundle, locked, _, _ = sample
    driver = logging_browser
    html = locked.read_text(encoding="utf-8")
    # The CSP: nothing from anywhere; the one inline script allowed by its hash.
    script = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(script) == 1
    digest = base64.b64encode(hashlib.sha256(script[0].encode("utf-8")).digest()).decode()
    assert f"""<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-{digest}';""" in html

    driver.get(locked.as_uri())
    assert driver.find_element(By.TAG_NAME, "h1").text == "Locked report bundle"
    unlock(driver, "not the passphrase")
    message = driver.find_element(By.ID, "message")
    WebDriverWait(driver, 60).until(lambda d: "Wrong passphrase" in message.text)
    assert "CONFIDENTIAL" not in driver.title

    unlock(driver, PASSPHRASE)
    WebDriverWait(driver, 60).until(lambda d: d.title.startswith("CONFIDENTIAL"))
    cover_title = (bundle / "index.html").read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
    assert driver.title == cover_title.replace("&amp;", "&")
    assert "Acme Corp" in driver.find_element(By.CLASS_NAME, "confidential-banner").text
    # The bundle's stylesheet applies (blob: URL) and its logo loaded.
    assert driver.execute_script("return document.styleSheets.length") >= 2
    assert driver.execute_script("return [...document.styleSheets].some(s => s.href && s.href.startsWith('blob:') && s.cssRules.length > 10)")
    logo = driver.find_element(By.CSS_SELECTOR, "img.brand-logo")
    assert logo.get_attribute("src").startswith("blob:")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", logo)
    csv = driver.find_element(By.CSS_SELECTOR, 'a[download="soa.csv"]')
    assert csv.get_attribute("href").startswith("blob:")

    # Navigation between two bundle pages, inside the file, and back.
    driver.find_element(By.CSS_SELECTOR, "nav.toc").find_element(By.LINK_TEXT, "Control matrix").click()
    wait_for_heading(driver, "Control matrix")
    assert driver.current_url == locked.as_uri() + "#/control-matrix.html"
    policies = next(a for a in driver.find_elements(By.CSS_SELECTOR, "nav.toc a") if a.text.startswith("Policies"))
    policies.click()
    wait_for_heading(driver, "Policies")
    driver.find_element(By.CSS_SELECTOR, 'main a[href="#/policies/backup.html"]').click()
    wait_for_heading(driver, "Backup Policy")
    # A link from a page in a subfolder back up to the cover.
    driver.find_element(By.CSS_SELECTOR, "a.brand").click()
    WebDriverWait(driver, 10).until(lambda d: d.title == cover_title.replace("&amp;", "&"))
    driver.back()
    wait_for_heading(driver, "Backup Policy")

    # No request but the file itself and the blob: URLs made from it.
    requests = requests_made(driver)
    assert locked.as_uri() in requests, f"the network log records the page itself: {requests}"
    outside = [u for u in requests if u != locked.as_uri() and not u.startswith(("blob:", "data:"))]
    assert not outside, f"requests left the page: {outside}"
    entries = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith("blob:") for name in entries), entries
    violations = [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
    assert not violations, violations


def test_browser_opens_it_from_a_static_host(sample, logging_browser):
    """From a static server (127.0.0.1 over HTTP is a secure context, as HTTPS is): the same page works."""
    bundle, locked, _, _ = sample
    server = StaticServer(locked.parent)
    try:
        driver = logging_browser
        page = server.url(locked.name)
        driver.get(page)
        unlock(driver, PASSPHRASE)
        WebDriverWait(driver, 60).until(lambda d: d.title.startswith("CONFIDENTIAL"))
        driver.find_element(By.CSS_SELECTOR, "nav.toc").find_element(By.LINK_TEXT, "Cross-framework mapping").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url == page + "#/mapping.html")
        requests = requests_made(driver)
        assert page in requests
        outside = [u for u in requests if u != page and not u.startswith(("blob:", "data:"))]
        assert not outside, f"requests left the page: {outside}"
    finally:
        server.stop()
