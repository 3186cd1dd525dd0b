#!/usr/bin/env python3
"""`make bench`: TrustPress against Hugo and the cmark-gfm floor on the same synthetic policies.

For each size it generates deterministic content (bench/generate.py), then runs the tools in
rounds (one warm-up round, then N timed rounds; within a round each tool once, so a change in the
machine's load hits every tool alike), each into an output folder emptied first, and prints the
median wall time, the peak resident memory (the largest ru_maxrss of the timed runs) and the pages
written, with ratios. Every run's output is checked (page counts and a sample page's text), so a
fast run that skipped work fails the benchmark.
Timings are printed, never asserted.

Then `trustpress check` on one controls file with 1,000 and with 10,000 bad values (--bad-values):
every value must be reported, and the time ratio shows decoding is linear in the file (about 10x
for 10x the values; the retry loop it replaced re-decoded the file per error and stopped at 200).

usage: bench.py --trustpress PATH [--sizes 1000,10000] [--controls 2000] [--runs 5] [--work DIR]
                [--bad-values 1000,10000] [--skip-site]
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, cwd=None, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall seconds, peak RSS in MiB). Raises on a non-zero exit."""
    start = time.perf_counter()
    # Standard error goes to a file: a pipe that nobody reads while waiting can fill up and block.
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def measure_all(tools, runs):
    """Runs every tool once per round, one warm-up round and `runs` timed rounds, interleaved so a
    change in the machine's load affects every tool alike, in an order that rotates by one each round. Each tool's output folder is removed
    before each of its runs (`prepare`), so every run starts from the same empty output.
    Returns {label: (median wall seconds, peak RSS MiB)}."""
    samples = {t["label"]: [] for t in tools}
    pages = {}
    for i in range(runs + 1):
        # Each round starts with the next tool, so no tool always runs right after the same other
        # one (whose freshly written files the kernel may still be flushing, or whose freed inodes
        # the next file creations must skip).
        for t in tools[i % len(tools):] + tools[:i % len(tools)]:
            if t.get("prepare"):
                t["prepare"]()
            wall, rss = run(t["cmd"], cwd=t.get("cwd"))
            pages[t["label"]] = t["check"]()
            if i > 0:  # the first round warms the page cache
                samples[t["label"]].append((wall, rss))
    results = {}
    for t in tools:
        label = t["label"]
        median = statistics.median(w for w, _ in samples[label])
        peak = max(r for _, r in samples[label])
        print(f"  {label:<12} {median:8.2f} s   {peak:8.0f} MiB   {pages[label]:7d} pages", flush=True)
        results[label] = (median, peak)
    return results


def count(folder, suffix=".html"):
    return sum(1 for name in os.listdir(folder) if name.endswith(suffix)) if os.path.isdir(folder) else 0


def expect(condition, message):
    if not condition:
        raise SystemExit(f"benchmark check failed: {message}")


SITE_YAML = """organization:
  name: Tiny
  legal_name: Tiny Labs, Inc.
  website: https://tiny.example
trust_center:
  title: Tiny Trust Center
  description: Tiny is a small company.
  url: https://trust.tiny.example/
  contact_email: security@tiny.example
  access_request_url: mailto:trust@tiny.example
security_txt:
  contacts:
    - mailto:security@tiny.example
  expires: 2027-06-30T00:00:00Z
"""


