#!/usr/bin/env python3
"""Edit-to-reload latency of `docsite serve` on the benchmark corpus of N articles.

    bench/serve-latency.py [N ...] [--trials 10]

Builds the release binary, writes N articles with `../shared/bench/gen_corpus.py`, starts
`docsite serve` on a free port, listens to its event stream, and times two kinds of edit of one
article: a body edit (a paragraph appended: the page alone changes) and a title edit (the page's
list entry changes: lists, taxonomy pages, feeds and the search index follow). For each it prints
the median and range of the write-to-`reload`-event latency (which includes the watcher's
debounce) and of the server's own rebuild time ("rebuilt after FILE in X ms"). Also the time from
start to the first served build.
"""
import argparse
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def ms(values):
    return f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


def measure(count, trials):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp) / "site"
        subprocess.run([sys.executable, str(GEN), "--engine", "docsite", "--n", str(count), "--out", str(root)],
                       check=True, stdout=subprocess.DEVNULL)
        started = time.monotonic()
        server = subprocess.Popen(
            [REPO / "target" / "release" / "docsite", "serve", "--port", "0", "--root", root],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        rebuilds = []
        threading.Thread(target=lambda: [rebuilds.append(int(m.group(1))) for line in server.stderr
                                         for m in [re.search(r"rebuilt after \S+ in (\d+) ms", line)] if m],
                         daemon=True).start()
        line = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
        print(f"{count} articles: first build served after {time.monotonic() - started:.1f} s")
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__docsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        stream = events.makefile("rb")
        page = sorted((root / "content" / "posts").glob("post-*.md"))[count // 2]
        original = page.read_text()
        try:
            for kind in ("body", "title"):
                latencies = []
                rebuilds.clear()
                for trial in range(trials):
                    time.sleep(0.3)
                    if kind == "body":
                        text = page.read_text() + f"\nEdit number {trial}.\n"
                    else:
                        text = re.sub(r"^title: .*$", f"title: Retitled article {trial}", original, count=1, flags=re.M)
                    t0 = time.monotonic()
                    page.write_text(text)
                    event = None
                    while True:
                        line = stream.readline()
                        if not line:
                            raise SystemExit("the event stream closed (refused, or the server stopped)")
                        raw = line.decode().strip()
                        if raw.startswith("event: "):
                            event = raw[len("event: "):]
                        elif raw.startswith("data: ") and event == "reload":
                            latencies.append((time.monotonic() - t0) * 1000)
                            break
                time.sleep(0.2)
                print(f"  {kind} edit: reload event {ms(latencies)}; server rebuild {ms(rebuilds) if rebuilds else 'n/a'}")
        finally:
            server.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    for count in args.counts:
        measure(count, args.trials)
    return 0


if __name__ == "__main__":
    sys.exit(main())
