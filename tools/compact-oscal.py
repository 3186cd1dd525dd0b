#!/usr/bin/env python3
"""Writes the part of a NIST OSCAL catalog that TrustPress reads, as a smaller OSCAL catalog.

    python3 tools/compact-oscal.py NIST_SP-800-53_rev5_catalog.json Sources/TrustPressCore/Resources/Catalogs/nist-sp800-53-r5.json

Kept: the metadata's title, version, last-modified and oscal-version; every group and control
(nested ones too) with its id, class, title and its `label`, `sort-id` and `status` props; the
links that name a withdrawn control's successor (incorporated-into, moved-to, either spelling);
and the statement prose of a control whose title only repeats its label (CSF subcategories),
which TrustPress shows as its title. Dropped: parameters, guidance, examples, references, back
matter. The result is read by TrustPress exactly as the full file is (a test checks it), and is
public domain like its source (a work of the US government).
"""
import json
import sys

SUCCESSOR = {"incorporated-into", "incorporated_into", "moved-to", "moved_to"}
PROPS = {"label", "sort-id", "status"}


def label(obj):
    for p in obj.get("props", []):
        if p.get("name") == "label" and "ns" not in p:
            return p["value"]
    return None


def head(obj):
    """The id, class, title and kept props of a group or control."""
    out = {"id": obj["id"]}
    for key in ("class", "title"):
        if key in obj:
            out[key] = obj[key]
    props = [{"name": p["name"], "value": p["value"]} for p in obj.get("props", [])
             if p.get("name") in PROPS and "ns" not in p]
    if props:
        out["props"] = props
    return out


def control(c):
    out = head(c)
    links = [{"href": l["href"], "rel": l["rel"]} for l in c.get("links", []) if l.get("rel") in SUCCESSOR]
    if links:
        out["links"] = links
    if c.get("title") in (label(c), c["id"]):
        statement = [p for p in c.get("parts", []) if p.get("name") == "statement" and "prose" in p]
        if statement:
            out["parts"] = [{"id": statement[0].get("id", c["id"] + "_smt"), "name": "statement", "prose": statement[0]["prose"]}]
    if c.get("controls"):
        out["controls"] = [control(x) for x in c["controls"]]
    return out


def group(g):
    out = head(g)
    if g.get("groups"):
        out["groups"] = [group(x) for x in g["groups"]]
    if g.get("controls"):
        out["controls"] = [control(x) for x in g["controls"]]
    return out


def main():
    source, target = sys.argv[1], sys.argv[2]
    catalog = json.load(open(source, encoding="utf-8"))["catalog"]
    meta = catalog["metadata"]
    out = {"catalog": {
        "uuid": catalog["uuid"],
        "metadata": {k: meta[k] for k in ("title", "last-modified", "version", "oscal-version") if k in meta},
    }}
    if catalog.get("groups"):
        out["catalog"]["groups"] = [group(g) for g in catalog["groups"]]
    if catalog.get("controls"):
        out["catalog"]["controls"] = [control(c) for c in catalog["controls"]]
    with open(target, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
