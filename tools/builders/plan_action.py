"""The arbre à objectifs, a landscape table."""

from __future__ import annotations

from docx.shared import Pt

from .common import (
    approval_footer,
    cell_loop,
    footer,
    merged_row,
    new_document,
    para,
    repeat_header,
    row,
    socle_and_cadre,
    table,
)

PLAN_WIDTHS = [5.0, 9.2, 6.5, 5.0]


def plan_action() -> object:
    doc = new_document("Arbre à objectifs", landscape=True)
    doc.styles["Normal"].font.size = Pt(8.5)  # type: ignore[attr-defined]
    doc.styles["Normal"].paragraph_format.space_after = Pt(2)  # type: ignore[attr-defined]
    para(doc, "{{ ctg.intitule }}", align="center", italic=True)
    para(doc, "{{ plan.titre }}", "Title")
    socle_and_cadre(doc)
    t = table(doc, PLAN_WIDTHS)
    repeat_header(row(t, ["OBJECTIFS OPÉRATIONNELS", "ACTIONS", "MISE EN ŒUVRE",
                          "DISPOSITIFS ET FINANCEMENTS HORS CTG"],
                      PLAN_WIDTHS, bold=True, fill="D9E2F3"))
    merged_row(t, "{%tr for g in plan.objectifs %}", PLAN_WIDTHS)
    merged_row(t, "OBJECTIF GÉNÉRAL : {{ g.intitule }}", PLAN_WIDTHS, bold=True, fill="BDD7EE",
               keep=True)
    merged_row(t, "{%tr for d in g.declines %}", PLAN_WIDTHS)
    merged_row(t, "Objectif décliné {{ d.libelle }}", PLAN_WIDTHS, bold=True, fill="F2F2F2",
               keep=True)
    merged_row(t, "{%tr for o in d.operationnels %}", PLAN_WIDTHS)
    r = row(t, ["{{ o.libelle }}", "", "", ""], PLAN_WIDTHS)
    cells = r.cells  # type: ignore[attr-defined]
    for cell, var, sequence in ((cells[1], "a", "o.actions"), (cells[2], "m", "o.mise_en_oeuvre"),
                                (cells[3], "h", "o.hors_ctg")):
        cell_loop(cell, f"{var} in {sequence}", f"{{{{ {var} }}}}")
    merged_row(t, "{%tr endfor %}", PLAN_WIDTHS)
    merged_row(t, "{%tr endfor %}", PLAN_WIDTHS)
    merged_row(t, "{%tr endfor %}", PLAN_WIDTHS)
    footer(doc, "{{ epci.nom }} – arbre à objectifs – " + approval_footer("objectifs validés"))
    return doc


