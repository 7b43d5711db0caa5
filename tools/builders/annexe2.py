"""Annexe 2: the services supported, by collectivité and heading."""

from __future__ import annotations

from .common import (
    approval_footer,
    cell_para,
    footer,
    merged_row,
    new_document,
    new_row,
    para,
    repeat_header,
    row,
    table,
)

ANNEXE_WIDTHS = [5.5, 11.5]


def annexe2() -> object:
    doc = new_document("Annexe 2 – Liste des équipements et services soutenus")
    para(doc, "{{ ctg.intitule }}", align="center", italic=True)
    para(doc, "ANNEXE 2 – Liste des équipements et services soutenus par les collectivités "
              "locales", "Title")
    para(doc, "Équipements et services soutenus par les collectivités locales signataires de "
              "la convention (communes et {{ epci.sigle }}) selon leur compétence, et "
              "bénéficiaires du bonus territoire, pour la période du {{ ctg.debut|date }} au "
              "{{ ctg.fin|date }}.", align="justify")
    para(doc, "{%p for c in collectivites %}")
    para(doc, "{{ c.nom }}", "Heading 1")
    t = table(doc, ANNEXE_WIDTHS)
    header = row(t, ["TYPE DE STRUCTURE", "NOM ET ADRESSE DE LA STRUCTURE"], ANNEXE_WIDTHS,
                 bold=True, fill="D9E2F3")
    repeat_header(header)
    merged_row(t, "{%tr for r in c.rubriques %}", ANNEXE_WIDTHS)
    merged_row(t, "{{ r.code }}", ANNEXE_WIDTHS, bold=True, fill="F2F2F2", keep=True)
    merged_row(t, "{%tr for s in r.services %}", ANNEXE_WIDTHS)
    left, right = new_row(t, ANNEXE_WIDTHS).cells  # type: ignore[attr-defined]
    cell_para(left, "{{ s.service.intitule }}", bold=True)
    cell_para(left, "{%p for o in s.service.ouverture %}")
    cell_para(left, "✓ {{ o.periode }}", italic=True)
    cell_para(left, "{%p for m in o.moments %}")
    cell_para(left, "    {{ m }}", italic=True)
    cell_para(left, "{%p endfor %}")
    cell_para(left, "{%p endfor %}")
    cell_para(right, "{%p if s.service.fiche_monenfant %}")
    cell_para(right, "fiche monenfant.fr {{ s.service.fiche_monenfant }}", italic=True)
    cell_para(right, "{%p endif %}")
    cell_para(right, "{%p if s.service.nom %}")
    p = cell_para(right, "NOM du service : ", italic=True)
    p.add_run("{{ s.service.nom }}").bold = True  # type: ignore[attr-defined]
    cell_para(right, "{%p endif %}")
    cell_para(right, "Gestionnaire : {{ s.gestionnaire.nom_usuel }}")
    cell_para(right, "{{ s.gestionnaire.adresse.complete }}")
    cell_para(right, "{%p if s.service.implantations %}")
    cell_para(right, "{{ s.implantations_titre }} :", italic=True)
    cell_para(right, "{%p for i in s.service.implantations %}")
    cell_para(right, "• {% if i.jours %}({{ i.jours }}) {% endif %}{% if i.nom %}{{ i.nom }} – "
                     "{% endif %}{{ i.adresse.complete }}")
    cell_para(right, "{%p endfor %}")
    cell_para(right, "{%p endif %}")
    merged_row(t, "{%tr endfor %}", ANNEXE_WIDTHS)
    merged_row(t, "{%tr endfor %}", ANNEXE_WIDTHS)
    para(doc, "{%p endfor %}")
    footer(doc, "{{ epci.nom }} – Annexe 2 – " + approval_footer("approuvée"))
    return doc


