"""The extract (or projet) of a délibération."""

from __future__ import annotations

from .common import (
    bullet_loop,
    bullets,
    cell_loop,
    footer,
    header,
    letterhead,
    merged_row,
    new_document,
    para,
    repeat_header,
    row,
    signatures,
    socle_and_cadre,
    table,
    text,
)


def opening(doc: object) -> None:
    """"L'an deux mille vingt-deux, le vingt-neuf juin à 18h30, le Conseil…"."""
    text(doc, "L'an {{ seance.date.year|nombre_lettres }}, le "
              "{{ seance.date|jour_mois_lettres }} à {{ seance.heure|heure }},")
    text(doc, "Le Conseil Communautaire s'est réuni en session "
              "{{ seance.session }} dans {{ seance.lieu }}, sous la présidence "
              "{{ president.nom_complet|de }}.")
    para(doc, "{%p if seance.seconde_convocation %}")
    text(doc, "Le quorum n'ayant pas été atteint lors de la séance du "
              "{{ premiere_seance.date|date }}, le Conseil, convoqué une seconde fois, délibère "
              "valablement sans condition de quorum (article L2121-17 du code général des "
              "collectivités territoriales).")
    para(doc, "{%p endif %}")


def synthesis_table(doc: object, rows: str) -> None:
    """The summary of the arbre à objectifs: general objectives and their declined ones."""
    widths = [6.0, 11.0]
    t = table(doc, widths)
    repeat_header(row(t, ["OBJECTIFS GÉNÉRAUX", "OBJECTIFS DÉCLINÉS"], widths, bold=True,
                      fill="D9E2F3"))
    merged_row(t, f"{{%tr for line in {rows} %}}", widths)
    r = row(t, ["{{ line.objectif_general }}", ""], widths)
    cell_loop(r.cells[1], "x in line.objectifs_declines", "{{ x }}")  # type: ignore[attr-defined]
    merged_row(t, "{%tr endfor %}", widths)
    para(doc)  # room between the table and the next paragraph


def blocks(doc: object, loop: str) -> None:
    """Visas or considérants: paragraphs with their lists, tables and the derived summary."""
    para(doc, f"{{%p for b in {loop} %}}")
    para(doc, "{%p if b.texte %}")
    text(doc, "{{ b.texte }}")
    para(doc, "{%p endif %}")
    bullet_loop(doc, "b.liste")
    para(doc, "{%p if b.tableau %}")
    t = table(doc, [6.0, 11.0])
    merged_row(t, "{%tr for r in b.tableau %}", [6.0, 11.0])
    row(t, ["{{ r[0] }}", "{{ r[1:]|join(' ') }}"], [6.0, 11.0])
    merged_row(t, "{%tr endfor %}", [6.0, 11.0])
    para(doc)  # room between the table and the next paragraph
    para(doc, "{%p endif %}")
    para(doc, "{%p if b.synthese_plan_action %}")
    socle_and_cadre(doc)
    synthesis_table(doc, "acte.synthese")
    para(doc, "{%p endif %}")
    para(doc, "{%p if b.synthese %}")
    synthesis_table(doc, "b.synthese")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")




SUBSIDY_WIDTHS = [4.5, 4.0, 6.0, 2.5]


def subsidies(doc: object) -> None:
    """The subsidies the act decides: each beneficiary, its convention, amounts (L2311-7)."""
    para(doc, "{%p if acte.subventions %}")
    para(doc, "Les subventions sont attribuées comme suit :", bold=True, keep=True)
    t = table(doc, SUBSIDY_WIDTHS)
    repeat_header(row(t, ["Bénéficiaire", "Convention", "Montants annuels", "Total"],
                      SUBSIDY_WIDTHS, bold=True, fill="D9E2F3"))
    merged_row(t, "{%tr for s in acte.subventions %}", SUBSIDY_WIDTHS)
    row(t, ["{{ s.beneficiaire }}", "{{ s.convention }}", "{{ s.montants }}",
            "{{ s.total|montant }}"], SUBSIDY_WIDTHS)
    merged_row(t, "{%tr endfor %}", SUBSIDY_WIDTHS)
    para(doc, "{%p endif %}")


def decisions(doc: object, verb: str) -> None:
    """One bullet per decision: its verb in bold (VALIDE, or VALIDER in a projet), its text."""
    para(doc, "{%p for x in d.decisions %}")
    p = para(doc, "", "List Bullet", align="justify")
    p.add_run(verb).bold = True  # type: ignore[attr-defined]
    p.add_run(" {{ x.texte }}")  # type: ignore[attr-defined]
    para(doc, "{%p endfor %}")


