"""trust.json against its JSON Schema (docs/trust.schema.json, draft 2020-12), with Python's jsonschema.

Builds the sample Content/ and the test fixtures with the `--trustpress` binary (no browser needed) and
validates each site's trust.json, with every `format` checked (date, email, and a strict absolute-URI
check, since jsonschema checks `uri` only when an optional package is installed).
"""

import copy
import json
import pathlib
import subprocess
import urllib.parse

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs/trust.schema.json").read_text())
SITES = {
    "sample": ROOT / "Content",
    "mini-site": ROOT / "Tests/TrustPressTests/Fixtures/mini-site",
    "canary-site": ROOT / "Tests/TrustPressTests/Fixtures/canary-site",
}

formats = jsonschema.FormatChecker()


@formats.checks("uri", raises=ValueError)
def absolute_uri(value):
    parts = urllib.parse.urlsplit(value)
    if parts.scheme == "mailto":
        return "@" in parts.path
    if parts.scheme not in ("https", "http") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"{value!r} is not an absolute http(s) or mailto URI")
    return True


def validator():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=formats)


@pytest.fixture(scope="module")
def built(trustpress, tmp_path_factory):
    """Site name → (public folder, parsed trust.json)."""
    out = {}
    for name, content in SITES.items():
        folder = tmp_path_factory.mktemp(name)
        run = subprocess.run([trustpress, "build", "--content", str(content), "--output", str(folder),
                              "--date", "2026-11-30", "--quiet"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        public = folder / "public"
        out[name] = (public, json.loads((public / "trust.json").read_text()))
    return out


@pytest.mark.parametrize("name", sorted(SITES))
def test_trust_json_matches_schema(built, name):
    _, document = built[name]
    errors = sorted(validator().iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors)


@pytest.mark.parametrize("name", sorted(SITES))
def test_public_urls_point_into_the_site(built, name):
    public, document = built[name]
    base = document["trust_center"]["url"].rstrip("/") + "/"
    urls = [d["url"] for d in document["documents"] if d["access"] == "public"]
    urls += [c["url"] for c in document["certifications"]] + [a["url"] for a in document["attestations"]]
    urls += [p["url"] for p in document["policies"]["public"]]
    assert urls
    for url in urls:
        assert url.startswith(base), url
        assert (public / url[len(base):]).is_file(), f"{url} names no file of the public site"


def test_schema_refuses_what_it_must(built):
    """The schema is not a rubber stamp: a confidential field, a missing fact or a bad date fails it."""
    _, document = built["sample"]
    v = validator()
    assert v.is_valid(document)

    with_opinion = copy.deepcopy(document)
    with_opinion["attestations"][0]["opinion"] = "unqualified"
    bad_date = copy.deepcopy(document)
    bad_date["build_date"] = "2026-13-01"
    nda_with_url = copy.deepcopy(document)
    nda = next(d for d in nda_with_url["documents"] if d["access"] == "nda")
    nda["url"] = "https://example.com/leaked.pdf"
    no_counts = copy.deepcopy(document)
    del no_counts["controls"]["by_status"]["planned"]
    relative = copy.deepcopy(document)
    relative["certifications"][0]["url"] = "iso27001.html"
    confidential_policy = copy.deepcopy(document)
    confidential_policy["policies"]["confidential"][0]["version"] = "2.0"
    for broken in (with_opinion, bad_date, nda_with_url, no_counts, relative, confidential_policy):
        assert not v.is_valid(broken)
