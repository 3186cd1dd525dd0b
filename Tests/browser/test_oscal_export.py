"""`trustpress export oscal` against NIST's OSCAL 1.1.3 JSON schema for component definitions.

The schema (Tests/TrustPressTests/Fixtures/oscal/oscal_component_schema.json, public domain, its
README names the source) writes its patterns with `\\p{L}` and `\\p{N}`, which Python's `re` rejects,
so the validator is jsonschema-rs (Rust's regex supports them). It also keeps `$` at the very end of
the string, where Python's `re` lets `"ac-2\\n"` pass a token pattern, and checks the schema's
formats (date-time, uri-reference, uri, email) without extra packages. No browser is needed: the
exports of the sample and of the fixture sites, public and --confidential, are validated as written.
"""

import json
import pathlib
import subprocess

import jsonschema_rs
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "Tests/TrustPressTests/Fixtures/oscal/oscal_component_schema.json").read_text())
SITES = {
    "sample": ROOT / "Content",
    "mini-site": ROOT / "Tests/TrustPressTests/Fixtures/mini-site",
    "canary-site": ROOT / "Tests/TrustPressTests/Fixtures/canary-site",
}
KINDS = ["public", "confidential"]


def validator():
    assert jsonschema_rs.meta.is_valid(SCHEMA)
    return jsonschema_rs.Draft7Validator(SCHEMA, validate_formats=True)


def export(trustpress, content, confidential):
    args = [trustpress, "export", "oscal", "--content", str(content), "--date", "2026-11-30"]
    run = subprocess.run(args + (["--confidential"] if confidential else []), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.fixture(scope="module")
def exports(trustpress):
    return {(name, kind): export(trustpress, content, kind == "confidential")
            for name, content in SITES.items() for kind in KINDS}


def errors(document):
    return [f"/{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator().iter_errors(document)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(SITES))
def test_export_matches_nists_schema(exports, name, kind):
    document = json.loads(exports[(name, kind)])
    assert not errors(document), "\n".join(errors(document))
    components = document["component-definition"]["components"]
    assert components and all(c["control-implementations"] for c in components)


def test_schema_refuses_what_it_must(exports):
    """The validator is not a rubber stamp: OSCAL's token, UUID and date rules and its closed objects."""
    document = json.loads(exports[("sample", "public")])
    requirement = document["component-definition"]["components"][0]["control-implementations"][0]["implemented-requirements"][0]
    for key, bad in [("control-id", "AC-2(1)"), ("control-id", "4.1"), ("control-id", "ac-2\n"), ("uuid", "not-a-uuid"),
                     ("status", "implemented")]:
        broken = json.loads(json.dumps(document))
        target = broken["component-definition"]["components"][0]["control-implementations"][0]["implemented-requirements"][0]
        target[key] = bad
        assert errors(broken), f"{key}={bad!r} passed"
    broken = json.loads(json.dumps(document))
    broken["component-definition"]["metadata"]["last-modified"] = "2026-11-30"
    assert errors(broken)
    assert requirement["control-id"]


def test_ids_become_oscal_tokens_and_keep_their_label(exports):
    document = json.loads(exports[("sample", "confidential")])
    pairs = {(p["value"], r["control-id"])
             for c in document["component-definition"]["components"]
             for i in c["control-implementations"] for r in i["implemented-requirements"]
             for p in r["props"] if p["name"] == "label"}
    assert ("A.5.15", "A.5.15") in pairs
    assert ("4.1", "_4.1") in pairs
    assert ("GV.OC-01", "GV.OC-01") in pairs


def test_public_export_carries_no_confidential_field(exports):
    public = exports[("canary-site", "public")]
    # As in LeakTests: no canary in any case (the organization, "Canary Co", is public).
    assert "CANARY" not in public and "canary-" not in public.lower()
    assert "CANARY-IMPL-1" in exports[("canary-site", "confidential")]


def test_export_is_deterministic(trustpress):
    assert export(trustpress, SITES["sample"], False) == export(trustpress, SITES["sample"], False)
