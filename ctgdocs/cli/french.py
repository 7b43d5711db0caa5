"""click speaks French: its messages come from the catalogue shipped in ctgdocs/locale.

click translates its words ("Usage:", "Error:", "No such option"…) through the process's
default gettext domain. `install` binds that domain to ctgdocs's catalogue and asks gettext
for French whatever the system's language (Windows has no LANG at all). It runs when the
command line is imported, before the commands are declared, because click translates some
words (the kinds of path: fichier, dossier) when a parameter is created.
"""

from __future__ import annotations

import atexit
import gettext
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

DOMAIN = "ctgdocs"
CATALOGUE = ("fr", "LC_MESSAGES", f"{DOMAIN}.mo")


def install() -> None:
    # LANGUAGE comes first in gettext's search, before LC_ALL, LC_MESSAGES and LANG.
    os.environ["LANGUAGE"] = "fr"
    gettext.bindtextdomain(DOMAIN, str(locale_dir()))
    gettext.textdomain(DOMAIN)


def locale_dir() -> Path:
    """The folder holding fr/LC_MESSAGES/ctgdocs.mo, a real one even from a zip archive."""
    packaged = resources.files("ctgdocs") / "locale"
    if isinstance(packaged, Path):
        return packaged
    # Inside a zipapp gettext cannot open the file: copy it out for the life of the process.
    folder = Path(tempfile.mkdtemp(prefix="ctgdocs-locale-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder.joinpath(*CATALOGUE)
    target.parent.mkdir(parents=True)
    source = packaged
    for part in CATALOGUE:
        source = source / part
    target.write_bytes(source.read_bytes())
    return folder
