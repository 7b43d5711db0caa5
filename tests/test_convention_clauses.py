"""A convention that holds up: budget reservation, control, termination, one payment rule,
no instalment before the convention can be signed, objectives cited without ambiguity."""

from __future__ import annotations

from pathlib import Path

from .conftest import Run, demonstration, docx_paragraphs, new_findings
from .test_check import edit, line_of
from .test_register import at, blank_pdf

CSPG = "records/conventions/cff-2022-cccc-cspg.yaml"
SLP = "records/conventions/cff-2022-slp-cspg.yaml"


def test_clauses_of_a_multi_year_convention(run: Run, tmp_path: Path) -> None:
    assert run("convention", "CFF-2022-CCCC-CSPG", "--no-pdf", "--out",
               str(tmp_path)).exit_code == 0
    lines = docx_paragraphs(tmp_path / "convention-CFF-2022-CCCC-CSPG.docx")
    for expected in [
        "Le montant de l'année 2022 est attribué par la délibération visée ci-dessus. Les "
        "montants des années 2023 à 2025 sont attribués sous réserve de l'inscription des "
        "crédits correspondants au budget du financeur de l'exercice concerné.",
        "70 % au plus tard le 31 mars, à titre d'avance ;",
        "Par exception, les versements dont l'échéance précède le 31 août 2022 sont effectués "
        "au plus tard à cette date, la présente convention ne pouvant être signée avant que la "
        "délibération qui l'approuve soit exécutoire.",
        "Il est interdit au gestionnaire d'employer tout ou partie de la subvention en "
        "subventions à d'autres associations, sociétés, collectivités privées ou œuvres.",
        "Travailler entre gestionnaires sur la réponse aux familles (Rendre accessible les "
        "services au plus grand nombre – 2-2).",
        "2022 | 52\u00a0000,00\u00a0€ | 31 août 2022 : 36\u00a0400,00\u00a0€ / 30 septembre "
        "2022 : 15\u00a0600,00\u00a0€",
    ]:
        assert expected in lines, expected
    text = "\n".join(lines)
    assert "L. 1611-4" in text and "motif d'intérêt général" in text
    assert "soixante jours" not in text  # one payment rule: the due dates


def test_a_two_year_convention_reserves_one_later_year(run: Run, workspace: Path,
                                                        tmp_path: Path) -> None:
    edit(workspace, SLP, "fin: 2025-12-31", "fin: 2023-12-31")
    edit(workspace, SLP, "  - {annee: 2024, montant: 9800}\n  - {annee: 2025, montant: 9800}\n",
         "")
    edit(workspace, SLP, "exemple: [", "reversement: la part des frais de transport reversée "
         "à la commune organisatrice des sorties\nexemple: [")
    assert run("convention", "CFF-2022-SLP-CSPG", "--no-pdf", "--out",
               str(tmp_path)).exit_code == 0
    lines = docx_paragraphs(tmp_path / "convention-CFF-2022-SLP-CSPG.docx")
    assert ("Le montant de l'année 2022 est attribué par la délibération visée ci-dessus. Le "
            "montant de l'année 2023 est attribué sous réserve de l'inscription des crédits "
            "correspondants au budget du financeur de l'exercice concerné.") in lines
    assert ("Il est interdit au gestionnaire d'employer tout ou partie de la subvention en "
            "subventions à d'autres associations, sociétés, collectivités privées ou œuvres, "
            "sauf dans le cas suivant, que la présente convention prévoit expressément : la "
            "part des frais de transport reversée à la commune organisatrice des sorties.") in lines


def test_instalment_before_the_deliberation_is_executoire(run: Run, workspace: Path) -> None:
    edit(workspace, CSPG, "premier_versement: 2022-08-31\n", "")
    edit(workspace, CSPG, "premier_versement, ", "")
    result = run("check")
    assert result.exit_code == 0
    assert new_findings(result) == (
        f"{CSPG}:{line_of(workspace, CSPG, 'versements:')}: versements: avertissement : échéance du 31/03/2022 "
        "antérieure à la signature possible de la convention : la délibération 22_113 n'est "
        "exécutoire que le 11/07/2022 ; reportez les premiers versements (premier_versement)\n")
    assert run("check", "--strict").exit_code == 1


def test_instalment_before_a_commune_deliberation(run: Run, workspace: Path) -> None:
    edit(workspace, SLP, "premier_versement: 2022-08-31", "premier_versement: 2022-06-01")
    assert new_findings(run("check")) == (
        f"{SLP}:{line_of(workspace, SLP, 'premier_versement')}: premier_versement: avertissement : échéance du "
        "01/06/2022 antérieure à la signature possible de la convention : la délibération "
        "2022_041 est du 20/06/2022 ; reportez les premiers versements (premier_versement)\n")


def test_instalment_before_the_recorded_signature(run: Run, workspace: Path,
                                                  tmp_path: Path) -> None:
    demonstration(workspace)
    pdf = tmp_path / "signee.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-06-15", "issue", "CFF-2022-SLP-CSPG", "-m", "Projet")[0] == 0
    assert at(run, "2022-06-20", "approve", "CFF-2022-SLP-CSPG", "--deliberation",
              "2022_041")[0] == 0
    assert at(run, "2022-09-15", "sign", "CFF-2022-SLP-CSPG", "--file", str(pdf))[0] == 0
    assert new_findings(run("check")) == (
        f"{SLP}:{line_of(workspace, SLP, 'premier_versement')}: premier_versement: avertissement : échéance du "
        "31/08/2022 antérieure à la signature de la convention, enregistrée le 15/09/2022 : "
        "reportez les premiers versements (premier_versement)\n")


def test_objectives_must_name_one_objective_of_the_plan(run: Run, workspace: Path) -> None:
    edit(workspace, CSPG, "    numero: 2-2\n", "    numero: 2-9\n")
    edit(workspace, CSPG, "  - general: Adéquation de l'offre et de la demande\n",
         "  - general: Adequation de l'offre\n")
    result = run("check")
    assert result.exit_code == 1
    assert new_findings(result).splitlines() == [
        f"{CSPG}:{line_of(workspace, CSPG, 'Adequation')}: objectifs[0]: objectif général "
        "« Adequation de l'offre » absent de l'arbre à objectifs (records/plan-action.yaml : "
        "ADEQUATION DE L'OFFRE ET DE LA DEMANDE ; RENFORCER L'OFFRE DE SERVICE ; GARANTIR LA "
        "QUALITE DE L'OFFRE DE SERVICE ; RENDRE ACCESSIBLE LES SERVICES AU PLUS GRAND NOMBRE ; "
        "VALORISER LES COMPETENCES ; FORMALISER LES GOUVERNANCES ; PILOTAGE DE LA CTG)",
        f"{CSPG}:{line_of(workspace, CSPG, '2-9') - 1}: objectifs[2]: pas d'objectif 2-9 sous "
        "l'objectif général « RENDRE ACCESSIBLE LES SERVICES AU PLUS GRAND NOMBRE » (numéros : "
        "1, 1-1, 1-2, 1-3, 2, 2-1, 2-2, 2-3, 3, 3-1, 3-2, 3-3)",
    ]
