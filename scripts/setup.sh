#!/usr/bin/env bash
# Prepares this machine for ctgdocs: a virtual environment (.venv) holding the package,
# with the test tools when called as `setup.sh test`, and LibreOffice for the PDFs.
# Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=${1:-}
python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null; then
  echo "Python 3.11 ou plus récent est nécessaire : installez-le (https://www.python.org)." >&2
  exit 1
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
digest=$(.venv/bin/python -c "import hashlib; print(hashlib.sha256(open('pyproject.toml', 'rb').read() + open('requirements.lock', 'rb').read()).hexdigest()[:16])")
stamp=".venv/.ctgdocs-$digest-${extra:-main}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # The pinned versions, each checked against its SHA-256 (requirements.lock, which also
  # holds the test tools and hatchling, the build backend), then ctgdocs itself: an editable
  # install has no hash, so it comes without dependencies and without a separate build
  # environment.
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  if ! .venv/bin/python tools/lockcheck.py $extra 2>/dev/null; then
    # A dependency added to pyproject.toml and not yet to the lock: installed unpinned so
    # that ctgdocs runs; tests/test_lockfile.py fails until scripts/lock.sh is run.
    echo "requirements.lock ne contient pas toutes les dépendances de pyproject.toml :" \
      "installation sans empreinte ; lancez scripts/lock.sh." >&2
    spec="."; [ "$extra" = test ] && spec=".[test]"
    .venv/bin/python -m pip install --quiet -e "$spec"
  fi
  touch "$stamp"
fi

# LibreOffice for the PDFs; the tests also read PDFs with poppler (pdftotext, pdftoppm).
libreoffice="libreoffice-writer-nogui fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea"
packages=""
if ! command -v soffice >/dev/null && ! command -v libreoffice >/dev/null; then
  packages="$libreoffice"
fi
if [ "$extra" = test ] && ! command -v pdftotext >/dev/null; then
  packages="$packages poppler-utils"
fi
# The spreadsheet tests open the exported files with LibreOffice Calc.
if [ "$extra" = test ] && command -v dpkg >/dev/null \
    && ! dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 \
    && ! dpkg -s libreoffice-calc >/dev/null 2>&1; then
  packages="$packages libreoffice-calc-nogui"
fi
if [ -n "$packages" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "Installation de $packages (apt-get)…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
  elif command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then
    echo "Installation de $packages (sudo apt-get)…" >&2
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
  else
    echo "Paquets manquants : $packages ; sans LibreOffice, les PDF ne seront pas produits." >&2
    echo "Installez-les : sudo apt-get install $packages" >&2
    echo "(macOS : brew install --cask libreoffice ; Windows : https://fr.libreoffice.org)" >&2
    if [ "${CI:-}" = true ]; then exit 1; fi
  fi
fi
