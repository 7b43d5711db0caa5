"""Avenants drafted from the change itself, and the consolidated text at a date."""

from __future__ import annotations

from pathlib import Path

from .conftest import Run, docx_paragraphs, docx_text
from .test_check import edit
from .test_register import at, blank_pdf

SLP = "CFF-2022-SLP-CSPG"
SLP_FILE = "records/conventions/cff-2022-slp-cspg.yaml"


def signed_convention(run: Run, workspace: Path, tmp_path: Path) -> Path:
    """The SLP convention as signed in 2022 (before its 2023 amount changed)."""
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9900}", "{annee: 2023, montant: 9500}")
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-06-15", "issue", SLP, "-m", "Projet")[0] == 0
    assert at(run, "2022-06-20", "approve", SLP, "--deliberation", "2022_041")[0] == 0
    assert at(run, "2022-07-01", "sign", SLP, "--file", str(pdf))[0] == 0
    return pdf


def test_avenant_for_a_new_amount(run: Run, workspace: Path, tmp_path: Path) -> None:
    pdf = signed_convention(run, workspace, tmp_path)
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Rien")[1] == (
        f"Erreur : Rien n'a changé dans le texte de la convention {SLP} depuis le texte en "
        "vigueur : pas d'avenant à rédiger.")
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9500}", "{annee: 2023, montant: 9900}")
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Montant 2023")[1] == (
        f"Erreur : Le montant de la convention {SLP} change : indiquez la délibération qui "
        "l'autorise avec --deliberation (L2311-7).")
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Montant 2023", "--deliberation",
              "2023_015", "--effet", "2023-01-01") == (
        0, f"avenant-{SLP}-1 : version 1 enregistrée (projet) ; modifie : Article 5 – Montant "
           "et modalités de versement, Annexe 1 – Services couverts et échéancier.")
    out = tmp_path / "out"
    assert run("show", f"avenant-{SLP}-1", "--no-pdf", "--out", str(out)).exit_code == 0
    lines = docx_paragraphs(out / f"avenant-{SLP}-1-v1.docx")
    for expected in [
        "AVENANT N° 1",
        f"Vu la convention de fonctionnement et de financement n° {SLP} signée le 1er juillet "
        "2022 ;",
        "Vu la délibération n° 2023_015 du conseil municipal autorisant le présent avenant ;",
        "Article 1er – Modification : Article 5 – Montant et modalités de versement",
        "L'article « Article 5 – Montant et modalités de versement » est modifié comme suit :",
        "2023 | 9\u00a0500,00\u00a0€ | neuf mille cinq cents euros",
        "2023 | 9\u00a0900,00\u00a0€ | neuf mille neuf cents euros",
        "L'Annexe 1 – Services couverts et échéancier est modifiée comme suit :",
        "Article 3 – Prise d'effet",
        "Le présent avenant prend effet le 1er janvier 2023. Les autres stipulations de la "
        "convention et de ses avenants demeurent inchangées.",
    ]:
        assert expected in lines, expected

    # approved and signed, the avenant is part of the text in force
    assert at(run, "2023-02-10", "approve", f"avenant-{SLP}-1", "--deliberation", "2023_015")[0] == 0
    assert at(run, "2023-02-20", "sign", f"avenant-{SLP}-1", "--file", str(pdf))[0] == 0
    assert at(run, "2023-03-01", "avenant", SLP, "-m", "Encore")[0] == 1

    before = run("--date", "2024-01-01", "consolidate", SLP, "--at", "2022-12-31", "--no-pdf",
                 "--out", str(out))
    after = run("--date", "2024-01-01", "consolidate", SLP, "--at", "2023-03-01", "--no-pdf",
                "--out", str(out))
    assert before.exit_code == after.exit_code == 0
    old = docx_text(out / f"convention-{SLP}-consolidee-20221231.docx")
    new = docx_text(out / f"convention-{SLP}-consolidee-20230301.docx")
    assert "2023 | 9\u00a0500,00\u00a0€" in old and "modifié par l'avenant" not in old
    assert "2023 | 9\u00a0900,00\u00a0€ | neuf mille neuf cents euros" in new
    assert ("Texte en vigueur au 1er mars 2023 : la convention signée le 1er juillet 2022, "
            "modifiée par l'avenant n° 1 signé le 20 février 2023.") in new
    assert "[modifié par l'avenant n° 1 du 20/02/2023]" in new


