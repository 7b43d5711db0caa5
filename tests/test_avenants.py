"""Avenants drafted as a lawyer drafts them (DOMAIN §37), and the consolidated text."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from .conftest import REPO, Run, W, demonstration, docx_paragraphs, docx_text
from .test_check import edit
from .test_register import at, blank_pdf


@pytest.fixture(autouse=True)
def _demonstration(workspace: Path) -> None:
    """The reference workspace is a demonstration: its records hold illustrative values,
    which only a demonstration workspace approves and signs (marked EXEMPLE)."""
    demonstration(workspace)


SLP = "CFF-2022-SLP-CSPG"
SLP_FILE = "records/conventions/cff-2022-slp-cspg.yaml"
CSPG = "CFF-2022-CCCC-CSPG"
CSPG_FILE = "records/conventions/cff-2022-cccc-cspg.yaml"


def signed_convention(run: Run, workspace: Path, tmp_path: Path) -> Path:
    """The SLP convention as signed in 2022 (before its 2023 amount changed)."""
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9900}", "{annee: 2023, montant: 9500}")
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-06-15", "issue", SLP, "-m", "Projet")[0] == 0
    assert at(run, "2022-06-20", "approve", SLP, "--deliberation", "2022_041")[0] == 0
    assert at(run, "2022-07-01", "sign", SLP, "--file", str(pdf))[0] == 0
    return pdf


def sign(run: Run, ident: str, numero: str, approved: str, signed: str, pdf: Path) -> None:
    assert at(run, approved, "approve", ident, "--deliberation", numero)[0] == 0
    assert at(run, signed, "sign", ident, "--file", str(pdf))[0] == 0


def body_texts(path: Path) -> list[str]:
    """The text of every paragraph of the body, tables included, one by one."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in Document(str(path)).tables]


def row(path: Path, first: str) -> list[str]:
    """The first Word table row whose first cell reads ``first``."""
    return next(r for t in tables(path) for r in t if r[0] == first)


def test_avenant_after_an_amount_change(run: Run, workspace: Path, tmp_path: Path) -> None:
    signed_convention(run, workspace, tmp_path)
    out = tmp_path / "out"
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Rien", "--out", str(out))[1] == (
        f"Erreur : Rien n'a changé dans le texte de la convention {SLP} depuis le texte en "
        "vigueur : pas d'avenant à rédiger.")
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9500}", "{annee: 2023, montant: 9900}")
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Montant 2023")[1] == (
        f"Erreur : Le montant de la convention {SLP} change : indiquez la délibération qui "
        "l'autorise avec --deliberation (L2311-7).")
    result = run("--date", "2023-02-01", "avenant", SLP, "-m", "Montant 2023",
                 "--deliberation", "2023_015", "--deliberation-du", "2023-01-26", "--effet",
                 "2023-01-01", "--no-pdf", "--out", str(out))
    assert result.exit_code == 0
    docx = out / f"avenant-{SLP}-1-v1.docx"
    assert result.stdout.splitlines() == [
        f"avenant-{SLP}-1 : version 1 enregistrée (projet) ; modifie : Article 5 – Montant "
        "et modalités de versement, Annexe 1 – Services couverts et échéancier.", str(docx)]
    assert result.stderr == (
        "Attention : prise d'effet le 01/01/2023, avant la signature de l'avenant (au plus tôt "
        "le 01/02/2023) : un avenant ne peut pas rétroagir (non-rétroactivité) ; ne gardez "
        "cette date que si elle ne fait naître aucune obligation pour le passé.\n")

    lines = docx_paragraphs(docx)
    for expected in [
        "AVENANT N° 1",
        f"Vu la convention de fonctionnement et de financement n° {SLP} signée le 1er juillet "
        "2022, approuvée par la délibération n° 2022_041 du conseil municipal du 20 juin 2022 ;",
        "Vu la délibération n° 2023_015 du conseil municipal du 26 janvier 2023 autorisant la "
        "signature du présent avenant ;",
        "Article 1er – Montant et modalités de versement",
        "L'article 5 est ainsi rédigé :",
        "« Article 5 – Montant et modalités de versement",
        "Article 2 – Annexe 1 – Services couverts et échéancier",
        "L'annexe 1 est remplacée par l'annexe jointe au présent avenant.",
        "Article 3 – Prise d'effet",
        "Le présent avenant prend effet le 1er janvier 2023. Les autres stipulations de la "
        "convention demeurent inchangées.",
        "Annexe jointe à l'avenant n° 1",
        "Annexe 1 – Services couverts et échéancier",
    ]:
        assert expected in lines, expected
    assert not any("|" in text for text in body_texts(docx))  # no flattened table
    # the quoted article 5 and the joined annex carry real Word tables with the new amounts
    assert row(docx, "2023")[:2] == ["2023", "9\u00a0900,00\u00a0€"]
    assert ["2023", "9\u00a0900,00\u00a0€", "31 mars 2023 : 6\u00a0930,00\u00a0€\n30 septembre "
            "2023 : 2\u00a0970,00\u00a0€"] in [r for t in tables(docx) for r in t]
    assert "Total" in [r[0] for t in tables(docx) for r in t]
    quoted = lines[lines.index("« Article 5 – Montant et modalités de versement"):]
    closing = next(line for line in quoted if line.endswith("»"))
    assert closing.startswith("Les dates et montants de chaque versement")