def bench_bad_values(trustpress, work, counts, runs):
    """Times `trustpress check` on a site whose one controls file holds `count` bad values (half
    unknown statuses, half impossible dates), checks that every one is reported, and prints the
    time above a check of the same site without the file (start-up and the shipped catalogs), whose
    growth shows whether decoding is linear."""
    print(f"\ndecoding bad values (trustpress check, median of {runs} after 1 warm-up):", flush=True)
    times = {}
    for count in [0] + counts:
        content = os.path.join(work, f"bad-{count}")
        shutil.rmtree(content, ignore_errors=True)
        os.makedirs(os.path.join(content, "controls"))
        with open(os.path.join(content, "site.yaml"), "w", encoding="utf-8") as f:
            f.write(SITE_YAML)
        if count:
            with open(os.path.join(content, "controls", "bad.yaml"), "w", encoding="utf-8") as f:
                f.write("controls:\n")
                for i in range(count // 2):
                    f.write(f"  - {{id: C-{i}, title: T, summary: S, status: done, maps_to: {{}}, "
                            "tests: [{date: 2026-13-01, procedure: P, result: passed}]}\n")
        cmd = [trustpress, "check", "--content", content, "--date", "2026-11-30"]
        samples = []
        for i in range(runs + 1):
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True)
            wall = time.perf_counter() - start
            errors = (proc.stdout + proc.stderr).count(": error: ")
            expect(proc.returncode == (1 if count else 0), f"check exited {proc.returncode} on {count} bad values")
            expect(errors == count // 2 * 2, f"check reported {errors} of {count} bad values")
            if i > 0:
                samples.append(wall)
        times[count] = statistics.median(samples)
        label = f"{count:7d} bad values" if count else "  no controls file"
        print(f"  {label}  {times[count]:8.2f} s" + (f"   all {count} reported, {times[count] - times[0]:.2f} s above none" if count else ""),
              flush=True)
    # Each step against the one before: the smallest count's time is mostly start-up noise.
    for small, big in zip(counts, counts[1:]):
        above = [max(times[c] - times[0], 1e-3) for c in (small, big)]
        print(f"  {big} / {small} bad values: {above[1] / above[0]:.1f}x the time above none for {big / small:.0f}x the values"
              " (linear: about the same factor; the retry loop this replaced re-decoded the file per error)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trustpress", required=True)
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--controls", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", help="another trustpress binary (an earlier build) timed in the same rounds, for a before/after ratio")
    ap.add_argument("--work", default=os.path.join(ROOT, ".bench"))
    ap.add_argument("--bad-values", default="1000,10000", help="bad values per controls file; empty to skip")
    ap.add_argument("--skip-site", action="store_true", help="only the bad-values measurement")
    args = ap.parse_args()
    bad_counts = [int(s) for s in args.bad_values.split(",") if s]
    hugo = shutil.which("hugo")
    cmark = shutil.which("cmark-gfm")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}; runs: {args.runs} after 1 warm-up")
    if not hugo:
        print("hugo not found: skipping the Hugo comparison (make bench installs Debian's hugo)")
    if hugo:
        print("hugo:", subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())

    for size in [] if args.skip_site else [int(s) for s in args.sizes.split(",")]:
        work = os.path.join(args.work, str(size))
        content, site = os.path.join(work, "Content"), os.path.join(work, "hugo")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), content, "--policies", str(size),
                        "--controls", str(args.controls), "--hugo", site], check=True)
        print(f"\n{size} policies, {args.controls} controls:")
        out = os.path.join(work, "out")

        def check_trustpress():
            public = os.path.join(out, "public", "policies")
            bundles = os.listdir(os.path.join(out, "confidential"))
            bundle = os.path.join(out, "confidential", bundles[0], "policies")
            expect(count(public) == (size + 1) // 2, f"trustpress wrote {count(public)} public policies")
            expect(count(bundle) == size, f"trustpress wrote {count(bundle)} bundle policies")
            page = open(os.path.join(public, "policy-00000.html"), encoding="utf-8").read()
            # Headings carry ids and tables a scroll region (issue 10), so match the tags loosely.
            expect(re.search(r"<h[23][^>]*>Section 1:", page) and "<table>" in page and "<del>" in page,
                   "trustpress sample page lacks content")
            return count(public) + count(bundle)

        tools = [{"label": "trustpress", "check": check_trustpress,
                  "prepare": lambda: shutil.rmtree(out, ignore_errors=True),
                  # The built-in theme (compiled into the binary since issue 9), as a user builds.
                  "cmd": [args.trustpress, "build", "--quiet", "--content", content,
                          "--output", out, "--date", "2026-11-30"]}]
        if args.baseline:
            # The same build by an earlier binary, into its own folder, checked the same way.
            base_out = os.path.join(work, "baseline-out")

            def check_baseline():
                nonlocal out
                mine, out = out, base_out
                try:
                    return check_trustpress()
                finally:
                    out = mine

            tools.append({"label": "baseline", "check": check_baseline,
                          "prepare": lambda: shutil.rmtree(base_out, ignore_errors=True),
                          "cmd": [args.baseline, "build", "--quiet", "--content", content,
                                  "--output", base_out, "--date", "2026-11-30"]})
        if hugo:
            hugo_out = os.path.join(work, "hugo-out")

            def check_hugo():
                pages = [d for d in os.listdir(os.path.join(hugo_out, "policies")) if d.startswith("policy-")]
                expect(len(pages) == size, f"hugo wrote {len(pages)} policies")
                page = open(os.path.join(hugo_out, "policies", "policy-00000", "index.html"), encoding="utf-8").read()
                expect("Section 1:" in page and "<table>" in page and "<del>" in page, "hugo sample page lacks content")
                return len(pages)

            tools.append({"label": "hugo", "cmd": [hugo, "--quiet", "-d", hugo_out], "check": check_hugo, "cwd": site,
                          "prepare": lambda: shutil.rmtree(hugo_out, ignore_errors=True)})
        if cmark:
            joined = os.path.join(work, "all-policies.md")
            with open(joined, "w", encoding="utf-8") as f:
                for name in sorted(os.listdir(os.path.join(content, "policies"))):
                    text = open(os.path.join(content, "policies", name), encoding="utf-8").read()
                    f.write(text.split("\n---\n", 1)[1] + "\n\n")
            html = os.path.join(work, "all-policies.html")

            def check_cmark():
                expect(os.path.getsize(html) > os.path.getsize(joined), "cmark-gfm wrote too little")
                return size

            cmd = [cmark] + sum((["-e", e] for e in ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]), []) + [joined]
            tools.append({"label": "cmark-gfm", "cmd": ["sh", "-c", " ".join(cmd) + f" > {html}"], "check": check_cmark})
        results = measure_all(tools, args.runs)
        if "hugo" in results:
            t, h = results["trustpress"], results["hugo"]
            print(f"  trustpress / hugo: time {t[0] / h[0]:.2f}x, peak memory {t[1] / h[1]:.2f}x")
        if "baseline" in results:
            t, b = results["trustpress"], results["baseline"]
            print(f"  trustpress / baseline: time {t[0] / b[0]:.2f}x, peak memory {t[1] / b[1]:.2f}x")
        if "cmark-gfm" in results:
            print(f"  trustpress / cmark-gfm floor: time {results['trustpress'][0] / results['cmark-gfm'][0]:.2f}x")
    if bad_counts:
        bench_bad_values(args.trustpress, args.work, bad_counts, min(args.runs, 3))


if __name__ == "__main__":
    main()
