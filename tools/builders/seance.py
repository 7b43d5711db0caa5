"""The list of délibérations and the procès-verbal of a séance."""

from __future__ import annotations

from .common import (
    bullet_loop,
    footer,
    letterhead,
    merged_row,
    new_document,
    para,
    repeat_header,
    row,
    signatures,
    table,
    text,
)
from .deliberation import opening


def seance_liste() -> object:
    doc = new_document("Liste des délibérations")
    letterhead(doc)
    para(doc, "LISTE DES DÉLIBÉRATIONS", "Title")
    para(doc, "Séance du conseil communautaire du {{ seance.date|date_longue }}", bold=True,
         align="center")
    text(doc, "Liste des délibérations examinées par le conseil communautaire, publiée en "
              "application de l'article L2121-25 du code général des collectivités "
              "territoriales.")
    widths = [2.5, 10.5, 4.0]
    t = table(doc, widths)
    repeat_header(row(t, ["N°", "Objet", "Décision"], widths, bold=True, fill="D9E2F3"))
    merged_row(t, "{%tr for a in actes %}", widths)
    row(t, ["{{ a.deliberation.numero }}", "{{ a.deliberation.objet }}",
            "{% if a.resultat.adoptee %}Adoptée {{ a.resultat.mention }}{% else %}Rejetée"
            "{% endif %}"], widths)
    merged_row(t, "{%tr endfor %}", widths)
    para(doc)
    para(doc, "Publiée le {{ date|date }}.")
    signatures(doc, ("{{ epci.president|accord('Le Président', 'La Présidente') }},",
                     "{{ epci.president.nom_complet }}"), ("", ""))
    footer(doc, "{{ epci.nom }} – liste des délibérations du {{ seance.date|date_courte }}")
    return doc


def seance_pv() -> object:
    doc = new_document("Procès-verbal de séance")
    letterhead(doc)
    para(doc, "PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL COMMUNAUTAIRE", "Title")
    para(doc, "du {{ seance.date|date_longue }}", bold=True, align="center")
    opening(doc)
    para(doc, "Date de la convocation : {{ seance.convocation|date_longue }}")
    para(doc, "Membres en exercice : {{ ouverture.en_exercice }} – présents à l'ouverture : "
              "{{ ouverture.presents|length }} – représentés : {{ ouverture.pouvoirs|length }}")
    text(doc, "Présents : {{ actes[0].presents }}")
    para(doc, "{%p if actes[0].visio %}")
    text(doc, "Présents par visioconférence : {{ actes[0].visio }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if actes[0].pouvoirs %}")
    text(doc, "Pouvoirs : {{ actes[0].pouvoirs }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if actes[0].absents %}")
    text(doc, "Absents : {{ actes[0].absents }}")
    para(doc, "{%p endif %}")
    para(doc, "Secrétaire de séance : {{ secretaire.nom_complet }}")
    para(doc, "{%p if seance.seconde_convocation %}")
    text(doc, "Séance tenue sur seconde convocation : le Conseil délibère sans condition de "
              "quorum.")
    para(doc, "{%p elif quorum_atteint %}")
    text(doc, "Le quorum ({{ quorum }} membres présents) étant atteint, "
              "{{ president|accord('le président', 'la présidente') }} ouvre la séance.")
    para(doc, "{%p else %}")
    text(doc, "Le quorum ({{ quorum }} membres présents) n'est pas atteint.")
    para(doc, "{%p endif %}")
    para(doc, "Ordre du jour", "Heading 1")
    bullet_loop(doc, "actes", "N° {{ i.deliberation.numero }} – {{ i.deliberation.objet }}")
    para(doc, "{%p for a in actes %}")
    para(doc, "Délibération n° {{ a.deliberation.numero }} – {{ a.deliberation.objet }}",
         "Heading 2")
    para(doc, "{%p if a.rapporteur %}")
    para(doc, "Rapporteur : {{ a.rapporteur }}")
    para(doc, "{%p endif %}")
    para(doc, "Présents : {{ a.figures.presents|length }} – Pouvoirs : "
              "{{ a.figures.pouvoirs|length }} – Votants : {{ a.figures.votants }}")
    para(doc, "Vote {% if a.deliberation.vote.mode == 'secret' %}à bulletin secret"
              "{% else %}public{% endif %} : Pour : {{ a.resultat.pour }} – Contre : "
              "{{ a.resultat.contre }} – Abstention : {{ a.resultat.abstention }}")
    para(doc, "{%p if a.ne_prennent_pas_part %}")
    para(doc, "Ne prennent pas part au vote : {{ a.ne_prennent_pas_part }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p for label, noms in a.votes_nominatifs %}")
    text(doc, "{{ label }} : {{ noms }}")
    para(doc, "{%p endfor %}")
    para(doc, "Décision : {% if a.resultat.adoptee %}adoptée {{ a.resultat.mention }}"
              "{% else %}rejetée{% endif %}.", bold=True)
    para(doc, "Débats :", italic=True)
    for _ in range(3):
        para(doc, "…" * 60)
    para(doc, "{%p endfor %}")
    text(doc, "L'ordre du jour étant épuisé, la séance est levée.")
    signatures(doc, ("{{ president|accord('Le président de séance', 'La présidente de séance') "
                     "}},", "{{ president.nom_complet }}"),
               ("{{ secretaire|accord('Le secrétaire de séance', 'La secrétaire de séance') }},",
                "{{ secretaire.nom_complet }}"))
    footer(doc, "{{ epci.nom }} – procès-verbal de la séance du {{ seance.date|date_courte }}")
    return doc


