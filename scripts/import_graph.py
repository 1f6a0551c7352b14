#!/usr/bin/env python3
"""The site crate's module graph: which top-level module of `src/` imports which (`crate::X`,
`super::X` from a top-level file), and the cycles among them. Run from the repository root:

    python3 scripts/import_graph.py          # edges, then cycles
    python3 scripts/import_graph.py --cycles # cycles only; exit 1 when there is one
"""
import pathlib
import re
import sys

SRC = pathlib.Path("src")


def module_of(path):
    """The top-level module a file belongs to: `src/content/walk.rs` -> `content`."""
    rel = path.relative_to(SRC)
    name = rel.parts[0]
    return name[:-3] if name.endswith(".rs") else name


def edges():
    graph = {}
    use = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
    for path in sorted(SRC.rglob("*.rs")):
        here = module_of(path)
        if here in ("main", "lib"):
            continue
        text = path.read_text(encoding="utf-8")
        # Test modules may reach anywhere; the graph is of the code that ships.
        text = text.split("#[cfg(test)]")[0]
        for found in use.findall(text):
            is_module = (SRC / found).is_dir() or (SRC / f"{found}.rs").exists()
            if found != here and is_module:
                graph.setdefault(here, set()).add(found)
    return graph


def cycles(graph):
    """Every pair of modules that reach each other, with one path each way."""
    def reach(start):
        seen, stack = {start: [start]}, [start]
        while stack:
            node = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt not in seen:
                    seen[nxt] = seen[node] + [nxt]
                    stack.append(nxt)
        return seen

    paths = {node: reach(node) for node in graph}
    found = []
    for a in sorted(graph):
        for b in sorted(paths[a]):
            if a < b and a in paths.get(b, {}):
                found.append((a, b, paths[a][b], paths[b][a]))
    return found


def main():
    graph = edges()
    if "--cycles" not in sys.argv:
        for module in sorted(graph):
            print(f"{module} -> {', '.join(sorted(graph[module]))}")
        print()
    found = cycles(graph)
    for a, b, there, back in found:
        print(f"cycle {a} <-> {b}: {' -> '.join(there)} and {' -> '.join(back)}")
    if not found:
        print("no cycles")
    return 1 if found and "--cycles" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