def deliberation() -> object:
    doc = new_document("Extrait du registre des délibérations")
    header(doc, "{% if brouillon %}PROJET{% endif %}")
    letterhead(doc)
    para(doc, "{%p if brouillon %}")
    para(doc, "PROJET DE DÉLIBÉRATION", "Title")
    para(doc, "{%p else %}")
    para(doc, "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL COMMUNAUTAIRE", bold=True,
         align="center")
    para(doc, "{%p endif %}")
    para(doc, "DÉLIBÉRATION N° {{ d.numero }}", "Title")
    para(doc, "{%p if brouillon %}")
    text(doc, "Séance du {{ seance.date|date_longue }} à {{ seance.heure|heure }}, dans "
              "{{ seance.lieu }}.")
    para(doc, "{%p else %}")
    opening(doc)
    para(doc, "{%p endif %}")
    para(doc, "OBJET : {{ d.objet|upper }}", bold=True)
    para(doc, "Date de la convocation : {{ seance.convocation|date_longue }}")
    para(doc, "{%p if not brouillon %}")
    para(doc, "Nombre de conseillers : En exercice : {{ acte.chiffres.en_exercice }} – "
              "Présents : {{ acte.chiffres.presents }} – Pouvoirs : {{ acte.chiffres.pouvoirs }}"
              " – Votants : {{ acte.chiffres.votants }}")
    para(doc, "Résultat des votes{% if acte.mode %} ({{ acte.mode }}){% endif %} : Pour : "
              "{{ acte.resultat.pour }} – Contre : {{ acte.resultat.contre }} – Abstention : "
              "{{ acte.resultat.abstention }}")
    para(doc, "{%p if acte.ne_prennent_pas_part %}")
    para(doc, "Ne {{ 'prend' if acte.figures.ne_prennent_pas_part|length == 1 else 'prennent' }} "
              "pas part au vote : {{ acte.ne_prennent_pas_part }}")
    para(doc, "{%p endif %}")
    text(doc, "Présents les délégués avec voix délibérative : {{ acte.presents }}")
    para(doc, "{%p if acte.visio %}")
    text(doc, "Présents par visioconférence : {{ acte.visio }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if acte.pouvoirs %}")
    text(doc, "Pouvoirs : {{ acte.pouvoirs }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if acte.absents %}")
    text(doc, "Absents : {{ acte.absents }}")
    para(doc, "{%p endif %}")
    para(doc, "Secrétaire de séance : {% if secretaire %}{{ secretaire.nom_complet }}"
              "{% else %}……………………………………{% endif %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if acte.rapporteur %}")
    para(doc, "Rapporteur : {{ acte.rapporteur }}")
    para(doc, "{%p endif %}")
    blocks(doc, "d.visas")
    blocks(doc, "d.considerants")
    para(doc, "{%p if brouillon %}")
    para(doc, "Il est proposé au Conseil Communautaire de bien vouloir :", bold=True)
    decisions(doc, "{{ propositions[loop.index0] }}")
    para(doc, "{%p else %}")
    para(doc, "Le Conseil Communautaire, après en avoir délibéré, {{ acte.decision }} :",
         bold=True)
    decisions(doc, "{{ x.verbe }}")
    para(doc, "{%p endif %}")
    subsidies(doc)
    para(doc, "{%p if annexes %}")
    para(doc, "Annexes :", bold=True, keep=True)
    bullet_loop(doc, "annexes", "{{ i.titre }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if not brouillon %}")
    text(doc, "Ainsi fait et délibéré, les jour, mois et an que dessus.")
    para(doc, "{%p if not regime.signed_by_president_and_secretary %}")
    text(doc, "Au registre sont les signatures des membres présents.")
    para(doc, "{%p endif %}")
    para(doc, "{{ epci.president|accord('Le Président', 'La Présidente') }},", bold=True,
         keep=True)
    bullets(doc, "{{ certification }}",
            "INFORME que la présente délibération peut faire l'objet d'un recours pour excès de "
            "pouvoir devant le {{ tribunal.nom }}, {{ tribunal.adresse.complete }}, dans un "
            "délai de deux mois à compter de sa publication et de sa réception par le "
            "représentant de l'État ; le tribunal peut être saisi par l'application Télérecours "
            "citoyens accessible sur le site www.telerecours.fr. Un recours gracieux adressé "
            "{{ epci.president|accord('au Président', 'à la Présidente') }} interrompt ce "
            "délai.")
    para(doc, "Pour extrait certifié conforme.", bold=True)
    para(doc, "Fait à {{ epci.ville_signature }}, le {{ date|date }}.")
    para(doc, "{%p if regime.signed_by_president_and_secretary %}")
    signatures(doc, ("{{ epci.president|accord('Le Président', 'La Présidente') }},",
                     "{{ epci.president.nom_complet }}"),
               ("{% if secretaire %}{{ secretaire|accord('Le secrétaire de séance', "
                "'La secrétaire de séance') }}{% else %}Le ou la secrétaire de séance"
                "{% endif %},", "{% if secretaire %}{{ secretaire.nom_complet }}{% endif %}"))
    para(doc, "{%p else %}")
    signatures(doc, ("{{ epci.president|accord('Le Président', 'La Présidente') }},",
                     "{{ epci.president.nom_complet }}"), ("", ""))
    para(doc, "{%p endif %}")
    para(doc, "{%p for m in mentions %}")
    para(doc, "{{ m }}", keep=True)
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    footer(doc, "{{ epci.nom }} – délibération n° {{ d.numero }}"
                "{% if brouillon %} – projet{% endif %}")
    return doc
