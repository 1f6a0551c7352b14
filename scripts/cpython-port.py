#!/usr/bin/env python3
"""What docsite's CPython port buys: syntax errors with it and without it (ruff's parser alone),
each compared with CPython's own, on real Python files and mutants of them.

    scripts/cpython-port.py [--python python3.11] [--mutants 5] [--seed 1] FOLDER...

Every `.py` file under the folders is taken as it is, and `--mutants` times with one edit that
writers make by accident (a bracket, quote, colon or comma dropped or doubled, a word deleted, a
line indented one level too far or too little). CPython (`compile(src, path, "exec")`) says
what is wrong with each; `cargo run --release -p docsite-check --example syntax_errors` says what
docsite says with its port and without it. The table counts, over the files CPython rejects,
how often each agrees with CPython on the line, on line and column, and on the message too,
and, over all files, how often each gets the verdict (valid or not) wrong.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import random
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
CPYTHON = r"""import json, sys
for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    try:
        compile(src, path, "exec")
        found = None
    except SyntaxError as e:
        found = [e.lineno, e.offset, e.msg]
    except (ValueError, RecursionError, MemoryError):
        found = "skip"
    print(json.dumps([path, found]))
"""
PUNCTUATION = "()[]{}:,'\""


def mutate(source: str, rng: random.Random) -> str:
    """`source` with one accidental edit."""
    kind = rng.choice(["drop", "double", "word", "indent"])
    if kind in ("drop", "double"):
        spots = [i for i, c in enumerate(source) if c in PUNCTUATION]
        if not spots:
            return source
        at = rng.choice(spots)
        return source[:at] + (source[at] * 2 if kind == "double" else "") + source[at + 1:]
    lines = source.split("\n")
    candidates = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    if not candidates:
        return source
    n = rng.choice(candidates)
    line = lines[n]
    if kind == "word":
        words = line.split()
        del words[rng.randrange(len(words))]
        indent = line[: len(line) - len(line.lstrip())]
        lines[n] = indent + " ".join(words)
    elif line.startswith("    ") and rng.random() < 0.5:
        lines[n] = line[4:]
    else:
        lines[n] = "    " + line
    return "\n".join(lines)


def batched(command: list[str], paths: list[str]) -> dict[str, object]:
    found: dict[str, object] = {}
    for start in range(0, len(paths), 200):
        done = subprocess.run(command + paths[start:start + 200], capture_output=True, text=True)
        for line in done.stdout.splitlines():
            row = json.loads(line)
            found[row[0]] = row[1:] if len(row) > 2 else row[1]
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--python", default="python3.11")
    ap.add_argument("--mutants", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    version = subprocess.run([args.python, "-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"],
                             capture_output=True, text=True, check=True).stdout.strip()
    rng = random.Random(args.seed)
    work = pathlib.Path(tempfile.mkdtemp(prefix="cpython-port-"))
    paths = []
    for folder in args.folders:
        for n, source_path in enumerate(sorted(pathlib.Path(folder).rglob("*.py"))):
            try:
                source = source_path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for m in range(args.mutants + 1):
                text = source if m == 0 else mutate(source, rng)
                path = work / f"{n:04d}-{m}.py"
                path.write_text(text, encoding="utf-8")
                paths.append(str(path))
    cpython = batched([args.python, "-c", CPYTHON], paths)
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "docsite-check", "--example", "syntax_errors"],
                   cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "examples" / "syntax_errors"
    docsite = batched([str(binary), version], paths)
    rows = {"with the port": 0, "without (ruff alone)": 1}
    counts = {name: {"verdict wrong": 0, "line": 0, "line+column": 0, "line+column+message": 0} for name in rows}
    rejected = valid = 0
    for path in paths:
        truth = cpython.get(path)
        if truth == "skip" or path not in docsite:
            continue
        if truth is None:
            valid += 1
        else:
            rejected += 1
        for name, index in rows.items():
            said = docsite[path][index]
            if (said is None) != (truth is None):
                counts[name]["verdict wrong"] += 1
                continue
            if truth is None:
                continue
            if said[0] == truth[0]:
                counts[name]["line"] += 1
                if said[1] == truth[1]:
                    counts[name]["line+column"] += 1
                    if said[2] == truth[2]:
                        counts[name]["line+column+message"] += 1
    print(f"{len(paths)} files ({valid} valid, {rejected} rejected by CPython {version}), {args.mutants} mutants per file")
    print("| | verdict wrong (of all) | same line | same line and column | same line, column and message |")
    print("|---|---:|---:|---:|---:|")
    for name, c in counts.items():
        pct = lambda k: f"{c[k]} ({c[k] / max(rejected, 1):.0%})"
        print(f"| {name} | {c['verdict wrong']} ({c['verdict wrong'] / max(len(paths), 1):.1%}) "
              f"| {pct('line')} | {pct('line+column')} | {pct('line+column+message')} |")
    subprocess.run(["rm", "-rf", str(work)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
