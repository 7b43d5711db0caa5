"""The avenant and the consolidated text of a convention."""

from __future__ import annotations

from .common import footer, new_document, para, parties_signatures, party, text


def avenant() -> object:
    doc = new_document("Avenant à une convention de fonctionnement et de financement")
    para(doc, "{{ ctg.intitule }}", align="center", italic=True)
    para(doc, "AVENANT N° {{ numero }}", "Title")
    para(doc, "à la convention de fonctionnement et de financement n° {{ convention.id }}",
         align="center", bold=True)
    para(doc, "ENTRE", bold=True)
    party(doc, "financeur", "le financeur")
    para(doc, "ET", bold=True)
    party(doc, "gestionnaire", "le gestionnaire")
    para(doc, "Vu la convention de fonctionnement et de financement n° {{ convention.id }} "
              "signée le {{ base_signature|date }}, approuvée par la délibération n° "
              "{{ convention.deliberation.numero }} du {{ financeur.conseil }} du "
              "{{ convention.deliberation.date|date }} ;", align="justify")
    para(doc, "{%p for p in precedents %}")
    para(doc, "Vu l'avenant n° {{ p.numero }} à cette convention, signé le "
              "{{ p.signature|date }} ;", align="justify")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if deliberation %}")
    para(doc, "Vu la délibération n° {{ deliberation.numero }} du {{ deliberation.conseil }}"
              "{% if deliberation.date %} du {{ deliberation.date|date }}{% else %} (à venir)"
              "{% endif %} autorisant la signature du présent avenant ;", align="justify")
    para(doc, "{%p else %}")
    para(doc, "Vu la délibération du {{ financeur.conseil }} autorisant la signature du présent "
              "avenant (à venir) ;", align="justify")
    para(doc, "{%p endif %}")
    para(doc, "Il est convenu ce qui suit :", bold=True)
    para(doc, "{%p for m in modifications %}")
    para(doc, "Article {{ loop.index|numero_article }} – {{ m.objet }}", "Heading 2")
    text(doc, "{{ m.phrase }}")
    para(doc, "{%p if m.citation %}")
    para(doc, "{{p m.citation }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "Article {{ (modifications|length + 1)|numero_article }} – Prise d'effet",
         "Heading 2")
    text(doc, "Le présent avenant prend effet {% if effet %}le {{ effet|date }}{% else %}à sa "
              "signature par les deux parties{% endif %}. Les autres stipulations de la "
              "convention{% if precedents %} et de ses avenants{% endif %} demeurent "
              "inchangées.")
    parties_signatures(doc)
    para(doc, "{%p if annexes %}")
    doc.add_page_break()  # type: ignore[attr-defined]
    para(doc, "Annexe jointe à l'avenant n° {{ numero }}", bold=True, align="center")
    para(doc, "{{p annexes }}")
    para(doc, "{%p endif %}")
    footer(doc, "Avenant n° {{ numero }} à la convention n° {{ convention.id }}")
    return doc


def consolidation() -> object:
    doc = new_document("Convention consolidée")
    para(doc, "{{ ctg.intitule }}", align="center", italic=True)
    para(doc, "CONVENTION DE FONCTIONNEMENT ET DE FINANCEMENT", "Title")
    para(doc, "n° {{ convention.id }} – version consolidée au {{ au|date }}", align="center",
         bold=True)
    para(doc, "Version consolidée établie à titre d'information ; seuls font foi la convention "
              "et ses avenants signés.", italic=True, align="center")
    text(doc, "Texte en vigueur au {{ au|date }}{% if motif %}, {{ motif }}{% endif %} : la "
              "convention signée le {{ base_signature|date }}{% if avenants %}, modifiée par "
              "{% for a in avenants %}l'avenant n° {{ a.numero }} signé le "
              "{{ a.signature|date }}{% if not loop.last %}{% if loop.revindex == 2 %} et par "
              "{% else %}, par {% endif %}{% endif %}{% endfor %}{% endif %}.")
    para(doc, "{{p corps }}")
    footer(doc, "Convention n° {{ convention.id }} – version consolidée au {{ au|date_courte }}")
    return doc
