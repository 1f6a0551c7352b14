#!/usr/bin/env python3
"""Edit-to-reload latency of `docsite serve` on a synthetic site of N articles (default 1,000).

    bench/serve-latency.py [N] [--trials 10]

Builds the release binary, makes N copies of the tutorial bundle, starts `docsite serve` on a
free port, listens to its event stream, then edits one article repeatedly: each trial appends a
paragraph and times the write until the `reload` event arrives. Prints the median and range of
that latency and of the server's own rebuild time ("rebuilt page in X ms"), which includes no
debounce wait.
"""
import argparse
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
BUNDLE = REPO / "content" / "posts" / "containerize-ml-model-docker"


def make_corpus(root, count):
    (root / "content" / "posts").mkdir(parents=True)
    (root / "docsite.yaml").write_text("title: Synthetic corpus\n")
    for i in range(1, count + 1):
        dest = root / "content" / "posts" / f"post-{i:04}"
        shutil.copytree(BUNDLE, dest)
        text = (dest / "index.md").read_text()
        text = re.sub(r"^title: .*$", f"title: Containerized model number {i}", text, count=1, flags=re.M)
        text = re.sub(r"^date_published: .*$", f"date_published: {i % 28 + 1:02}/02/2021", text, count=1, flags=re.M)
        (dest / "index.md").write_text(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        make_corpus(root, args.count)
        started = time.monotonic()
        server = subprocess.Popen(
            [REPO / "target" / "release" / "docsite", "serve", "--port", "0", "--root", root],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        rebuilds = []
        threading.Thread(target=lambda: [rebuilds.append(int(m.group(1))) for line in server.stderr
                                         for m in [re.search(r"rebuilt page in (\d+) ms", line)] if m],
                         daemon=True).start()
        line = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
        print(f"{args.count} articles: initial build and start in {time.monotonic() - started:.1f} s")
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__docsite/events HTTP/1.1\r\nHost: x\r\n\r\n")
        stream = events.makefile("rb")
        page = root / "content" / "posts" / f"post-{args.count // 2:04}" / "index.md"
        latencies = []
        try:
            for trial in range(args.trials):
                time.sleep(0.3)
                text = page.read_text() + f"\nEdit number {trial}.\n"
                t0 = time.monotonic()
                page.write_text(text)
                event = None
                while True:
                    raw = stream.readline().decode().strip()
                    if raw.startswith("event: "):
                        event = raw[len("event: "):]
                    elif raw.startswith("data: ") and event == "reload":
                        latencies.append((time.monotonic() - t0) * 1000)
                        break
        finally:
            server.kill()
        time.sleep(0.2)
        ms = lambda values: f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"
        print(f"edit to reload event: {ms(latencies)} over {len(latencies)} edits (includes the 40 ms debounce)")
        if rebuilds:
            print(f"server rebuild of one page: {ms(rebuilds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
