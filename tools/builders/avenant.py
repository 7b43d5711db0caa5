"""The avenant and the consolidated text of a convention."""

from __future__ import annotations

from .common import bullet_loop, footer, new_document, para, parties_signatures, party, text


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
              "signée le {{ base_signature|date }} ;", align="justify")
    para(doc, "{%p for p in precedents %}")
    para(doc, "Vu l'avenant n° {{ p.numero }} à cette convention, signé le "
              "{{ p.signature|date }} ;", align="justify")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if deliberation %}")
    para(doc, "Vu la délibération n° {{ deliberation.numero }} du {{ financeur.conseil }}"
              "{% if deliberation.date %} du {{ deliberation.date|date }}{% endif %} autorisant "
              "le présent avenant ;", align="justify")
    para(doc, "{%p endif %}")
    para(doc, "Il est convenu ce qui suit :", bold=True)
    para(doc, "{%p for m in modifications %}")
    para(doc, "Article {{ loop.index|numero_article }} – Modification : {{ m.titre }}",
         "Heading 2")
    text(doc, "{{ m.intro }}")
    para(doc, "{%p for x in m.paragraphes %}")
    para(doc, "« {{ x }} »", italic=True, align="justify")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if m.lignes_retirees %}")
    text(doc, "Sont retirées du tableau les lignes :")
    bullet_loop(doc, "m.lignes_retirees")
    para(doc, "{%p endif %}")
    para(doc, "{%p if m.lignes_ajoutees %}")
    text(doc, "Sont ajoutées au tableau les lignes :")
    bullet_loop(doc, "m.lignes_ajoutees")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "Article {{ (modifications|length + 1)|numero_article }} – Prise d'effet",
         "Heading 2")
    text(doc, "Le présent avenant prend effet {% if effet %}le {{ effet|date }}{% else %}à sa "
              "signature par les deux parties{% endif %}. Les autres stipulations de la "
              "convention et de ses avenants demeurent inchangées.")
    parties_signatures(doc)
    footer(doc, "Avenant n° {{ numero }} à la convention n° {{ convention.id }} – édition du "
                "{{ date|date }}")
    return doc


def consolidation() -> object:
    doc = new_document("Convention consolidée")
    para(doc, "{{ ctg.intitule }}", align="center", italic=True)
    para(doc, "CONVENTION DE FONCTIONNEMENT ET DE FINANCEMENT", "Title")
    para(doc, "n° {{ convention.id }} – version consolidée au {{ au|date }}", align="center",
         bold=True)
    text(doc, "Texte en vigueur au {{ au|date }} : la convention signée le "
              "{{ base_signature|date }}{% if avenants %}, modifiée par "
              "{% for a in avenants %}l'avenant n° {{ a.numero }} signé le "
              "{{ a.signature|date }}{% if not loop.last %}, {% endif %}{% endfor %}"
              "{% endif %}. Document d'information : seuls les actes signés font foi.")
    para(doc, "{%p if preambule %}")
    para(doc, "{%p for x in preambule.paragraphes %}")
    text(doc, "{{ x }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p for s in sections %}")
    para(doc, "{{ s.titre }}", "Heading 2")
    para(doc, "{%p if s.note %}")
    para(doc, "[{{ s.note }}]", italic=True)
    para(doc, "{%p endif %}")
    para(doc, "{%p for x in s.paragraphes %}")
    text(doc, "{{ x }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p for x in s.lignes %}")
    para(doc, "{{ x }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    footer(doc, "Convention n° {{ convention.id }} consolidée au {{ au|date_courte }} – "
                "édition du {{ date|date }}")
    return doc


