#!/usr/bin/env python3
"""A seeded mutation fuzzer for `trustpress build`.

Each round copies a fixture site, mutates one or two of its files (byte flips, truncation, line
deletion and duplication, YAML syntax, huge values, deep nesting, NUL bytes, invalid UTF-8, Unicode
line separators, redaction-fence look-alikes, every Markdown link form, wide tables, many HTML
blocks), builds it into a fresh output folder and checks what every build must do on any input:

- exit 0, 1 or 2, never a signal, and finish within a generous hang guard (not a speed check);
- after a failure: every `error:` line is located (`path:line:column:` inside the content folder,
  or a path when the whole file is meant) and nothing at all was written to the output folder;
- after success: no canary string (`CANARY-…`) anywhere under `public/` unless the mutant itself
  put that string into a public field, and no link or image in a public page with a scheme other
  than http, https, mailto or tel.

Which fields are public is stated here, independently of the Swift code (PUBLIC_FIELDS), so the
oracle does not trust the projection it is testing. A redaction fence is recognised loosely (any
line with ':::' and a look-alike of 'confidential', any case), so a fence the tool failed to see
counts as hiding the text after it.

Every input that ever failed is kept under Tests/TrustPressTests/Fixtures/fuzz/ (a `base.txt`
naming the fixture site and a `content/` overlay) and replayed before the random rounds.

Usage: fuzz.py --binary PATH [--seed N] [--rounds N] [--jobs N] [--timeout S] [--save DIR]
Exit status: 0 when every round passed, 1 when any failed (each failure is printed and saved).
"""

import argparse
import concurrent.futures
import html.parser
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml  # PyYAML: an independent YAML reader for the oracle (installed into .venv by make)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "TrustPressTests" / "Fixtures"
SITES = ["canary-site", "mini-site"]
CORPUS = FIXTURES / "fuzz"
BUILD_DATE = "2026-11-30"

CANARY = re.compile(rb"canary-[a-z0-9.\-]*", re.IGNORECASE)
ERROR_LINE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: error: ")
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}

# Public fields per content file, as docs/content-format.md and the public projection state them.
# ALL: every value below is public. A dict: only those keys. A one-item list: every item, by the spec.
ALL = "ALL"
PUBLIC_FIELDS = {
    "site.yaml": ALL,
    "subprocessors.yaml": ALL,
    "certifications": ALL,
    "frameworks": ALL,
    "attestations": {k: ALL for k in ["framework", "type", "period", "as_of", "report_date", "auditor",
                                      "categories", "public_summary"]},
    "controls": {"controls": [{k: ALL for k in ["id", "title", "summary", "status", "maps_to"]}]},
    "applicability.yaml": {},
}
POLICY_ALWAYS_PUBLIC = ["title", "id", "public_summary", "controls"]
POLICY_PUBLIC_WHEN_OPEN = ["version", "approved", "next_review"]

# Look-alikes of ':' and of the letters of "confidential" (from Unicode's confusables.txt, UTS #39),
# used both to disguise fences and to recognise disguised ones.
COLON_LOOKALIKES = ["\uff1a", "\u2236", "\ufe55", "\ufe13", "\ua789", "\u02f8", "\u0703", "\u0589", "\u05c3",
                    "\ufe30", "\u02d0", "\u0704", "\u205a", "\ua4fd", "\u16ec", "\u1803", "\u0903"]
LETTER_LOOKALIKES = {"c": ["\u0441", "\u03f2", "\u217d"], "o": ["\u043e", "\u03bf", "\u0585"],
                     "n": ["\u0578"], "f": ["\u0192"], "i": ["\u0456", "\u0131", "\u2170"],
                     "d": ["\u0501", "\u217e"], "e": ["\u0435", "\u212e"], "t": ["\u1d1b"],
                     "a": ["\u0430", "\u0251"], "l": ["\u04cf", "\u2113", "\u217c", "1"]}
INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f"]
LINE_SEPARATORS = ["\u2028", "\u2029", "\u0085", "\r"]

LINK_FORMS = [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox)", "[x](data:text/html,hi)",
    "<javascript:alert(1)>", "<irc://evil.example/x>", "<file:///etc/passwd>", "<search-ms:query=x>",
    "<ms-msdt:/id>", "<ssh://evil.example>", "<ftp://evil.example/x>", "www.evil.example/x", "http://ok.example/y",
    "[ref][r]\n\n[r]: javascript:alert(1)", "[ref][s]\n\n[s]: ftp://evil.example", "![i](file:///etc/passwd)",
    "![i](https://images.example/a.png)", "[x](  javascript:alert(1)  )", "[x](java\tscript:x)",
    "<a href=\"javascript:alert(1)\">raw</a>", "[x](#anchor)", "[x](other.md)", "[x](secret-policy.md)",
    "mailto:me@example.com", "<tel:+15551234>", "[x](//evil.example/x)", "[x](/etc/passwd)",
]


