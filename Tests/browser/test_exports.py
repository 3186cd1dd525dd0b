"""The NDA bundle's exports read back by standard tools: Python's csv module and jsonschema.

Builds the sample Content/ and the test fixtures with the `--trustpress` binary (no browser needed),
reads soa.csv, control-matrix.csv and mapping.csv with the csv module (utf-8-sig, RFC 4180 strict
quoting), and validates soa.json and control-matrix.json against docs/soa.schema.json and
docs/control-matrix.schema.json (draft 2020-12, formats checked). Row counts are compared with the
catalog and the content read here with PyYAML, the columns with docs/exports.md, and the files with
the bundle's manifest.json.
"""

import copy
import csv
import hashlib
import json
import pathlib
import re
import shutil
import subprocess

import jsonschema
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ISO_CATALOG = ROOT / "Sources/TrustPressCore/Resources/Catalogs/iso27001-2022.yaml"
SITES = {
    "sample": ROOT / "Content",
    "mini-site": ROOT / "Tests/TrustPressTests/Fixtures/mini-site",
    "canary-site": ROOT / "Tests/TrustPressTests/Fixtures/canary-site",
}
CSV_FILES = ["soa.csv", "control-matrix.csv", "mapping.csv"]
JSON_FILES = {"soa.json": "soa.schema.json", "control-matrix.json": "control-matrix.schema.json"}
EXPORTS = CSV_FILES + list(JSON_FILES)