def test_avenant_after_a_services_change(run: Run, workspace: Path, tmp_path: Path) -> None:
    signed_convention(run, workspace, tmp_path)
    edit(workspace, "records/gestionnaires/cspg.yaml",
         "      - nom: Ecole de la plaine\n",
         "      - nom: Gymnase municipal\n"
         "        adresse: {lignes: [Rue du stade], code_postal: 38380, "
         "commune: Saint-Laurent-du-Pont}\n"
         "      - nom: Ecole de la plaine\n")
    out = tmp_path / "out"
    code, text = at(run, "2024-03-01", "avenant", SLP, "-m", "Nouvelle implantation", "--out",
                    str(out), "--no-pdf")
    assert code == 0
    assert text.splitlines()[0] == (f"avenant-{SLP}-1 : version 1 enregistrée (projet) ; "
                                    "modifie : Annexe 1 – Services couverts et échéancier.")
    docx = out / f"avenant-{SLP}-1-v1.docx"
    lines = docx_paragraphs(docx)
    assert "L'annexe 1 est remplacée par l'annexe jointe au présent avenant." in lines
    assert "Vu la délibération du conseil municipal autorisant la signature du présent avenant " \
           "(à venir) ;" in lines
    assert "Le présent avenant prend effet à sa signature par les deux parties. Les autres " \
           "stipulations de la convention demeurent inchangées." in lines
    assert not any("|" in t for t in body_texts(docx))
    assert row(docx, "AL Extrascolaire 3-12 ans\n(ALSH)")[1] == (
        "Gymnase municipal – Rue du stade, 38380 Saint-Laurent-du-Pont\nEcole de la plaine – "
        "10, Avenue du Commandant Lherminier, 38380 Saint-Laurent-du-Pont")
    assert row(docx, "2024")[:2] == ["2024", "9\u00a0800,00\u00a0€"]


