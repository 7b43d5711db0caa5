"""check compares a délibération's subsidies table with the convention version it approved
(the register's snapshot), and each later change of amount with the délibération that
approved that avenant (issue 8 §4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import Run
from .test_check import edit
from .test_register import at, blank_pdf

AADEC = "CFF-2022-CCCC-AADEC"
AADEC_FILE = "records/conventions/cff-2022-cccc-aadec.yaml"
D24 = "records/deliberations/24_031.yaml"
APPROVED_1 = ("la convention CFF-2022-CCCC-AADEC telle que la délibération 22_113 l'a "
              "approuvée (version 1 du registre)")


def warnings(run: Run) -> list[str]:
    result = run("check")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if "avertissement" in line]


def test_acts_are_compared_with_what_they_approved(run: Run, workspace: Path,
                                                   tmp_path: Path) -> None:
    pdf = tmp_path / "signe.pdf"
    pdf.write_bytes(blank_pdf())
    assert at(run, "2022-06-20", "issue", AADEC, "-m", "Projet")[0] == 0
    assert at(run, "2022-06-29", "approve", AADEC, "--deliberation", "22_113")[0] == 0
    assert at(run, "2022-07-20", "sign", AADEC, "--file", str(pdf))[0] == 0
    assert not [w for w in warnings(run) if "prévoit" in w]

    # the record moves on: 22_113 still agrees with what it approved; the record is flagged
    edit(workspace, AADEC_FILE, "{annee: 2025, montant: 64500}", "{annee: 2025, montant: 66000}")
    found = warnings(run)
    assert not [w for w in found if "22_113.yaml" in w and "prévoit" in w]
    assert (f"{AADEC_FILE}:10: montants: avertissement : la fiche prévoit 66\u00a0000,00\u00a0€ "
            f"en 2025 (approuvé : 64\u00a0500,00\u00a0€), différent de {APPROVED_1} : un "
            "changement de montant demande un avenant approuvé par délibération (ctgdocs "
            "avenant)") in found
    # without the register, today's record stands in, as before
    shutil.move(workspace / "conventions", tmp_path / "registre")
    assert any("22_113" in w and "l'acte indique 64\u00a0500,00\u00a0€ en 2025, la convention "
               f"{AADEC} prévoit 66\u00a0000,00\u00a0€" in w for w in warnings(run))
    shutil.move(tmp_path / "registre", workspace / "conventions")

    # an avenant changes the amount; the délibération approving it carries no table
    out = tmp_path / "out"
    code, text = at(run, "2024-03-20", "avenant", AADEC, "-m", "Montant 2025",
                    "--deliberation", "24_031", "--out", str(out), "--no-pdf")
    assert code == 0, text
    assert at(run, "2024-03-27", "approve", f"avenant-{AADEC}-1",
              "--deliberation", "24_031")[0] == 0
    found = warnings(run)
    assert not [w for w in found if "la fiche prévoit" in w]
    assert (f"{D24}:3: subventions: avertissement : délibération 24_031 : elle approuve "
            f"l'avenant n° 1 à la convention {AADEC}, qui change le montant de 2025 "
            "(64\u00a0500,00\u00a0€ → 66\u00a0000,00\u00a0€), sans que son tableau des "
            "subventions (subventions:) ne porte cette convention : une subvention modifiée "
            "est une décision du conseil qui nomme le bénéficiaire et le montant (L2311-7)"
            ) in found

    # a table with another amount is compared with the avenant it approved, changed years only
    edit(workspace, D24, "decisions:\n", "subventions:\n  - {beneficiaire: AADEC, convention: "
         f"{AADEC}, montants: [{{annee: 2025, montant: 65000}}]}}\ndecisions:\n")
    found = [w for w in warnings(run) if "24_031" in w]
    assert len(found) == 1, found
    assert ("pour AADEC, l'acte indique 65\u00a0000,00\u00a0€ en 2025, l'avenant n° 1 à la "
            f"convention {AADEC} telle que la délibération 24_031 l'a approuvée (version 1 du "
            "registre) prévoit 66\u00a0000,00\u00a0€") in found[0]
    edit(workspace, D24, "montant: 65000", "montant: 66000")
    assert not [w for w in warnings(run) if "24_031" in w]
