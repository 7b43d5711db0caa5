#!/usr/bin/env bash
# Regenerates requirements.lock after a change of the dependencies in pyproject.toml: every
# dependency of ctgdocs and of its test tools pinned to one version, each with the SHA-256 of
# every file PyPI publishes for it (all platforms), so that scripts/setup.sh can install them
# with pip --require-hashes. The versions already in .venv are kept; a new dependency gets
# its latest version. Needs the network (PyPI) and takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"$python" -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install --quiet pip-tools
if [ -x .venv/bin/python ]; then  # the versions in use are kept
  .venv/bin/python -m pip freeze --exclude-editable > "$tools/requirements.lock"
fi
# What the resolution on this machine would leave out: what only Windows needs (click and
# pytest use colorama, tzlocal tzdata), and what the editable install of ctgdocs needs.
printf 'colorama\ntzdata\neditables\n' > "$tools/extra.in"
"$tools/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --extra test \
  --strip-extras --no-header --no-annotate --output-file "$tools/requirements.lock" \
  pyproject.toml "$tools/extra.in"
"$python" - "$tools/requirements.lock" requirements.lock <<'EOF'
import sys
from pathlib import Path

WINDOWS_ONLY = ("colorama==",)  # tzdata: python-dateutil 4 needs it everywhere
HEADER = """\
# Versions exactes des dépendances de ctgdocs et de ses outils de test, chacune avec les
# empreintes SHA-256 de ses fichiers publiés sur PyPI (toutes plateformes) : scripts/setup.sh
# les installe avec pip --require-hashes, puis ctgdocs lui-même sans dépendances (--no-deps ;
# installé en mode modifiable, il ne peut pas avoir d'empreinte). Un document se régénère à
# l'identique avec les mêmes versions (notées dans chaque entrée du journal des documents),
# et un fichier altéré sur un miroir ou en chemin est refusé.
# colorama ne sert que sous Windows ; editables, à l'installation de ctgdocs.
# Produit par scripts/lock.sh (pip-compile --generate-hashes) : relancez-le après avoir
# changé les dépendances dans pyproject.toml.
"""
lines = []
for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
    if line.startswith("--") or (not line.strip() and not lines):
        continue  # index options of this machine, leading blank lines
    if line.startswith(WINDOWS_ONLY):
        line = line.replace(" \\", ' ; sys_platform == "win32" \\')
    lines.append(line)
Path(sys.argv[2]).write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
EOF
echo "requirements.lock régénéré : relisez le diff avant de le valider." >&2