def test_a_change_of_words_in_one_paragraph(run: Run, workspace: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-06-20", "issue", CSPG, "-m", "Projet")[0] == 0
    sign(run, CSPG, "22_113", "2022-06-29", "2022-07-20", pdf)
    edit(workspace, CSPG_FILE, "texte: Travailler entre gestionnaires sur la réponse aux "
         "familles", "texte: Travailler entre gestionnaires sur une réponse commune aux familles")
    out = tmp_path / "out"
    assert at(run, "2023-01-10", "avenant", CSPG, "-m", "Objectif", "--out", str(out),
              "--no-pdf")[0] == 0
    lines = docx_paragraphs(out / f"avenant-{CSPG}-1-v1.docx")
    assert ("Au quatrième alinéa de l'article 6, les mots « la réponse » sont remplacés par les "
            "mots « une réponse commune ».") in lines
    assert not any(line.startswith("« ") for line in lines)  # nothing else quoted


def test_deliberations_that_cannot_authorise_the_avenant(run: Run, workspace: Path,
                                                         tmp_path: Path) -> None:
    signed_convention(run, workspace, tmp_path)
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9500}", "{annee: 2023, montant: 9900}")
    out = tmp_path / "out"
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Montant", "--deliberation", "24_031",
              "--out", str(out))[1] == (
        "Erreur : La délibération 24_031 (« Avenant n° 1 à la convention de fonctionnement et "
        "de financement avec l'AADEC ») ne cite ni n'approuve la convention "
        f"{SLP} : elle ne peut pas autoriser cet avenant. Indiquez avec --deliberation celle "
        "qui l'autorise.")
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Montant", "--deliberation",
              "22_112")[1].startswith("Erreur : La délibération 22_112 (« Convention "
                                      "Territoriale Globale Cœur de Chartreuse ») ne cite ni")
    # a payment due before the avenant cannot be rewritten
    assert at(run, "2023-05-02", "avenant", SLP, "-m", "Montant", "--deliberation",
              "2023_015")[1] == (
        "Erreur : L'avenant modifierait le versement dû le 31/03/2023 (6\u00a0650,00\u00a0€ → "
        "6\u00a0930,00\u00a0€), échu à la date de l'avenant (02/05/2023) : un versement déjà dû "
        "ne peut pas être réécrit. Ne modifiez dans les fiches que les montants ou échéances "
        "postérieurs (si la fiche a été corrigée après la signature, remettez ces versements "
        "tels que signés).")
    # a due date moved, same amount: said as such
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9900}", "{annee: 2023, montant: 9500}")
    edit(workspace, SLP_FILE, "premier_versement: 2022-08-31", "premier_versement: 2022-09-15")
    assert at(run, "2023-05-02", "avenant", SLP, "-m", "Date", "--deliberation",
              "2023_015")[1].startswith(
        "Erreur : L'avenant modifierait le versement de 6\u00a0650,00\u00a0€ dû le 31/08/2022, "
        "qui serait reporté au 15/09/2022, échu à la date de l'avenant (02/05/2023)")
    assert not out.exists() or not any(out.iterdir())
    assert at(run, "2023-05-02", "history", f"avenant-{SLP}-1")[0] == 1  # nothing recorded


def test_the_deliberation_about_the_convention_authorises_it(run: Run, workspace: Path,
                                                             tmp_path: Path) -> None:
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    aadec = "CFF-2022-CCCC-AADEC"
    assert at(run, "2022-06-20", "issue", aadec, "-m", "Projet")[0] == 0
    sign(run, aadec, "22_113", "2022-06-29", "2022-07-20", pdf)
    edit(workspace, "records/gestionnaires/aadec.yaml", "Maison Hermesende", "Maison Hermesende "
         "(rez-de-chaussée)")
    out = tmp_path / "out"
    code, text = at(run, "2024-03-20", "avenant", aadec, "-m", "Implantation",
                    "--deliberation", "24_031", "--out", str(out), "--no-pdf")
    assert code == 0, text
    lines = docx_paragraphs(out / f"avenant-{aadec}-1-v1.docx")
    assert ("Vu la délibération n° 24_031 du conseil communautaire (à venir) autorisant la "
            "signature du présent avenant ;") in lines
    code, text = at(run, "2024-03-27", "avenant", aadec, "-m", "Après le vote",
                    "--deliberation", "24_031", "--out", str(out), "--no-pdf")
    assert code == 0 and "version 2" in text
    assert ("Vu la délibération n° 24_031 du conseil communautaire du 27 mars 2024 autorisant la "
            "signature du présent avenant ;") in docx_paragraphs(out / f"avenant-{aadec}-1-v2.docx")


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
                    "2023_015", "--no-pdf", "--out", str(tmp_path / "out"))
    assert (code, text.splitlines()[0]) == (
        0, f"avenant-{SLP}-1 : version 1 enregistrée (projet) ; modifie : Article 5 – Montant "
           "et modalités de versement, Annexe 1 – Services couverts et échéancier.")