def fence_lookalikes(rng):
    """A line that looks like a redaction fence opener, disguised one way or another."""
    word = "confidential"
    kind = rng.randrange(8)
    if kind == 0:
        word = word.upper() if rng.random() < .5 else word.capitalize()
    elif kind == 1:
        letters = list(word)
        i = rng.randrange(len(letters))
        options = LETTER_LOOKALIKES.get(letters[i])
        if options:
            letters[i] = rng.choice(options)
        word = "".join(letters)
    elif kind == 2:
        i = rng.randrange(len(word) + 1)
        word = word[:i] + rng.choice(INVISIBLE) + word[i:]
    colons = ":::"
    if kind == 3:
        colons = "".join(rng.choice([":", rng.choice(COLON_LOOKALIKES)]) for _ in range(3))
    if kind == 4:
        colons = rng.choice(["::", "::::", ": : :", "::: :"])
    space = rng.choice(["", " ", "  ", "\t", " \u00a0", "\u3000"])
    prefix = rng.choice(["", "", "- ", "* ", "1. ", "> ", "# ", "## ", "| ", "    ", "\t", "   ", "<div>", "> - "])
    suffix = rng.choice(["", "", " |", " ", " :::", " block", " -->"])
    return prefix + colons + space + word + suffix


def lookalike_fence_skeleton(line):
    """The loose reading of a fence line: look-alikes folded, invisibles removed, case folded."""
    fold = {ch: plain for plain, options in LETTER_LOOKALIKES.items() for ch in options}
    fold.update({ch: ":" for ch in COLON_LOOKALIKES})
    return "".join(fold.get(ch, ch) for ch in line if ch not in INVISIBLE).lower()


# ---------------------------------------------------------------------------------------------
# Mutations: each takes the file's bytes and a random generator and returns new bytes.

def m_flip(data, rng):
    if not data:
        return b"\x00"
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def m_truncate(data, rng):
    return data[:rng.randrange(len(data) + 1)]


def lines_of(data):
    return data.split(b"\n")


def m_delete_line(data, rng):
    lines = lines_of(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def m_duplicate_line(data, rng):
    lines = lines_of(data)
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines) + 1)
    lines.insert(j, lines[i])
    return b"\n".join(lines)


