#!/usr/bin/env bash
# The whole test suite: lint (ruff), types (mypy --strict), tests (pytest, with LibreOffice).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/pytest -q --cov=ctgdocs --cov-report=term "$@"
