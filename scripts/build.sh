#!/usr/bin/env bash
# The main job: builds every document of the reference workspace into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/ctgdocs build "$@"
