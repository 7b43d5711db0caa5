"""Build the reference workspace's register (conventions/): a true-to-life story, back-dated.

Run: .venv/bin/python tools/make_register.py   (needs LibreOffice and the test extras)

The records in records/ are the state after the last event. The script replays the story in
a temporary copy of the workspace, rewinding the records to each past state:

- June–July 2022: the eleven conventions are issued, approved (22_113 for the Communauté
  de communes, the municipal délibérations for the communes) and signed; the extracts of
  22_112 and 22_113, the Annexe 2, the arbre à objectifs and the session documents issued,
  the extracts signed electronically;
- February 2023: avenant n° 1 to CFF-2022-SLP-CSPG raises the 2023 amount;
- March–April 2024: avenant n° 1 to CFF-2022-CCCC-AADEC adds an implantation.

Every signed PDF is an example made here: the issued document converted by LibreOffice,
stamped « EXEMPLE » on every page, and for the extracts signed with a throw-away
certificate. Then the register replaces conventions/ in the repository.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ctgdocs import pdf  # noqa: E402
from ctgdocs.check import checked_records  # noqa: E402
from ctgdocs.pdfstamp import stamp  # noqa: E402
from ctgdocs.register import Register  # noqa: E402
from ctgdocs.register.avenants import draft  # noqa: E402
from ctgdocs.workspace import Workspace  # noqa: E402
from tests.signing import sign as esign  # noqa: E402

AUTHOR = "m.favier"
EXAMPLE = ["EXEMPLE – copie signée fictive", "(données d'illustration, tools/make_register.py)"]
LATER = ["seances/2024-03-27.yaml", "deliberations/24_031.yaml"]
TRANSMITTED = ["deliberations/22_112.yaml", "deliberations/22_113.yaml"]


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "records" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def without_transmission(root: Path) -> None:
    for name in TRANSMITTED:
        path = root / "records" / name
        text = path.read_text(encoding="utf-8")
        start = text.index("transmission:")
        end = text.find("\n\n", start)
        path.write_text(text[:start] + (text[end + 2:] if end != -1 else ""), encoding="utf-8")


def restore(root: Path, names: list[str]) -> None:
    for name in names:
        shutil.copy2(ROOT / "records" / name, root / "records" / name)


def state_2022(root: Path) -> None:
    """Before the vote's transmission, the 2023 amount and the 2024 implantation."""
    for name in LATER:
        (root / "records" / name).unlink()
    edit(root, "conventions/cff-2022-slp-cspg.yaml", "{annee: 2023, montant: 9900}",
         "{annee: 2023, montant: 9500}")
    aadec = (ROOT / "records/gestionnaires/aadec.yaml").read_text(encoding="utf-8")
    start = aadec.index("    implantations:\n      - *accueil-loisirs")
    end = aadec.index("\n\n", start)
    (root / "records/gestionnaires/aadec.yaml").write_text(
        aadec[:start] + "    implantations: [*accueil-loisirs]" + aadec[end:], encoding="utf-8")
    edit(root, "gestionnaires/aadec.yaml", ", services.aadec-al-periscolaire.implantations.1]",
         "]")
    without_transmission(root)


def example_pdf(register: Register, ident: str, electronic: bool) -> Path:
    """The document's last version as LibreOffice prints it, stamped EXEMPLE, maybe e-signed."""
    doc = register.document(ident)
    folder = Path(tempfile.mkdtemp(prefix="ctgdocs-signe-"))
    source = folder / f"{doc.ident}-v{doc.last.numero}.docx"
    source.write_bytes(register.store.get(doc.last.emission["docx"]))
    data = stamp(pdf.convert([source])[source], EXAMPLE, every_page=True, color=(0.75, 0, 0))
    if electronic:
        data = esign(data, "Anne LENFANT (certificat d'exemple)")
    target = folder / f"{doc.ident}-signe.pdf"
    target.write_bytes(data)
    return target


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ctgdocs-histoire-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "records", root / "records")
        shutil.copytree(ROOT / "templates", root / "templates")
        workspace = Workspace(root)
        register = Register(workspace)
        day = dt.date.fromisoformat

        state_2022(root)
        records = checked_records(workspace)
        for c in records.conventions:
            council = "communautaire" if c.financeur == records.epci_id else "municipal"
            register.issue(c.id, f"Projet soumis au conseil {council}", day("2022-06-10"),
                           AUTHOR)
        for ident in ("annexe2", "plan-action"):  # sent with the convocation
            register.issue(ident, "Annexe du projet de délibération 22_112", day("2022-06-20"),
                           AUTHOR)
        for c in records.conventions:
            register.approve(c.id, c.deliberation.numero, c.deliberation.date, AUTHOR)
        for ident in ("22_112", "22_113", "seance-2022-06-29-liste", "seance-2022-06-29-pv"):
            register.issue(ident, "Pour transmission en préfecture et publication",
                           day("2022-07-05"), AUTHOR)
        for ident in ("22_112", "22_113"):
            register.sign(ident, example_pdf(register, ident, electronic=True),
                          day("2022-07-05"), "a.lenfant")

        restore(root, TRANSMITTED)  # received on 8 July, published on 11 July 2022
        for c in records.conventions:
            signed = day("2022-07-20") if c.financeur == records.epci_id else day("2022-07-01")
            register.sign(c.id, example_pdf(register, c.id, electronic=False), signed,
                          "a.lenfant")

        restore(root, ["conventions/cff-2022-slp-cspg.yaml"])
        slp = "CFF-2022-SLP-CSPG"
        draft(register, slp, "Montant 2023 porté à 9 900 €", "2023_015", day("2023-01-01"),
              day("2023-02-01"), AUTHOR)
        register.approve(f"avenant-{slp}-1", "2023_015", day("2023-02-10"), AUTHOR)
        register.sign(f"avenant-{slp}-1", example_pdf(register, f"avenant-{slp}-1", False),
                      day("2023-02-20"), "s.charvet")

        restore(root, [*LATER, "gestionnaires/aadec.yaml"])
        aadec = "CFF-2022-CCCC-AADEC"
        draft(register, aadec, "Nouvelle implantation du mercredi à Entremont-le-Vieux",
              "24_031", None, day("2024-03-20"), AUTHOR)
        register.approve(f"avenant-{aadec}-1", "24_031", day("2024-03-27"), AUTHOR)
        register.sign(f"avenant-{aadec}-1", example_pdf(register, f"avenant-{aadec}-1", False),
                      day("2024-04-10"), "a.lenfant")

        problems = register.verify()
        assert not problems, problems
        target = ROOT / "conventions"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(root / "conventions", target)
        (target / "LISEZMOI.md").write_text(README, encoding="utf-8")
        print(f"{len(register.store.entries())} entrées écrites dans conventions/")


README = """# Registre des documents émis

Tenu par ctgdocs : ne modifiez rien à la main (ctgdocs verify le verrait).
Voir « Le registre » dans le README du dépôt. Dans le dossier de référence, les PDF signés
sont des exemples fabriqués par tools/make_register.py (mention « EXEMPLE » sur chaque page).
"""



if __name__ == "__main__":
    main()
