"""The list of délibérations and the procès-verbal of a séance."""

from __future__ import annotations

from .common import (
    bullet_loop,
    footer,
    header,
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

PRESIDENT = ("{{ president|accord('Le président de séance', 'La présidente de séance') }},",
             "{{ president.nom_complet }}")
SECRETAIRE = ("{% if secretaire %}{{ secretaire|accord('Le secrétaire de séance', "
              "'La secrétaire de séance') }}{% else %}Le ou la secrétaire de séance{% endif %},",
              "{% if secretaire %}{{ secretaire.nom_complet }}{% endif %}")


def seance_liste() -> object:
    """The liste des délibérations (L2121-25 since 1 July 2022), or before that date the
    compte rendu posted within a week."""
    doc = new_document("Liste des délibérations")
    letterhead(doc)
    para(doc, "{{ regime.summary_title|upper }}", "Title")
    para(doc, "Séance du conseil communautaire du {{ seance.date|date_longue }}", bold=True,
         align="center")
    para(doc, "{%p if regime.liste_des_deliberations %}")
    text(doc, "Liste des délibérations examinées par le conseil communautaire, affichée et "
              "mise en ligne dans un délai d'une semaine en application de l'article L2121-25 "
              "du code général des collectivités territoriales.")
    para(doc, "{%p else %}")
    text(doc, "Compte rendu de la séance, affiché dans la huitaine en application de l'article "
              "L2121-25 du code général des collectivités territoriales dans sa rédaction "
              "antérieure au 1er juillet 2022.")
    para(doc, "{%p endif %}")
    widths = [2.5, 10.0, 4.5]
    t = table(doc, widths)
    repeat_header(row(t, ["N°", "Objet", "Décision"], widths, bold=True, fill="D9E2F3"))
    merged_row(t, "{%tr for a in actes %}", widths)
    row(t, ["{{ a.deliberation.numero }}", "{{ a.deliberation.objet }}",
            "{% if not a.deliberation.votee %}Non encore votée{% elif a.adoptee %}Adoptée "
            "{{ a.decision }}{% else %}Rejetée{% endif %}"], widths)
    merged_row(t, "{%tr endfor %}", widths)
    para(doc)
    para(doc, "Affichée et mise en ligne le ………………………………", keep=True)
    signatures(doc, ("{{ epci.president|accord('Le Président', 'La Présidente') }},",
                     "{{ epci.president.nom_complet }}"), ("", ""))
    footer(doc, "{{ epci.nom }} – {{ regime.summary_title }} de la séance du "
                "{{ seance.date|date_courte }}")
    return doc


def seance_pv() -> object:
    """The procès-verbal (L2121-15): arrêté at the next séance, a projet until then."""
    doc = new_document("Procès-verbal de séance")
    header(doc, "{% if brouillon %}PROJET{% endif %}")
    letterhead(doc)
    para(doc, "PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL COMMUNAUTAIRE", "Title")
    para(doc, "du {{ seance.date|date_longue }}", bold=True, align="center")
    opening(doc)
    para(doc, "Date de la convocation : {{ seance.convocation|date_longue }}")
    para(doc, "Membres en exercice : {{ ouverture.en_exercice }} – présents à l'ouverture : "
              "{{ nombre_presents }} – représentés : {{ nombre_representes }}")
    text(doc, "Présents : {{ presents }}")
    para(doc, "{%p if actes[0].visio %}")
    text(doc, "Présents par visioconférence : {{ actes[0].visio }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if actes[0].pouvoirs %}")
    text(doc, "Représentés (mandant à mandataire) : {{ actes[0].pouvoirs }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if actes[0].absents %}")
    text(doc, "Absents : {{ actes[0].absents }}")
    para(doc, "{%p endif %}")
    para(doc, "Secrétaire de séance : {% if secretaire %}{{ secretaire.nom_complet }}"
              "{% else %}……………………………………{% endif %}")
    para(doc, "{%p if seance.seconde_convocation %}")
    text(doc, "Séance tenue sur seconde convocation : le Conseil délibère sans condition de "
              "quorum.")
    para(doc, "{%p elif quorum_atteint %}")
    text(doc, "Quorum : {{ nombre_presents }} membres présents pour {{ quorum }} "
              "requis. Le quorum étant atteint, {{ president|accord('le président', "
              "'la présidente') }} ouvre la séance.")
    para(doc, "{%p else %}")
    text(doc, "Quorum : {{ nombre_presents }} membres présents pour {{ quorum }} "
              "requis : le quorum n'est pas atteint.")
    para(doc, "{%p endif %}")
    para(doc, "Ordre du jour", "Heading 1")
    bullet_loop(doc, "actes", "N° {{ i.deliberation.numero }} – {{ i.deliberation.objet }}")
    para(doc, "{%p for a in actes %}")
    para(doc, "Délibération n° {{ a.deliberation.numero }} – {{ a.deliberation.objet }}",
         "Heading 2")
    para(doc, "{%p if a.rapporteur %}")
    para(doc, "Rapporteur : {{ a.rapporteur }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if a.deliberation.rapport %}")
    text(doc, "Rapport : {{ a.deliberation.rapport }}")
    para(doc, "{%p endif %}")
    para(doc, "Teneur des discussions :", italic=True)
    para(doc, "{%p if a.deliberation.discussions %}")
    text(doc, "{{ a.deliberation.discussions }}")
    para(doc, "{%p else %}")
    for _ in range(3):
        para(doc, "…" * 60)
    para(doc, "{%p endif %}")
    para(doc, "{%p if a.deliberation.vote and a.deliberation.vote.demande %}")
    text(doc, "Demande de mode de scrutin : {{ a.deliberation.vote.demande }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if a.deliberation.votee %}")
    para(doc, "Présents : {{ a.chiffres.presents }} – Pouvoirs : {{ a.chiffres.pouvoirs }} – "
              "Votants : {{ a.chiffres.votants }}")
    para(doc, "Vote {{ a.mode }} : Pour : {{ a.resultat.pour }} – Contre : "
              "{{ a.resultat.contre }} – Abstention : {{ a.resultat.abstention }}")
    para(doc, "{%p if a.ne_prennent_pas_part %}")
    para(doc, "Ne {{ 'prend' if a.figures.ne_prennent_pas_part|length == 1 else 'prennent' }} "
              "pas part au vote : {{ a.ne_prennent_pas_part }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p for label, noms in a.votes_nominatifs %}")
    text(doc, "{{ label }} : {{ noms }}")
    para(doc, "{%p endfor %}")
    para(doc, "Décision : {% if a.adoptee %}le Conseil adopte la délibération "
              "{{ a.decision }}{% else %}le Conseil {{ a.decision }}{% endif %}.", bold=True,
         keep=True)
    para(doc, "{%p else %}")
    para(doc, "Vote non encore enregistré.", italic=True, keep=True)
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "L'ordre du jour étant épuisé, la séance est levée.", keep=True)
    para(doc, "{%p if arrete %}")
    para(doc, "Procès-verbal arrêté lors de la séance du {{ arrete.date|date }}.", bold=True,
         keep=True)
    para(doc, "{%p else %}")
    para(doc, "Projet de procès-verbal, à arrêter lors de la prochaine séance.", italic=True,
         keep=True)
    para(doc, "{%p endif %}")
    para(doc, "{%p if regime.signed_by_president_and_secretary %}")
    signatures(doc, PRESIDENT, SECRETAIRE)
    para(doc, "{%p else %}")
    para(doc, "Ont signé au registre les membres présents.", keep=True)
    signatures(doc, PRESIDENT, ("", ""))
    para(doc, "{%p endif %}")
    footer(doc, "{{ epci.nom }} – procès-verbal de la séance du {{ seance.date|date_courte }}"
                "{% if brouillon %} – projet{% endif %}")
    return doc