def m_swap_lines(data, rng):
    lines = lines_of(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


YAML_SNIPPETS = [b": ", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"!!binary ", b"<<: *a", b"? ", b"|",
                 b">-", b"'", b"\"", b"# ", b"\t", b"---", b"...", b"~", b"null", b"!x ", b"%YAML 1.1", b"@",
                 b"`", b",", b"&a [*a, *a]", b"!!str ", b"=: x", b"yamlTag: x", b"visibility: public",
                 b"<<: {visibility: public}", b"summary: |\n  ::: confidential\n  CANARY-FENCED\n  :::"]


def m_yaml_syntax(data, rng):
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(YAML_SNIPPETS) + data[i:]


def insert_line(data, rng, text):
    lines = lines_of(data)
    lines.insert(rng.randrange(len(lines) + 1), text)
    return b"\n".join(lines)


def m_huge_value(data, rng):
    unit = rng.choice([b"x", b"www.a_b_", b"A.5.1 ", b"*", b"_", b"[", b"\\", b"<", b"&#", b"|", b"CANARY-HUGE-"])
    n = rng.choice([10_000, 100_000, 400_000]) // len(unit)
    lines = lines_of(data)
    i = rng.randrange(len(lines))
    line = lines[i]
    cut = line.find(b": ")
    lines[i] = (line[:cut + 2] if cut >= 0 else line) + unit * n
    return b"\n".join(lines)


def m_deep_nesting(data, rng):
    depth = rng.choice([100, 1_000, 20_000])
    snippet = rng.choice([b"[" * depth, b"{a: " * depth, b"> " * depth + b"x", b"- " * depth + b"x",
                          b"".join(b"  " * k + b"- x\n" for k in range(min(depth, 2_000))),
                          b"*" * depth + b"x" + b"*" * depth, b"<div>" * depth])
    return insert_line(data, rng, snippet)


def m_nul(data, rng):
    i = rng.randrange(len(data) + 1)
    return data[:i] + b"\x00" * rng.randint(1, 3) + data[i:]


def m_invalid_utf8(data, rng):
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"]) + data[i:]


def m_line_separator(data, rng):
    sep = rng.choice(LINE_SEPARATORS).encode()
    lines = lines_of(data)
    i = rng.randrange(len(lines))
    if rng.random() < .5 and len(lines) > 1:
        # Join two lines with a separator an editor does not show as a line break.
        j = min(i + 1, len(lines) - 1)
        lines[i:j + 1] = [lines[i] + sep + lines[j]] if j != i else [lines[i] + sep]
    else:
        lines[i] = lines[i] + sep + b"visibility: public"
    return b"\n".join(lines)


def m_fence(data, rng):
    text = fence_lookalikes(rng).encode()
    lines = lines_of(data)
    # Prefer replacing a real fence, else put the look-alike before a canary line.
    fences = [k for k, l in enumerate(lines) if l.strip() == b"::: confidential"]
    canaries = [k for k, l in enumerate(lines) if CANARY.search(l)]
    if fences and rng.random() < .6:
        lines[rng.choice(fences)] = text
    else:
        k = rng.choice(canaries) if canaries else rng.randrange(len(lines) + 1)
        closing = rng.choice([b":::", b"", b"- :::", b"> :::"])
        lines[k:k] = [text]
        lines.insert(min(k + 2, len(lines)), closing)
    return b"\n".join(lines)


def m_link(data, rng):
    form = rng.choice(LINK_FORMS).encode()
    where = rng.choice([b"", b"- ", b"> ", b"| a | ", b"# ", b"Text before "])
    return insert_line(data, rng, b"\n" + where + form + b"\n")


def m_wide_table(data, rng):
    n = rng.choice([50, 2_000, 8_000])
    table = b"|" + b"a|" * n + b"\n|" + b"-|" * n + b"\n|" + b"b|" * n
    return insert_line(data, rng, b"\n" + table + b"\n")


def m_html_blocks(data, rng):
    n = rng.choice([100, 20_000, 100_000])
    return insert_line(data, rng, b"\n" + b"<div>x</div>\n\n" * n)


MUTATIONS = [m_flip, m_truncate, m_delete_line, m_duplicate_line, m_swap_lines, m_yaml_syntax, m_huge_value,
             m_deep_nesting, m_nul, m_invalid_utf8, m_line_separator, m_fence, m_link, m_wide_table, m_html_blocks]
MARKDOWN_ONLY = {m_fence, m_link, m_wide_table, m_html_blocks}


# ---------------------------------------------------------------------------------------------
# The oracle's independent reading of what the mutant declares public.

STR_TAG = "tag:yaml.org,2002:str"


def scalars(node):
    """Every scalar value (and key) at or below a composed YAML node."""
    if isinstance(node, yaml.ScalarNode):
        yield node.value
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from scalars(k)
            yield from scalars(v)


def mapping_items(node):
    """(key, value) pairs of a mapping, merge keys (`<<`) expanded; only plain text keys."""
    if not isinstance(node, yaml.MappingNode):
        return
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "<<":
            for merged in (v.value if isinstance(v, yaml.SequenceNode) else [v]):
                yield from mapping_items(merged)
        elif isinstance(k, yaml.ScalarNode) and k.tag == STR_TAG:
            yield k.value, v


def public_text(node, spec, depth=0):
    if spec == ALL:
        yield from scalars(node)
    elif isinstance(spec, dict):
        for key, value in mapping_items(node):
            if key in spec:
                yield from public_text(value, spec[key], depth + 1)
    elif isinstance(spec, list) and isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from public_text(item, spec[0], depth + 1)


def compose(text):
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def read_text(path):
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n")


def policy_public_text(text):
    lines = text.split("\n")
    if not lines or lines[0].rstrip(" \t") != "---":
        return []
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip(" \t") in ("---", "...")), None)
    if end is None:
        return []
    front = compose("\n".join(lines[1:end]))
    fields = dict(mapping_items(front)) if front is not None else {}
    visibility = fields.get("visibility")
    open_policy = isinstance(visibility, yaml.ScalarNode) and visibility.value == "public"
    out = []
    for key in POLICY_ALWAYS_PUBLIC + (POLICY_PUBLIC_WHEN_OPEN if open_policy else []):
        if key in fields:
            out.extend(scalars(fields[key]))
    if open_policy:
        hidden = False
        for line in lines[end + 1:]:
            loose = lookalike_fence_skeleton(line)
            if ":::" in loose and "confidential" in loose.replace(" ", ""):
                hidden = True
                continue
            if hidden and loose.strip().strip(">-*| \t") == ":::":
                hidden = False
                continue
            if not hidden:
                out.append(line)
    return out


