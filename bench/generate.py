#!/usr/bin/env python3
"""Deterministic synthetic content for `make bench`.

Writes a TrustPress content folder (policies, controls, a certificate, a SOC 2 report) and, when
asked, a Hugo site holding the same policy Markdown. Seeded: the same arguments give the same bytes.

usage: generate.py OUT_DIR [--policies N] [--controls M] [--seed S] [--hugo HUGO_DIR]
"""
import argparse
import os
import random
import shutil

WORDS = ("access account audit backup change classify confidential control customer data "
         "encrypt evidence incident integrity key log monitor network owner password patch policy "
         "privacy process record recovery review risk role secure service supplier system test "
         "training user vendor vulnerability availability approval asset baseline capacity").split()

ANNEX_A = ([f"A.5.{i}" for i in range(1, 38)] + [f"A.6.{i}" for i in range(1, 9)] +
           [f"A.7.{i}" for i in range(1, 15)] + [f"A.8.{i}" for i in range(1, 35)])
SOC2 = ([f"CC1.{i}" for i in range(1, 6)] + [f"CC2.{i}" for i in range(1, 4)] +
        [f"CC3.{i}" for i in range(1, 5)] + [f"CC4.{i}" for i in range(1, 3)] +
        [f"CC5.{i}" for i in range(1, 4)] + [f"CC6.{i}" for i in range(1, 9)] +
        [f"CC7.{i}" for i in range(1, 6)] + ["CC8.1", "CC9.1", "CC9.2"] +
        ["A1.1", "A1.2", "A1.3", "C1.1", "C1.2"])


def sentence(rng, n=None):
    n = n or rng.randint(8, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def policy_body(rng, index, total):
    parts = []
    size = 0
    section = 0
    while size < 3800:
        section += 1
        parts.append(f"## Section {section}: {rng.choice(WORDS)} {rng.choice(WORDS)}\n")
        parts.append(paragraph(rng) + "\n")
        other = rng.randrange(total)
        parts.append(f"See the [related policy](policy-{other:05d}.md) and **{rng.choice(WORDS)}** "
                     f"requirements, with ~~{rng.choice(WORDS)}~~ replaced.\n")
        parts.append("\n".join(f"- {sentence(rng, rng.randint(5, 10))}" for _ in range(rng.randint(3, 5))) + "\n")
        if section % 2 == 0:
            parts.append("| Item | Owner | Frequency |\n| --- | --- | --- |\n" +
                         "\n".join(f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {rng.choice(['daily', 'weekly', 'yearly'])} |"
                                   for _ in range(4)) + "\n")
        size = sum(len(p) for p in parts)
    return "\n".join(parts)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--policies", type=int, default=10000)
    ap.add_argument("--controls", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=27001)
    ap.add_argument("--hugo")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    shutil.rmtree(args.out, ignore_errors=True)

    write(f"{args.out}/site.yaml", """organization: {name: Benchmark, legal_name: Benchmark Inc., website: "https://bench.example"}
trust_center:
  title: Benchmark Trust Center
  description: Synthetic content for the benchmark.
  url: https://trust.bench.example/
  contact_email: security@bench.example
  access_request_url: https://bench.example/request
security_txt:
  contacts: ["mailto:security@bench.example"]
  expires: "2027-06-30T00:00:00Z"
""")
    write(f"{args.out}/certifications/iso.yaml", """framework: iso27001-2022
standard: "ISO/IEC 27001:2022"
certificate_number: "B-1"
certification_body: {name: Bench Certification}
accreditation_body: UKAS
scope: Everything.
sites: [{name: HQ, address: "1 Bench Street"}]
initial_certification: 2025-01-10
issued: 2025-01-10
expires: 2028-01-09
soa_version: "1"
verification_url: https://cert.bench.example/B-1
surveillance_audits: [{due: 2026-01-09, status: completed}]
""")
    write(f"{args.out}/attestations/soc2.yaml", """framework: soc2-2017
type: 2
period: {start: 2025-10-01, end: 2026-09-30}
report_date: 2026-11-01
auditor: {name: Bench Auditors LLP}
categories: [security, availability, confidentiality]
opinion: unqualified
""")
    decisions = "\n".join(f"  {a}:\n    applicable: true\n    justification: Required by the risk treatment plan." for a in ANNEX_A)
    write(f"{args.out}/applicability.yaml", "iso27001-2022:\n" + decisions + "\n")
    per_file = 200
    for f in range(0, args.controls, per_file):
        lines = ["controls:"]
        for i in range(f, min(f + per_file, args.controls)):
            iso = sorted({ANNEX_A[i % len(ANNEX_A)], rng.choice(ANNEX_A)})
            soc = sorted({SOC2[i % len(SOC2)], rng.choice(SOC2)})
            lines.append(f"""  - id: C-{i:05d}
    title: {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} control {i}
    summary: {sentence(rng)}
    status: implemented
    maps_to:
      iso27001-2022: [{", ".join(iso)}]
      soc2-2017: [{", ".join(soc)}]
    owner: Owner {i % 37}
    implementation: |
      {paragraph(rng)}
    evidence:
      - {{kind: test-result, title: "Evidence {i}", date: 2026-10-01, reference: "EV-{i}"}}
    tests:
      - {{date: 2026-10-15, procedure: "Inspected {i}", sample_size: 25, exceptions: 0, result: passed}}""")
        write(f"{args.out}/controls/controls-{f // per_file:03d}.yaml", "\n".join(lines) + "\n")

    for i in range(args.policies):
        body = policy_body(rng, i, args.policies)
        visibility = "public" if i % 2 == 0 else "confidential"
        front = (f"---\ntitle: Policy {i:05d} {rng.choice(WORDS)}\nversion: \"1.{i % 10}\"\nowner: Owner {i % 37}\n"
                 f"approved: 2026-06-01\nnext_review: 2027-06-01\nvisibility: {visibility}\n---\n\n")
        write(f"{args.out}/policies/policy-{i:05d}.md", front + body)
        if args.hugo:
            write(f"{args.hugo}/content/policies/policy-{i:05d}.md",
                  f"---\ntitle: \"Policy {i:05d}\"\n---\n\n" + body)
    if args.hugo:
        write(f"{args.hugo}/hugo.toml", 'baseURL = "https://trust.bench.example/"\ntitle = "Benchmark"\n'
              'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
        write(f"{args.hugo}/layouts/_default/single.html",
              '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
              '<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n')
        write(f"{args.hugo}/layouts/_default/list.html",
              '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
              '<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n')
        write(f"{args.hugo}/layouts/index.html",
              '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
              '<body><main><h1>{{ .Title }}</h1></main></body></html>\n')


if __name__ == "__main__":
    main()
