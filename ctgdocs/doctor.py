"""What ctgdocs needs on this machine, found or missing, with how to install what is missing.

The library part of `ctgdocs doctor`: each check returns a Finding-like line; nothing here
prints. LibreOffice is looked for as the PDF conversion does (pdf.find_soffice); the fonts
are those the templates name, or their metric-compatible free equivalents.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import pdf
from .errors import CtgdocsError
from .oserrors import reason
from .packaged import template_path
from .workspace import TEMPLATE_NAMES, Workspace

# Fonts Word documents name, and the free fonts with the same metrics that LibreOffice uses.
EQUIVALENTS = {
    "Calibri": "Carlito",
    "Cambria": "Caladea",
    "Arial": "Liberation Sans",
    "Times New Roman": "Liberation Serif",
    "Courier New": "Liberation Mono",
    "Courier": "Liberation Mono",
}
FONT_PACKAGES = {
    "Carlito": "fonts-crosextra-carlito",
    "Caladea": "fonts-crosextra-caladea",
    "Liberation Sans": "fonts-liberation2",
    "Liberation Serif": "fonts-liberation2",
    "Liberation Mono": "fonts-liberation2",
}


@dataclass(frozen=True)
class Item:
    subject: str
    detail: str
    ok: bool
    remedy: str = ""


def python_item() -> Item:
    version = platform.python_version()
    ok = sys.version_info >= (3, 11)
    return Item("Python", version, ok, "" if ok else "installez Python 3.11 ou plus récent "
                "(https://www.python.org/downloads/)")


def package_items() -> list[Item]:
    items = [Item("ctgdocs", metadata.version("ctgdocs"), True)]
    for requirement in metadata.requires("ctgdocs") or []:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0]
        try:
            items.append(Item(name, metadata.version(name), True))
        except metadata.PackageNotFoundError:
            items.append(Item(name, "absent", False, "réinstallez ctgdocs : pip install "
                              "--force-reinstall ctgdocs"))
    return items


def libreoffice_item() -> Item:
    soffice = pdf.find_soffice()
    if soffice is None:
        return Item("LibreOffice", "introuvable : les PDF ne peuvent pas être produits", False,
                    pdf.install_hint())
    return Item("LibreOffice", f"{soffice} ({_soffice_version(soffice)})", True)


def _soffice_version(soffice: str) -> str:
    try:
        result = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                                timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "version inconnue"
    match = re.search(r"LibreOffice [\d.]+", result.stdout)
    return match.group(0) if match else "version inconnue"


def template_fonts(workspace: Workspace | None) -> list[str]:
    """The fonts the templates' text uses (styles and runs), as Word names them."""
    fonts: set[str] = set()
    for kind in TEMPLATE_NAMES:
        path = _template(workspace, kind)
        if path is None:
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                for part in ("word/styles.xml", "word/document.xml"):
                    if part in archive.namelist():
                        xml = archive.read(part).decode("utf-8", "replace")
                        fonts.update(re.findall(r'w:ascii="([^"]+)"', xml))
        except (OSError, zipfile.BadZipFile):
            continue
    return sorted(fonts)


def _template(workspace: Workspace | None, kind: str) -> Path | None:
    if workspace is not None:
        try:
            return workspace.template(kind)
        except CtgdocsError:
            return None
    return template_path(TEMPLATE_NAMES[kind])


def installed_fonts() -> set[str] | None:
    """Font families fontconfig knows (Linux, LibreOffice's own on other systems); None if
    fc-list is not there to ask."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        result = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                                timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return {family.strip() for line in result.stdout.splitlines()
            for family in line.split(",")}


def font_items(workspace: Workspace | None) -> list[Item]:
    installed = installed_fonts()
    items = []
    for font in template_fonts(workspace):
        equivalent = EQUIVALENTS.get(font)
        label = f"{font} (ou {equivalent})" if equivalent else font
        if installed is None:
            items.append(Item(f"Police {label}", "non vérifiée (fc-list absent)", True))
            continue
        found = font in installed or (equivalent in installed if equivalent else False)
        items.append(Item(f"Police {label}", "présente" if found else "absente", found,
                          "" if found else _font_remedy(font, equivalent)))
    return items


def _font_remedy(font: str, equivalent: str | None) -> str:
    if sys.platform.startswith("linux") and equivalent in FONT_PACKAGES:
        return f"sudo apt-get install {FONT_PACKAGES[equivalent]}"
    if sys.platform == "darwin" and equivalent:
        cask = "font-" + equivalent.lower().replace(" ", "-")
        return f"installez la police {equivalent} : brew install --cask {cask}"
    return f"installez la police {font}" + (f" ou {equivalent}" if equivalent else "")


def workspace_item(root: Path) -> Item:
    try:
        workspace = Workspace(root)
    except CtgdocsError as exc:
        return Item("Dossier de travail", str(exc), False,
                    "placez-vous dans le dossier du territoire, indiquez-le avec --root, ou "
                    "créez-en un avec ctgdocs init DOSSIER")
    probe = workspace.root / f".ctgdocs-doctor-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return Item("Dossier de travail", f"{workspace.root} : écriture impossible "
                    f"({reason(exc)})", False, "vérifiez vos droits sur ce dossier")
    return Item("Dossier de travail", f"{workspace.root} : écriture possible", True)