def declared_public_canaries(content):
    """Canary strings the mutant itself puts into public fields (these may be published)."""
    found = set()
    inside = content.resolve()
    for path in sorted(content.rglob("*")):
        # A link that leaves the content folder publishes nothing (it must be an error).
        if not path.is_file() or inside not in path.resolve().parents:
            continue
        rel = path.relative_to(content).as_posix()
        text = read_text(path)
        if rel.startswith("policies/") and rel.endswith(".md"):
            pieces = policy_public_text(text)
        else:
            spec = PUBLIC_FIELDS.get(rel, PUBLIC_FIELDS.get(rel.split("/")[0], {}))
            node = compose(text)
            pieces = list(public_text(node, spec)) if node is not None else []
        for piece in pieces:
            found.update(normalise(m) for m in CANARY.findall(piece.encode()))
    return found


def normalise(token):
    return token.rstrip(b".-").upper()


class LinkScan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "srcset", "poster", "xlink:href") and value:
                v = re.sub(r"[\x00-\x20]", "", value).lower()
                m = re.match(r"([a-z][a-z0-9+.\-]*):", v)
                if m and m.group(1) not in ALLOWED_SCHEMES:
                    self.bad.append(f"<{tag} {name}=\"{value[:80]}\">")


# ---------------------------------------------------------------------------------------------

OUTSIDE_POLICY = b"""---
title: Outside
visibility: public
---

CANARY-OUTSIDE-CONTENT lives outside the content folder.
"""


class Symlink(bytes):
    """A mutated file that is a symbolic link to a file outside the content folder."""


def make_case(rng, site):
    """Picks files of `site` and mutates them; returns {relative path: new bytes or Symlink}."""
    base = FIXTURES / site
    files = sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())
    changed = {}
    if rng.random() < .03:
        rel = rng.choice(files + ["policies/linked.md"])
        changed[rel] = Symlink(OUTSIDE_POLICY)
        return changed
    for _ in range(rng.choice([1, 1, 1, 2])):
        rel = rng.choice(files)
        data = changed.get(rel, (base / rel).read_bytes())
        choices = MUTATIONS if rel.endswith(".md") or rng.random() < .2 else \
            [m for m in MUTATIONS if m not in MARKDOWN_ONLY]
        for _ in range(rng.choice([1, 1, 2, 3])):
            mutation = rng.choice(choices)
            data = mutation(data, rng)
        changed[rel] = data
    return changed


def is_binary_asset(path):
    """An image or a document (policies/images/, documents/): a whole file judged by its bytes, which
    has no line to point at (an SVG that is not well-formed XML, a PDF), so its error names the file."""
    parts = Path(path).parts
    return "documents" in parts or "images" in parts