def validator(schema_file):
    schema = json.loads((DOCS / schema_file).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def read_csv(path):
    """(header, rows as dicts) of a CSV file, checked to be RFC 4180 with a UTF-8 byte-order mark."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark"
    assert data.endswith(b"\r\n"), f"{path.name}: the last record does not end in CRLF"
    text = data.decode("utf-8-sig")
    # Outside quoted fields every record ends in CRLF: a bare LF or CR only ever sits inside quotes.
    outside = re.sub(r'"(?:[^"]|"")*"', "", text)
    assert "\n" not in outside.replace("\r\n", "") and "\r" not in outside.replace("\r\n", ""), \
        f"{path.name} has a line ending that is not CRLF outside quotes"
    with open(path, encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f, strict=True))
    header, rows = records[0], records[1:]
    assert all(len(r) == len(header) for r in rows), f"{path.name} has a record of the wrong length"
    return header, [dict(zip(header, r)) for r in rows]


def documented_columns(section):
    """The first column of the table under `## <section>` in docs/exports.md."""
    text = (DOCS / "exports.md").read_text()
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", body, re.M)


def content_controls(content):
    controls = []
    for f in sorted((content / "controls").glob("*.yaml")):
        controls += yaml.safe_load(f.read_text())["controls"]
    return controls


def natural_key(text):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p]


@pytest.fixture(scope="module")
def built(trustpress, tmp_path_factory):
    """Site name → its bundle folder (the sample for a recipient under an NDA, the others internal)."""
    out = {}
    for name, content in SITES.items():
        folder = tmp_path_factory.mktemp(name)
        extra = ["--recipient", "Example Buyer Ltd", "--nda", "NDA-2026-001"] if name == "sample" else []
        run = subprocess.run([trustpress, "build", "--content", str(content), "--output", str(folder),
                              "--date", "2026-11-30", "--quiet", *extra], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        bundles = sorted((folder / "confidential").iterdir())
        assert len(bundles) == 1, bundles
        out[name] = bundles[0]
    return out


@pytest.mark.parametrize("name", sorted(SITES))
def test_exports_are_bundle_files_in_the_manifest(built, name):
    bundle = built[name]
    manifest = json.loads((bundle / "manifest.json").read_text())
    listed = {f["path"]: f for f in manifest["files"]}
    for path in EXPORTS:
        data = (bundle / path).read_bytes()
        assert listed[path]["sha256"] == hashlib.sha256(data).hexdigest(), path
        assert listed[path]["bytes"] == len(data), path
    public = bundle.parent.parent / "public"
    assert not [p for p in public.rglob("*") if p.name in EXPORTS or p.suffix == ".csv"]
    cover = (bundle / "index.html").read_text()
    for path in EXPORTS:
        assert f'<a href="{path}" download>' in cover, path


@pytest.mark.parametrize("name", sorted(SITES))
def test_csv_columns_are_the_documented_ones(built, name):
    for path, section in (("soa.csv", "soa.csv"), ("control-matrix.csv", "control-matrix.csv"), ("mapping.csv", "mapping.csv")):
        header, _ = read_csv(built[name] / path)
        assert header == documented_columns(section), path


@pytest.mark.parametrize("name", sorted(SITES))
def test_csv_row_counts_match_the_content(built, name):
    bundle, content = built[name], SITES[name]
    catalog = yaml.safe_load(ISO_CATALOG.read_text())
    control_groups = {g["id"] for g in catalog["groups"] if g["kind"] == "control"}
    annex_a = [r["id"] for r in catalog["requirements"] if r["group"] in control_groups]
    assert len(annex_a) == 93

    _, soa = read_csv(bundle / "soa.csv")
    assert [r["annex_a_id"] for r in soa] == sorted(annex_a, key=natural_key)
    assert {r["framework"] for r in soa} == {"iso27001-2022"}
    assert {r["applicable"] for r in soa} <= {"yes", "no", "undecided"}

    controls = content_controls(content)
    _, matrix = read_csv(bundle / "control-matrix.csv")
    assert [r["id"] for r in matrix] == sorted((c["id"] for c in controls), key=natural_key)
    for row, control in zip(matrix, sorted(controls, key=lambda c: natural_key(c["id"]))):
        assert row["status"] == control["status"]
        assert row["test_count"] == str(len(control.get("tests") or []))
        tests = control.get("tests") or []
        assert row["last_test_date"] == (max(str(t["date"]) for t in tests) if tests else "")

    _, mapping = read_csv(bundle / "mapping.csv")
    # Requirement ids are counted once per control and framework (a repeated id is one mapping).
    assert len(mapping) == sum(len(set(ids)) for c in controls for ids in c["maps_to"].values())


def test_sample_values_read_back(built):
    _, soa = read_csv(built["sample"] / "soa.csv")
    a51 = next(r for r in soa if r["annex_a_id"] == "A.5.1")
    assert a51 == {
        "framework": "iso27001-2022", "annex_a_id": "A.5.1", "title": "Policies for information security",
        "theme": "Organizational controls", "applicable": "yes",
        "justification": "Required to direct the ISMS; the information security policy and topic-specific policies are approved and communicated.",
        "status": "implemented", "implemented_by": "FW-GOV-01", "last_test_date": "2026-10-06",
        "last_test_result": "passed", "last_test_control": "FW-GOV-01",
    }
    ids = [r["annex_a_id"] for r in soa]
    assert ids.index("A.5.2") < ids.index("A.5.10")
    # Commas inside a field come back whole.
    a53 = next(r for r in soa if r["annex_a_id"] == "A.5.3")
    assert a53["implemented_by"] == "FW-ENG-03, FW-IAM-02"
    assert a53["justification"] == "Segregation of duties reduces the risk of unauthorized changes to code, access and payment data."
    _, matrix = read_csv(built["sample"] / "control-matrix.csv")
    gov = next(r for r in matrix if r["id"] == "FW-GOV-01")
    # A multi-line implementation comes back as one cell with its line breaks, without the final one.
    assert "\n" in gov["implementation"] and not gov["implementation"].endswith("\n")
    assert gov["maps_to"] == "iso27001-2022: 5.2, 7.5, A.5.1, A.5.37; soc2-2017: CC1.1, CC2.2, CC5.1, CC5.3"


def test_canaries_reach_the_exports(built):
    """The canary site's confidential fields are in the bundle's exports (and the public tree has none)."""
    _, soa = read_csv(built["canary-site"] / "soa.csv")
    assert next(r for r in soa if r["annex_a_id"] == "A.5.1")["justification"] == "CANARY-SOA-JUSTIFICATION-A.5.1"
    matrix = json.loads((built["canary-site"] / "control-matrix.json").read_text())
    assert any("CANARY" in (c.get("owner") or "") for c in matrix["controls"])


@pytest.mark.parametrize("name", sorted(SITES))
@pytest.mark.parametrize("path", sorted(JSON_FILES))
def test_json_matches_schema(built, name, path):
    document = json.loads((built[name] / path).read_text())
    errors = sorted(validator(JSON_FILES[path]).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors)


def test_json_and_csv_agree(built):
    bundle = built["sample"]
    soa = json.loads((bundle / "soa.json").read_text())
    assert soa["schema"] == "urn:trustpress:schema:soa:1" and soa["format_version"] == 1
    assert soa["recipient"] == "Example Buyer Ltd" and soa["nda"] == "NDA-2026-001"
    entries = soa["statements"][0]["entries"]
    _, rows = read_csv(bundle / "soa.csv")
    assert len(entries) == len(rows) == 93
    for entry, row in zip(entries, rows):
        assert entry["annex_a_id"] == row["annex_a_id"] and entry["status"] == row["status"]
        assert ", ".join(entry["implemented_by"]) == row["implemented_by"]
        assert entry.get("last_test", {}).get("date", "") == row["last_test_date"]
    matrix = json.loads((bundle / "control-matrix.json").read_text())
    _, rows = read_csv(bundle / "control-matrix.csv")
    assert [c["id"] for c in matrix["controls"]] == [r["id"] for r in rows]
    assert [str(len(c["evidence"])) for c in matrix["controls"]] == [r["evidence_count"] for r in rows]


def test_schemas_refuse_what_they_must(built):
    soa = json.loads((built["sample"] / "soa.json").read_text())
    matrix = json.loads((built["sample"] / "control-matrix.json").read_text())
    v_soa, v_matrix = validator("soa.schema.json"), validator("control-matrix.schema.json")
    assert v_soa.is_valid(soa) and v_matrix.is_valid(matrix)

    def broken_soa(change):
        doc = copy.deepcopy(soa)
        change(doc, doc["statements"][0]["entries"])
        return doc

    excluded = next(i for i, e in enumerate(soa["statements"][0]["entries"]) if e["applicable"] == "no")
    for doc in (
        broken_soa(lambda d, e: e[0].update(status="not-applicable")),        # applicable, yet not applicable
        broken_soa(lambda d, e: e[excluded].update(status="implemented")),    # excluded, yet implemented
        broken_soa(lambda d, e: e[0].update(applicable="true")),
        broken_soa(lambda d, e: e[0]["last_test"].update(result="failed")),
        broken_soa(lambda d, e: e[0]["last_test"].update(date="2026-13-01")),
        broken_soa(lambda d, e: e[0].pop("justification")),
        broken_soa(lambda d, e: e[0].update(owner="someone")),                # no such key
        broken_soa(lambda d, e: d.update(format_version=2)),
        broken_soa(lambda d, e: d.update(recipient=None)),                    # absent, never null
    ):
        assert not v_soa.is_valid(doc)

    def broken_matrix(change):
        doc = copy.deepcopy(matrix)
        change(doc["controls"][0])
        return doc

    for doc in (
        broken_matrix(lambda c: c.update(status="done")),
        broken_matrix(lambda c: c["evidence"].append({"kind": "email", "title": "x"})),
        broken_matrix(lambda c: c["tests"].append({"date": "2026-01-01", "procedure": "p", "result": "passed", "sample_size": -1})),
        broken_matrix(lambda c: c.update(maps_to={"iso27001-2022": "A.5.1"})),
        broken_matrix(lambda c: c.pop("tests")),
    ):
        assert not v_matrix.is_valid(doc)



def test_formula_cells_read_back_as_text(trustpress, tmp_path):
    """A control whose text starts like a formula: the csv module reads each such cell with the `'`
    in front (a spreadsheet shows it as text); commas, quotes and non-ASCII text come back whole."""
    content = tmp_path / "mini-site"
    shutil.copytree(SITES["mini-site"], content)
    controls = content / "controls/controls.yaml"
    controls.write_text(controls.read_text() + (
        "  - id: MINI-X-01\n"
        "    title: '=HYPERLINK(\"https://evil.example\",\"Öffnen, bitte\")'\n"
        "    summary: '+1 — naïve, \"quoted\"'\n"
        "    status: planned\n"
        "    maps_to:\n"
        "      iso27001-2022: [A.5.9]\n"
        "    owner: '@security'\n"
        "    implementation: '-rf'\n"))
    run = subprocess.run([trustpress, "build", "--content", str(content), "--output", str(tmp_path / "out"),
                          "--date", "2026-11-30", "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    bundle = next((tmp_path / "out/confidential").iterdir())
    _, matrix = read_csv(bundle / "control-matrix.csv")
    x = next(r for r in matrix if r["id"] == "MINI-X-01")
    assert x["title"] == "'=HYPERLINK(\"https://evil.example\",\"Öffnen, bitte\")"
    assert x["summary"] == "'+1 — naïve, \"quoted\""
    assert x["owner"] == "'@security" and x["implementation"] == "'-rf"
    _, mapping = read_csv(bundle / "mapping.csv")
    assert next(r for r in mapping if r["control_id"] == "MINI-X-01")["control_title"].startswith("'=")
    # No cell of any export starts with a formula trigger.
    for path in CSV_FILES:
        _, rows = read_csv(bundle / path)
        for row in rows:
            for value in row.values():
                assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), (path, value)
    # The JSON keeps the text as written.
    document = json.loads((bundle / "control-matrix.json").read_text())
    assert next(c for c in document["controls"] if c["id"] == "MINI-X-01")["title"].startswith("=HYPERLINK(")
