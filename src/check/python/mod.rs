//! Python blocks: CPython-compatible syntax errors, imports and app bindings, from ruff's parser.
