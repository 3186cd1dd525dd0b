#!/usr/bin/env python3
"""Edit → rebuild-event latency of `trustpress serve` on a copy of the sample site.

Starts `serve --port 0` on a temporary copy of Content/ and Templates/, listens on
/_trustpress/events, appends a line to one policy RUNS times and prints, per run, the time from the
write to the rebuild event (watcher debounce + build + event), plus the build times serve reported.
The browser side (event → reloaded page) is measured by Tests/browser/test_live_reload.py.

    python3 bench/serve_latency.py --trustpress .build/release/trustpress --runs 10
"""

import argparse
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trustpress", required=True)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        shutil.copytree(ROOT / "Content", folder / "Content")
        shutil.copytree(ROOT / "Templates", folder / "Templates")
        errors = open(folder / "stderr.txt", "w+")
        server = subprocess.Popen([str(pathlib.Path(args.trustpress).resolve()), "serve", "--port", "0", "--date", "2026-11-30"],
                                  stdout=subprocess.PIPE, stderr=errors, cwd=folder)
        try:
            port = int(re.search(r":(\d+)/", server.stdout.readline().decode()).group(1))
            events = socket.create_connection(("127.0.0.1", port), timeout=30)
            events.sendall(f"GET /_trustpress/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            received = b""

            def next_event():
                nonlocal received
                while b"event: build" not in received:
                    received += events.recv(65536)
                received = received.split(b"event: build", 1)[1]

            next_event()  # the current build, sent on connect
            latencies = []
            policy = folder / "Content/policies/information-security.md"
            for run in range(args.runs):
                time.sleep(0.3)
                written = time.monotonic()
                with open(policy, "a", encoding="utf-8") as file:
                    file.write(f"\nLine {run} added by the latency benchmark.\n")
                next_event()
                latencies.append(time.monotonic() - written)
        finally:
            server.terminate()
            server.wait(30)
        errors.seek(0)
        builds = [float(x) for x in re.findall(r"Built in ([0-9.]+) s", errors.read())][1:]
    print("write → rebuild event (s):", " ".join(f"{x:.3f}" for x in latencies))
    print(f"median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s over {len(latencies)} runs")
    if builds:
        print(f"build alone (serve's own figure): median {statistics.median(builds):.3f} s, max {max(builds):.3f} s")


if __name__ == "__main__":
    main()
