"""The bordereau of the préfecture pack."""

from __future__ import annotations

from .common import (
    bullet_loop,
    cell_para,
    footer,
    header,
    letterhead,
    merged_row,
    new_document,
    para,
    repeat_header,
    row,
    table,
    text,
)

BORDEREAU_WIDTHS = [1.0, 6.0, 1.8, 2.0, 1.4, 4.8]


def bordereau() -> object:
    doc = new_document("Bordereau de transmission")
    header(doc, "{% if brouillon %}PROJET – NON SIGNÉ{% endif %}")
    letterhead(doc)
    para(doc, "BORDEREAU DE TRANSMISSION AU CONTRÔLE DE LÉGALITÉ", "Title")
    para(doc, "Délibération n° {{ d.numero }} – {{ d.objet }}", bold=True, align="center")
    para(doc, "Identifiant @ctes : {{ identifiant }}")
    para(doc, "Nature : {{ d.nature }} – classification : {{ d.classification }}")
    t = table(doc, BORDEREAU_WIDTHS)
    repeat_header(row(t, ["N°", "Document et fichier", "Rôle", "Typologie", "Pages",
                          "SHA-256"], BORDEREAU_WIDTHS, bold=True, fill="D9E2F3"))
    merged_row(t, "{%tr for p in pieces %}", BORDEREAU_WIDTHS)
    r = row(t, ["{{ loop.index }}", "{{ p.titre }}", "{{ p.role }}", "{{ p.typologie }}",
                "{{ p.pages }}", "{{ p.sha256[:32] }}"], BORDEREAU_WIDTHS)
    cell_para(r.cells[1], "{{ p.nom }} ({{ p.taille_ko }} Ko)", italic=True)  # type: ignore[attr-defined]
    cell_para(r.cells[5], "{{ p.sha256[32:] }}")  # type: ignore[attr-defined]
    merged_row(t, "{%tr endfor %}", BORDEREAU_WIDTHS)
    para(doc)
    para(doc, "{%p if separes %}")
    text(doc, "Fichiers joints séparément, seuls à faire foi : la copie qui suit dans ce "
              "dossier n'est qu'une reproduction (la fusion des PDF rompt les signatures "
              "électroniques, et les images ne sont pas fusionnées) :")
    bullet_loop(doc, "separes", "{{ i.nom }} – {{ i.titre }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if brouillon %}")
    text(doc, "Projet : ce dossier, marqué PROJET, ne peut pas être transmis.")
    para(doc, "{%p endif %}")
    para(doc, "Préparé le {{ date|date }}.")
    para(doc, "{%p if journal %}")
    para(doc, "{{ journal }}", italic=True)
    para(doc, "{%p endif %}")
    footer(doc, "{{ epci.nom }} – bordereau de la délibération n° {{ d.numero }}")
    return doc


