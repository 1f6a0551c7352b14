#!/usr/bin/env python3
"""Compare docsite's Dockerfile rules with hadolint on a folder of Dockerfiles.

    scripts/hadolint-compare.py DIR [--hadolint PATH] [--docsite PATH] [--show N]

Every file in DIR is linted by hadolint (JSON output) and by `docsite check` (each file placed in
a page bundle of a throw-away site). Findings are compared as sets of (file, instruction line,
hadolint rule id), restricted to the hadolint rules docsite implements. Prints agreement per rule
and exits 1 when any rule disagrees.
"""
import argparse
import collections
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile


def instruction_starts(text):
    """Map each line number to the line where its instruction starts (continuations, heredocs)."""
    starts = {}
    current = None
    continuing = False
    heredoc = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if heredoc:
            starts[number] = current
            if line.lstrip("\t") == heredoc:
                heredoc = None
            continue
        if not continuing and stripped and not stripped.startswith("#"):
            current = number
        starts[number] = current
        if stripped and not stripped.startswith("#"):
            continuing = stripped.endswith("\\")
            match = re.search(r"<<-?[\"']?(\w+)", stripped)
            if match and not continuing and re.match(r"(?i)(RUN|COPY|ADD)\b", text.splitlines()[current - 1].strip()):
                heredoc = match.group(1)
    return starts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--hadolint", default="hadolint")
    parser.add_argument("--docsite", default="target/release/docsite")
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()

    files = sorted(p for p in pathlib.Path(args.dir).iterdir() if p.is_file() and not p.name.endswith((".tsv", ".json", ".md")))
    rules_out = subprocess.run([args.docsite, "rules"], capture_output=True, text=True, check=True).stdout
    mapping = {}
    for row in rules_out.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) >= 2 and cells[1]:
            mapping[cells[0]] = cells[1]
    compared = set(mapping.values())

    theirs = set()
    parse_failures = []
    for path in files:
        result = subprocess.run([args.hadolint, "--no-fail", "--format", "json", str(path)], capture_output=True, text=True)
        try:
            findings = json.loads(result.stdout or "[]")
        except json.JSONDecodeError:
            parse_failures.append(path.name)
            continue
        if any(f["code"] == "DL1000" for f in findings):
            parse_failures.append(path.name)
            continue
        for finding in findings:
            if finding["code"] in compared:
                theirs.add((path.name, finding["line"], finding["code"]))

    ours = set()
    with tempfile.TemporaryDirectory() as site:
        names = {}
        for index, path in enumerate(files):
            if path.name in parse_failures:
                continue
            bundle = pathlib.Path(site, "content", f"f{index:03}")
            bundle.mkdir(parents=True)
            (bundle / "index.md").write_text(f"---\ntitle: {path.name}\n---\n")
            (bundle / "Dockerfile").write_bytes(path.read_bytes())
            names[f"content/f{index:03}/Dockerfile"] = path
        result = subprocess.run([args.docsite, "check", "--format", "json", "--root", site], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            diagnostic = json.loads(line)
            path = names.get(diagnostic["file"])
            code = diagnostic.get("hadolint")
            if path is None or code not in compared:
                continue
            start = instruction_starts(path.read_text(errors="replace")).get(diagnostic["line"], diagnostic["line"])
            ours.add((path.name, start, code))

    by_rule = collections.defaultdict(lambda: [0, 0, 0])
    for item in ours & theirs:
        by_rule[item[2]][0] += 1
    for item in ours - theirs:
        by_rule[item[2]][1] += 1
    for item in theirs - ours:
        by_rule[item[2]][2] += 1
    compared_files = len(files) - len(parse_failures)
    print(f"{compared_files} Dockerfiles compared ({len(parse_failures)} skipped: hadolint could not parse them)")
    print(f"{'rule':8} {'agree':>6} {'docsite only':>13} {'hadolint only':>14}")
    for code in sorted(compared):
        agree, only_ours, only_theirs = by_rule[code]
        print(f"{code:8} {agree:6} {only_ours:13} {only_theirs:14}")
    total_agree = len(ours & theirs)
    total = len(ours | theirs)
    print(f"total: {total_agree} of {total} findings agree ({100 * total_agree / max(total, 1):.1f}%)")
    for label, items in (("docsite only", ours - theirs), ("hadolint only", theirs - ours)):
        for item in sorted(items)[: args.show]:
            print(f"  {label}: {item[0]}:{item[1]} {item[2]}")
    return 0 if ours == theirs else 1


if __name__ == "__main__":
    sys.exit(main())