def run_case(binary, site, changed, timeout):
    """Builds the mutant; returns a list of problems (empty when it passed) and a summary."""
    with tempfile.TemporaryDirectory(prefix="tp-fuzz-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(FIXTURES / site, content)
        for rel, data in changed.items():
            target = content / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, Symlink):
                outside = Path(tmp) / "outside.md"
                outside.write_bytes(data)
                if target.exists():
                    target.unlink()
                target.symlink_to(outside)
            else:
                target.write_bytes(data)
        output = Path(tmp) / "out"
        cmd = [str(binary), "build", "--content", str(content), "--templates", str(ROOT / "Templates"),
               "--output", str(output), "--date", BUILD_DATE, "--recipient", "Fuzz Corp"]
        env = dict(os.environ, NO_COLOR="1", TMPDIR=tmp)
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            return [f"hang: no exit within {timeout} s"], "timeout"
        elapsed = time.monotonic() - start
        problems = []
        code = proc.returncode
        stderr = proc.stderr.decode("utf-8", errors="replace")
        if code < 0:
            problems.append(f"killed by signal {signal.Signals(-code).name}")
        elif code not in (0, 1, 2):
            problems.append(f"exit status {code}")
        if code != 0:
            if (output / "public").exists() or (output / "confidential").exists():
                problems.append("a failed build left output behind")
            for line in stderr.splitlines():
                if ": error: " not in line:
                    continue
                m = ERROR_LINE.match(line)
                path = m.group("path") if m else ""
                if not path.startswith(str(content)):
                    if code == 2 and path.startswith(str(output)):
                        continue
                    problems.append(f"error not located in the content: {line[:300]}")
                elif m.group("line") is None and Path(path).is_file() and not Path(path).is_symlink() \
                        and Path(path).stat().st_size > 0 and not is_binary_asset(path):
                    problems.append(f"error without a line in a file that exists: {line[:300]}")
            if code == 1 and ": error: " not in stderr:
                problems.append("exit 1 without any error message")
        else:
            allowed = declared_public_canaries(content)
            for path in sorted((output / "public").rglob("*")):
                if not path.is_file():
                    continue
                data = path.read_bytes()
                leaked = {normalise(t) for t in CANARY.findall(data)} - allowed
                if leaked:
                    rel = path.relative_to(output)
                    problems.append(f"leak: {', '.join(sorted(t.decode() for t in leaked))} in {rel}")
                text = data.decode("utf-8", errors="replace")
                for line in text.splitlines():
                    loose = lookalike_fence_skeleton(line)
                    if ":::" in loose and "confidential" in loose.replace(" ", ""):
                        problems.append(f"fence-like text published in {path.relative_to(output)}: {line.strip()[:120]}")
                        break
                if path.suffix == ".html":
                    scan = LinkScan()
                    scan.feed(data.decode("utf-8", errors="replace"))
                    for bad in scan.bad:
                        problems.append(f"disallowed link scheme in {path.relative_to(output)}: {bad}")
        return problems, f"exit {code} in {elapsed:.1f} s"


def save_case(folder, site, changed, problems):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "base.txt").write_text(site + "\n")
    (folder / "problems.txt").write_text("\n".join(problems) + "\n")
    for rel, data in changed.items():
        target = folder / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Symlink):
            (folder / "content" / (rel + ".symlink")).write_bytes(data)
        else:
            target.write_bytes(data)


def load_corpus():
    cases = []
    if CORPUS.is_dir():
        for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            site = (folder / "base.txt").read_text().strip()
            overlay = folder / "content"
            changed = {}
            for p in sorted(overlay.rglob("*")):
                if p.is_file():
                    rel = p.relative_to(overlay).as_posix()
                    if rel.endswith(".symlink"):
                        changed[rel[:-len(".symlink")]] = Symlink(p.read_bytes())
                    else:
                        changed[rel] = p.read_bytes()
            cases.append((f"corpus/{folder.name}", site, changed))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the trustpress executable")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same mutants)")
    parser.add_argument("--rounds", type=int, default=200, help="random mutants to build")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="builds at once")
    parser.add_argument("--timeout", type=float, default=60, help="hang guard per build, in seconds")
    parser.add_argument("--save", default=".fuzz-failures", help="where failing mutants are written")
    parser.add_argument("--no-corpus", action="store_true", help="skip replaying the saved failures")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    cases = [] if args.no_corpus else load_corpus()
    for i in range(args.rounds):
        site = rng.choice(SITES)
        cases.append((f"seed{args.seed}-{i}", site, make_case(rng, site)))

    failed = 0
    exits = {}
    # A private copy of the binary: a rebuild during a long run neither fails it nor changes it midway.
    private = tempfile.TemporaryDirectory(prefix="tp-fuzz-bin-")
    binary = Path(private.name) / "trustpress"
    shutil.copy2(args.binary, binary)
    with private, concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_case, binary, site, changed, args.timeout): (name, site, changed)
                   for name, site, changed in cases}
        for future in concurrent.futures.as_completed(futures):
            name, site, changed = futures[future]
            problems, summary = future.result()
            exits[summary.split(" in ")[0]] = exits.get(summary.split(" in ")[0], 0) + 1
            if problems:
                failed += 1
                save_case(Path(args.save) / name.replace("/", "-"), site, changed, problems)
                print(f"FAIL {name} ({site}: {', '.join(sorted(changed))}; {summary})")
                for p in problems:
                    print(f"  {p}")
    passed = len(cases) - failed
    print("fuzz: " + ", ".join(f"{n} × {k}" for k, n in sorted(exits.items())))
    if failed:
        print(f"fuzz: failing mutants were written to {args.save}/; move each into "
              f"Tests/TrustPressTests/Fixtures/fuzz/ once it is fixed")
    print(f"fuzz: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
