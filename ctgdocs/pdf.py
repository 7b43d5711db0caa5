"""PDF conversion with LibreOffice, headless, in a throw-away profile.

One soffice start converts a whole batch (start-up dominates: ~0.8 s a start, ~0.1 s a file).
soffice exits 0 even when a file fails, so each expected PDF is checked.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import ConversionError

WINDOWS_CANDIDATES = [
    Path(os.environ.get(var, "")) / "LibreOffice" / "program" / "soffice.exe"
    for var in ("PROGRAMFILES", "PROGRAMFILES(X86)")
    if os.environ.get(var)
]
MAC_CANDIDATES = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]


class LibreOfficeMissing(ConversionError):
    def __init__(self) -> None:
        super().__init__(
            "LibreOffice est introuvable : les PDF ne peuvent pas être produits. "
            + install_hint()
        )


def install_hint() -> str:
    if sys.platform.startswith("win"):
        return ("Installez LibreOffice depuis https://fr.libreoffice.org/download/ "
                "ou indiquez le chemin de soffice.exe dans la variable CTGDOCS_SOFFICE.")
    if sys.platform == "darwin":
        return "Installez LibreOffice : brew install --cask libreoffice."
    return ("Installez LibreOffice : sudo apt-get install libreoffice-writer-nogui "
            "fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea "
            "(ou le paquet libreoffice de votre distribution).")


def find_soffice() -> str | None:
    configured = os.environ.get("CTGDOCS_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in WINDOWS_CANDIDATES + MAC_CANDIDATES:
        if candidate.is_file():
            return str(candidate)
    return None


def convert(sources: list[Path], timeout_per_file: float = 30.0) -> dict[Path, bytes]:
    """Convert .docx files to PDF in one LibreOffice run; return each source's PDF bytes."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing()
    if not sources:
        return {}
    with tempfile.TemporaryDirectory(prefix="ctgdocs-lo-") as tmp:
        work = Path(tmp)
        outdir = work / "pdf"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir),
            *[str(s) for s in sources],
        ]
        _run(command, timeout=30 + timeout_per_file * len(sources))
        results: dict[Path, bytes] = {}
        failed = []
        for source in sources:
            produced = outdir / (source.stem + ".pdf")
            data = produced.read_bytes() if produced.is_file() else b""
            if data.startswith(b"%PDF-"):
                results[source] = data
            else:
                failed.append(source.name)
        if failed:
            raise ConversionError(
                "LibreOffice n'a pas pu convertir en PDF : " + ", ".join(failed)
                + ". Ouvrez ces fichiers dans LibreOffice pour voir ce qui les rend illisibles."
            )
        return results


def _run(command: list[str], timeout: float) -> None:
    kwargs: dict[str, object] = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True  # so a timeout can stop soffice.bin too
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs  # type: ignore[call-overload]
    )
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        process.communicate()
        raise ConversionError(
            f"LibreOffice n'a pas terminé la conversion en {int(timeout)} secondes ; "
            "fermez les fenêtres LibreOffice bloquées puis relancez."
        ) from None