def test_consolidated_text_between_two_avenants(run: Run, workspace: Path,
                                                tmp_path: Path) -> None:
    pdf = signed_convention(run, workspace, tmp_path)
    out = tmp_path / "out"
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9500}", "{annee: 2023, montant: 9900}")
    assert at(run, "2023-02-01", "avenant", SLP, "-m", "Montant 2023", "--deliberation",
              "2023_015", "--no-pdf", "--out", str(out))[0] == 0
    sign(run, f"avenant-{SLP}-1", "2023_015", "2023-02-10", "2023-02-20", pdf)
    edit(workspace, SLP_FILE, "exemple:", "preavis_mois: 6\nexemple:")
    assert at(run, "2023-06-01", "avenant", SLP, "-m", "Préavis", "--deliberation", "2023_040",
              "--no-pdf", "--out", str(out))[0] == 0
    sign(run, f"avenant-{SLP}-2", "2023_040", "2023-06-10", "2023-06-20", pdf)

    for day in ("2022-12-31", "2023-03-01", "2024-01-01"):
        assert run("consolidate", SLP, "--at", day, "--no-pdf", "--out",
                   str(out)).exit_code == 0
    before = out / f"convention-{SLP}-consolidee-20221231.docx"
    between = out / f"convention-{SLP}-consolidee-20230301.docx"
    after = out / f"convention-{SLP}-consolidee-20240101.docx"
    assert row(before, "2023")[1] == "9\u00a0500,00\u00a0€"
    assert "modifié par" not in docx_text(before)

    lines = docx_paragraphs(between)
    assert lines.count("CONVENTION DE FONCTIONNEMENT ET DE FINANCEMENT") == 1  # one title block
    assert ("Version consolidée établie à titre d'information ; seuls font foi la convention et "
            "ses avenants signés.") in lines
    assert ("Texte en vigueur au 1er mars 2023 : la convention signée le 1er juillet 2022, "
            "modifiée par l'avenant n° 1 signé le 20 février 2023.") in lines
    assert lines[lines.index("Article 6 – Objectifs") - 1] == (
        "(modifié par l'avenant n° 1 du 20 février 2023)")  # after article 5
    assert lines[-2] == "(modifié par l'avenant n° 1 du 20 février 2023)"  # after annex 1
    assert lines.count("(modifié par l'avenant n° 1 du 20 février 2023)") == 2
    assert "(modifié par l'avenant n° 2 du 20 juin 2023)" not in lines
    assert row(between, "2023") == ["2023", "9\u00a0900,00\u00a0€", "neuf mille neuf cents euros"]
    assert ["2023", "9\u00a0900,00\u00a0€", "31 mars 2023 : 6\u00a0930,00\u00a0€\n30 septembre "
            "2023 : 2\u00a0970,00\u00a0€"] in [r for t in tables(between) for r in t]
    assert not any("|" in t for t in body_texts(between))
    assert not any(line.startswith("Fait à") for line in lines)  # no signatures
    assert "3 mois" in docx_text(between) and "6 mois" not in docx_text(between)

    lines = docx_paragraphs(after)
    assert lines[lines.index("Article 13 – Litiges") - 1] == (
        "(modifié par l'avenant n° 2 du 20 juin 2023)")
    assert "6 mois" in docx_text(after)

    assert run("--date", "2026-11-28", "consolidate", SLP, "--no-pdf", "--out",
               str(out)).exit_code == 0
    ended = docx_paragraphs(out / f"convention-{SLP}-consolidee-20251231.docx")
    assert ("Texte en vigueur au 31 décembre 2025, date de fin de la convention : la convention "
            "signée le 1er juillet 2022, modifiée par l'avenant n° 1 signé le 20 février 2023 et "
            "par l'avenant n° 2 signé le 20 juin 2023.") in ended


def test_consolidated_text_of_the_reference_register(tmp_path: Path) -> None:
    """Avenants recorded by ctgdocs 0.1 kept only their text: it goes back into the signed
    convention's tables."""
    from click.testing import CliRunner

    from ctgdocs.cli import cli

    root = tmp_path / "ref"
    for name in ("records", "templates", "conventions"):
        shutil.copytree(REPO / name, root / name)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--root", str(root), "--date", "2026-11-28",
                                      "consolidate", "CFF-2022-CCCC-AADEC", "--no-pdf", "--out",
                                      str(out)])
    assert result.exit_code == 0, result.output
    docx = out / "convention-CFF-2022-CCCC-AADEC-consolidee-20251231.docx"
    assert row(docx, "AL Périscolaire 3-12 ans\n(ALSH)")[1] == (
        "Accueil de Loisirs – Lieu-dit Le Bourg, 73670 Saint-Pierre-d'Entremont\nSalle "
        "polyvalente – Le Bourg, 73670 Entremont-le-Vieux")
    assert docx_paragraphs(docx)[-2] == "(modifié par l'avenant n° 1 du 10 avril 2024)"
    assert row(docx, "Total")[1] == "252\u00a0000,00\u00a0€"
