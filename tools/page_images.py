"""Page images of each document type, for the documentation (docs/pages/*.png).

Run: .venv/bin/python tools/page_images.py  (needs LibreOffice and pdftoppm, Debian package
poppler-utils). It builds the reference workspace's documents into a temporary folder with
the fixed date used by the tests, converts them to PDF with LibreOffice, and writes one small
PNG of a representative page of each document type into docs/pages/. Nothing in the
repository changes but docs/pages/ (the préfecture pack is prepared from a temporary copy).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from ctgdocs.cli import cli  # noqa: E402
from ctgdocs.fr import date_fr  # noqa: E402

DATE = "2026-11-28"
TARGET = ROOT / "docs/pages"
RESOLUTION = 60  # dots per inch: an A4 page is about 500 x 700 pixels


@dataclass(frozen=True)
class Page:
    image: str  # docs/pages/<image>.png
    pdf: str  # path of the PDF in the output folder
    phrase: str  # the first page that contains it is shown ("" for page 1)
    title: str  # caption in docs/pages/README.md


PAGES = [
    Page("annexe2", "annexe2.pdf", "", "Annexe 2 – liste des équipements et services soutenus"),
    Page("convention", "convention-CFF-2022-SLP-CSPG.pdf", "Fait à",
         "Convention de fonctionnement et de financement – dernier article et signatures"),
    Page("convention-annexe", "convention-CFF-2022-SLP-CSPG.pdf", "Annexe 1 –",
         "Convention – annexe 1 (services et échéancier)"),
    Page("deliberation", "deliberation-22_112.pdf", "", "Extrait du registre des délibérations"),
    Page("deliberation-signatures", "deliberation-22_112.pdf", "Pour extrait certifié",
         "Extrait – certification, signatures et mentions de transmission"),
    Page("deliberation-projet", "projet/deliberation-22_113-projet.pdf", "",
         "Projet de délibération (envoyé avec la convocation)"),
    Page("seance-liste", "seance-2022-06-29-liste.pdf", "", "Liste des délibérations d'une séance"),
    Page("seance-pv", "seance-2022-06-29-pv.pdf", "", "Procès-verbal de séance"),
    Page("plan-action", "plan-action.pdf", "", "Arbre à objectifs (paysage)"),
    Page("avenant", "avenant/avenant-CFF-2022-SLP-CSPG-1-v1.pdf", "",
         "Avenant – visas et article « ainsi rédigé » (tableau des montants)"),
    Page("avenant-signatures", "avenant/avenant-CFF-2022-SLP-CSPG-1-v1.pdf", "Fait à",
         "Avenant – annexe remplacée, prise d'effet et signatures"),
    Page("avenant-annexe", "avenant/avenant-CFF-2022-SLP-CSPG-1-v1.pdf", "Annexe jointe",
         "Avenant – annexe jointe (annexe 1 remplacée)"),
    Page("consolidation", "consolidation/convention-CFF-2022-SLP-CSPG-consolidee.pdf", "",
         "Convention consolidée"),
    Page("bordereau", "pack-22_112/pack-22_112-dossier.pdf", "",
         "Bordereau du dossier de transmission en préfecture"),
]


WORKSPACE = ["records", "templates", "conventions", "pieces", "ctgdocs.toml"]
AVENANT_CONVENTION = "CFF-2022-SLP-CSPG"
AVENANT_RECORD = "records/conventions/cff-2022-slp-cspg.yaml"
AVENANT_CHANGE = ("{annee: 2025, montant: 9800}", "{annee: 2025, montant: 10200}")


def run(root: Path, *args: str) -> None:
    """One ctgdocs command on ``root``; stop on its first error."""
    try:
        cli.main(["--root", str(root), "--date", DATE, *args], standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code:
            raise SystemExit(f"ctgdocs {' '.join(args)} a échoué") from None


def copy_workspace(target: Path, names: list[str] = WORKSPACE) -> Path:
    """A copy of the reference workspace in which 22_112 is not yet transmitted, so that its
    préfecture pack (and its bordereau) can be prepared as it was in July 2022."""
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    record = target / "records/deliberations/22_112.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.split("\ntransmission:")[0] + "\n", encoding="utf-8")
    return target


def produce(untransmitted: Path, out: Path) -> None:
    """The documents as the workspace gives them (written only into ``out``), and the pack
    from the copy where 22_112 is not yet transmitted."""
    run(ROOT, "build", "--out", str(out))
    run(ROOT, "deliberation", "22_113", "--draft", "--out", str(out / "projet"))
    run(ROOT, "consolidate", "CFF-2022-SLP-CSPG", "--out", str(out / "consolidation"))
    run(untransmitted, "pack", "22_112", "--out", str(out))
    avenant(untransmitted.parent / "avenant", out)


def avenant(root: Path, out: Path) -> None:
    """An avenant drafted with today's template, in a copy of the workspace with a register
    of its own: the convention is issued, approved and signed as in 2022 (its PDF stands for
    the signed copy), then its 2025 amount changes and the avenant is drafted in June 2024,
    authorised by a délibération of the commune."""
    copy_workspace(root, [n for n in WORKSPACE if n != "conventions"])
    ident = AVENANT_CONVENTION
    signed = out / f"convention-{ident}.pdf"
    run(root, "issue", ident, "-m", "Projet", "--date", "2022-06-15")
    run(root, "approve", ident, "--deliberation", "2022_041", "--date", "2022-06-20")
    run(root, "sign", ident, "--file", str(signed), "--date", "2022-07-01")
    record = root / AVENANT_RECORD
    text = record.read_text(encoding="utf-8")
    if AVENANT_CHANGE[0] not in text:
        raise SystemExit(f"{AVENANT_RECORD} : « {AVENANT_CHANGE[0]} » introuvable")
    record.write_text(text.replace(*AVENANT_CHANGE), encoding="utf-8")
    run(root, "avenant", ident, "-m", "Montant 2025", "--date", "2024-06-03",
        "--deliberation", "2024_052", "--deliberation-du", "2024-05-27",
        "--out", str(out / "avenant"))


def find(out: Path, wanted: str) -> Path:
    """The PDF named ``wanted``, or the single PDF of its folder (names vary by command)."""
    path = out / wanted
    if path.is_file():
        return path
    candidates = sorted(path.parent.glob("*.pdf"))
    if len(candidates) != 1:
        raise SystemExit(f"{wanted} introuvable ; PDF présents : {[c.name for c in candidates]}")
    return candidates[0]


def page_number(pdf: Path, phrase: str) -> int:
    if not phrase:
        return 1
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        if phrase in page.extract_text():
            return number
    raise SystemExit(f"{pdf.name} : aucune page ne contient « {phrase} »")


def image(pdf: Path, number: int, target: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(number),
                    "-l", str(number), "-singlefile", str(pdf), str(target.with_suffix(""))],
                   check=True)


def index(pages: list[tuple[Page, int, int]]) -> str:
    lines = ["# Aperçu des documents", "",
             "Une page de chaque type de document, produite par `tools/page_images.py` à partir "
             f"des PDF du dossier de référence, datés du {date_fr(dt.date.fromisoformat(DATE))} "
             "(images régénérables : ne pas les modifier à la main).", ""]
    for page, number, total in pages:
        lines += [f"## {page.title}", "",
                  f"`{Path(page.pdf).name}`, page {number} sur {total}", "",
                  f"![{page.title}]({page.image}.png)", ""]
    return "\n".join(lines)


def main() -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm est introuvable : sudo apt-get install poppler-utils")
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ctgdocs-pages-") as tmp:
        out = Path(tmp) / "out"
        produce(copy_workspace(Path(tmp) / "ws"), out)
        done = []
        for page in PAGES:
            pdf = find(out, page.pdf)
            number = page_number(pdf, page.phrase)
            image(pdf, number, TARGET / f"{page.image}.png")
            done.append((page, number, len(PdfReader(pdf).pages)))
            print(f"docs/pages/{page.image}.png ← {pdf.name}, page {number}")
    (TARGET / "README.md").write_text(index(done), encoding="utf-8")


if __name__ == "__main__":
    main()