def test_second_avenant_for_a_new_implantation(run: Run, workspace: Path,
                                               tmp_path: Path) -> None:
    signed_convention(run, workspace, tmp_path)
    edit(workspace, "records/gestionnaires/cspg.yaml",
         "      - nom: Ecole de la plaine\n",
         "      - nom: Gymnase municipal\n"
         "        adresse: {lignes: [Rue du stade], code_postal: 38380, "
         "commune: Saint-Laurent-du-Pont}\n"
         "      - nom: Ecole de la plaine\n")
    code, text = at(run, "2024-03-01", "avenant", SLP, "-m", "Nouvelle implantation")
    assert (code, text) == (0, f"avenant-{SLP}-1 : version 1 enregistrée (projet) ; modifie : "
                               "Annexe 1 – Services couverts et échéancier.")
    out = tmp_path / "out"
    assert run("show", f"avenant-{SLP}-1", "--no-pdf", "--out", str(out)).exit_code == 0
    text = docx_text(out / f"avenant-{SLP}-1-v1.docx")
    assert ("Sont ajoutées au tableau les lignes :\nAL Extrascolaire 3-12 ans / (ALSH) | Gymnase "
            "municipal – Rue du stade, 38380 Saint-Laurent-du-Pont / Ecole de la plaine – 10, "
            "Avenue du Commandant Lherminier, 38380 Saint-Laurent-du-Pont | Juillet / de 3 à 12 "
            "ans") in text
    assert "Le présent avenant prend effet à sa signature par les deux parties." in text


def test_no_avenant_after_the_end(run: Run, workspace: Path, tmp_path: Path) -> None:
    signed_convention(run, workspace, tmp_path)
    edit(workspace, SLP_FILE, "{annee: 2025, montant: 9800}", "{annee: 2025, montant: 9900}")
    assert at(run, "2026-02-01", "avenant", SLP, "-m", "Trop tard", "--deliberation",
              "2026_001")[1] == (
        f"Erreur : La convention {SLP} a pris fin le 31/12/2025 : un avenant n'est plus "
        "possible, il faut une nouvelle convention.")


def test_unsigned_convention_has_no_text_in_force(run: Run) -> None:
    assert at(run, "2022-06-15", "issue", SLP, "-m", "Projet")[0] == 0
    assert at(run, "2022-06-16", "avenant", SLP, "-m", "Trop tôt")[1] == (
        f"Erreur : convention-{SLP} n'est pas signée au 16/06/2022 : aucun texte n'est en "
        "vigueur.")


def test_editing_the_template_after_signature_does_not_rewrite_every_article(
        run: Run, workspace: Path, tmp_path: Path) -> None:
    from docx import Document

    signed_convention(run, workspace, tmp_path)
    template = workspace / "templates/convention.docx"
    document = Document(str(template))
    for paragraph in document.paragraphs:
        for run_ in paragraph.runs:
            run_.text = run_.text.replace("Le gestionnaire s'engage à :",
                                          "Le gestionnaire s'engage notamment à :")
    document.save(str(template))
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9500}", "{annee: 2023, montant: 9900}")
    code, text = at(run, "2023-02-01", "avenant", SLP, "-m", "Montant", "--deliberation",
                    "2023_015")
    assert (code, text) == (0, f"avenant-{SLP}-1 : version 1 enregistrée (projet) ; modifie : "
                               "Article 5 – Montant et modalités de versement, Annexe 1 – "
                               "Services couverts et échéancier.")
