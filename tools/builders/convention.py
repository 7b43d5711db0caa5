"""The convention de fonctionnement et financement."""

from __future__ import annotations

from .common import (
    AMOUNT_WIDTHS,
    SERVICE_WIDTHS,
    article,
    bullet_loop,
    bullets,
    cell_loop,
    cell_para,
    footer,
    merged_row,
    new_document,
    new_row,
    para,
    parties_signatures,
    party,
    repeat_header,
    row,
    table,
    text,
)


def convention() -> object:
    doc = new_document("Convention de fonctionnement et de financement")
    para(doc, "{{ ctg.intitule }}", align="center", italic=True)
    para(doc, "CONVENTION DE FONCTIONNEMENT ET DE FINANCEMENT", "Title")
    para(doc, "n° {{ convention.id }} – du {{ convention.debut|date }} au "
              "{{ convention.fin|date }}", align="center", bold=True)

    para(doc, "ENTRE", bold=True)
    party(doc, "financeur", "le financeur")
    para(doc, "ET", bold=True)
    party(doc, "gestionnaire", "le gestionnaire")
    para(doc, "ci-après ensemble « les parties ».")

    para(doc, "Vu le code général des collectivités territoriales ;", align="justify")
    para(doc, "Vu la loi n° 2000-321 du 12 avril 2000 relative aux droits des citoyens dans leurs "
              "relations avec les administrations, notamment ses articles 10 et 10-1 ;",
         align="justify")
    para(doc, "{%p if gestionnaire.association %}")
    para(doc, "Vu le décret n° 2001-495 du 6 juin 2001 relatif à la transparence financière des "
              "aides octroyées par les personnes publiques ;", align="justify")
    para(doc, "Vu le contrat d'engagement républicain souscrit par le gestionnaire ;",
         align="justify")
    para(doc, "{%p endif %}")
    para(doc, "Vu la {{ ctg.circulaire }} ;", align="justify")
    para(doc, "Vu la {{ ctg.intitule }} conclue pour la période du {{ ctg.debut|date }} au "
              "{{ ctg.fin|date }} avec {{ cafs }}, et son Annexe 2 qui liste les équipements et "
              "services soutenus ;", align="justify")
    para(doc, "Vu la délibération n° {{ convention.deliberation.numero }} du "
              "{{ financeur.conseil }} du {{ convention.deliberation.date|date }} "
              "« {{ convention.deliberation.objet }} » ;", align="justify")
    para(doc, "Il est convenu ce qui suit :", bold=True)

    article(doc, "1er", "Objet")
    text(doc, "La présente convention définit les conditions dans lesquelles le financeur "
              "soutient le fonctionnement des services suivants, gérés par le gestionnaire et "
              "inscrits à l'Annexe 2 de la {{ ctg.intitule }} :")
    para(doc, "{%p for s in services %}")
    bullets(doc, "{{ s.service.intitule }}{% if s.service.nom %} « {{ s.service.nom }} »"
                 "{% endif %}{% if s.lieux %} – {{ s.lieux }}{% endif %} ;")
    para(doc, "{%p endfor %}")
    text(doc, "Leurs implantations, périodes d'ouverture et publics sont détaillés en annexe 1.")

    article(doc, "2", "Durée")
    text(doc, "La présente convention est conclue pour la période du {{ convention.debut|date }} "
              "au {{ convention.fin|date }}, soit {{ duree }}. Elle ne peut être reconduite "
              "tacitement ; son renouvellement fait l'objet d'une nouvelle convention.")

    article(doc, "3", "Engagements du gestionnaire")
    text(doc, "Le gestionnaire s'engage à :")
    bullets(doc,
            "assurer le fonctionnement des services désignés à l'article 1er dans le respect de "
            "la réglementation qui leur est applicable et des avis des services de protection "
            "maternelle et infantile et de l'État ;",
            "accueillir tous les publics sans discrimination et rechercher l'accueil des "
            "enfants en situation de handicap et des familles fragilisées ;",
            "tenir à jour la fiche de chaque service sur le site monenfant.fr ;",
            "informer sans délai le financeur de toute modification de ses statuts, de ses "
            "représentants, de ses implantations ou de ses périodes d'ouverture ;",
            "participer aux instances de pilotage et de suivi de la convention territoriale "
            "globale ;",
            "employer la subvention conformément à son objet.")

    article(doc, "4", "Engagements du financeur")
    text(doc, "Le financeur s'engage à :")
    bullets(doc,
            "verser au gestionnaire la subvention prévue à l'article 5, selon l'échéancier "
            "convenu ;",
            "associer le gestionnaire aux instances de pilotage de la convention territoriale "
            "globale et lui communiquer les données du territoire utiles à son activité ;",
            "faire connaître les services du gestionnaire aux familles du territoire.")

    article(doc, "5", "Montant et modalités de versement")
    text(doc, "Pour la durée de la convention, le financeur attribue au gestionnaire une "
              "subvention de fonctionnement d'un montant total de {{ total|montant }} "
              "({{ total|montant_lettres }}), répartie par année comme suit :")
    t = table(doc, AMOUNT_WIDTHS)
    repeat_header(row(t, ["Année", "Montant", "En lettres"], AMOUNT_WIDTHS, bold=True,
                      fill="D9E2F3"))
    merged_row(t, "{%tr for a in annees %}", AMOUNT_WIDTHS)
    row(t, ["{{ a.annee }}", "{{ a.montant|montant }}", "{{ a.montant|montant_lettres }}"],
        AMOUNT_WIDTHS)
    merged_row(t, "{%tr endfor %}", AMOUNT_WIDTHS)
    para(doc)
    text(doc, "Ces montants sont attribués par la délibération visée ci-dessus"
              "{% if annees_suivantes|length > 1 %}, ceux des années {{ annees_suivantes_texte }}"
              "{% elif annees_suivantes %}, celui de l'année {{ annees_suivantes_texte }}"
              "{% endif %}{% if annees_suivantes %} sous réserve de l'inscription des crédits "
              "correspondants au budget du financeur de l'exercice concerné{% endif %}.")
    text(doc, "Chaque montant annuel est versé par virement sur le compte du gestionnaire, au "
              "plus tard aux échéances suivantes :")
    para(doc, "{%p for v in convention.versements %}")
    bullets(doc, "{{ v.part|nombre }} % au plus tard le {{ v.echeance_texte }}"
                 "{% if v.condition %}, {{ v.condition }}{% endif %}"
                 "{% if loop.last %}.{% else %} ;{% endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if premier_versement %}")
    text(doc, "Par exception, les versements dont l'échéance précède le "
              "{{ premier_versement|date }} sont effectués au plus tard à cette date, la "
              "présente convention ne pouvant être signée avant que la délibération qui "
              "l'approuve soit exécutoire.")
    para(doc, "{%p endif %}")
    text(doc, "Les dates et montants de chaque versement figurent en annexe 1. Toute "
              "modification d'un montant fait l'objet d'un avenant approuvé par délibération du "
              "{{ financeur.conseil }}.")

    article(doc, "6", "Objectifs")
    para(doc, "{%p if convention.objectifs %}")
    text(doc, "Le gestionnaire concourt aux objectifs suivants de la convention territoriale "
              "globale :")
    bullet_loop(doc, "objectifs", "{{ i }}{% if loop.last %}.{% else %} ;{% endif %}")
    para(doc, "{%p else %}")
    text(doc, "Le gestionnaire concourt aux objectifs généraux et opérationnels de la "
              "convention territoriale globale tels qu'arrêtés dans son plan d'action.")
    para(doc, "{%p endif %}")
    text(doc, "Ces objectifs sont revus chaque année lors de l'évaluation prévue à l'article 8.")

    article(doc, "7", "Compte rendu financier et contrôle")
    text(doc, "Le gestionnaire transmet au financeur, dans les six mois suivant la clôture de "
              "chaque exercice, un compte rendu financier attestant de la conformité des "
              "dépenses à l'objet de la subvention, son rapport d'activité et ses comptes "
              "annuels approuvés, ainsi que, chaque année, son budget prévisionnel.")
    para(doc, "{%p if gestionnaire.prive %}")
    text(doc, "Conformément à l'article L. 1611-4 du code général des collectivités "
              "territoriales, le gestionnaire peut être soumis au contrôle des délégués du "
              "financeur. Il fournit à cet effet, à la demande du financeur, une copie certifiée "
              "de ses budgets et de ses comptes de l'exercice écoulé, ainsi que tous documents "
              "faisant connaître les résultats de son activité, et tient à sa disposition toute "
              "pièce justificative de l'emploi des fonds.")
    text(doc, "Il est interdit au gestionnaire d'employer tout ou partie de la subvention en "
              "subventions à d'autres associations, sociétés, collectivités privées ou "
              "œuvres{% if convention.reversement %}, sauf dans le cas suivant, que la présente "
              "convention prévoit expressément : {{ convention.reversement }}{% endif %}.")
    para(doc, "{%p else %}")
    text(doc, "Le gestionnaire tient à la disposition du financeur toute pièce justificative "
              "de l'emploi des fonds et n'en reverse aucune part à un tiers"
              "{% if convention.reversement %}, sauf dans le cas suivant, que la présente "
              "convention prévoit expressément : {{ convention.reversement }}{% endif %}.")
    para(doc, "{%p endif %}")

    article(doc, "8", "Évaluation")
    text(doc, "Les parties évaluent chaque année, de manière contradictoire, la réalisation des "
              "objectifs et l'activité des services au regard des données de fréquentation et "
              "des besoins des familles. Une évaluation d'ensemble est conduite au plus tard six "
              "mois avant le terme de la convention ; elle éclaire la décision de la "
              "renouveler.")

    article(doc, "9", "Communication")
    text(doc, "Le gestionnaire fait mention du soutien du financeur, et du cadre de la "
              "convention territoriale globale, sur tout support de communication relatif aux "
              "services financés.")

    article(doc, "10", "Assurances")
    text(doc, "Le gestionnaire exerce ses activités sous sa responsabilité exclusive. Il "
              "souscrit les assurances couvrant sa responsabilité civile et les risques liés à "
              "ses activités et à ses locaux, et en justifie à la demande du financeur.")

    article(doc, "11", "Avenants")
    text(doc, "Toute modification de la présente convention fait l'objet d'un avenant écrit et "
              "numéroté, approuvé et signé dans les mêmes formes. Un avenant ne peut modifier "
              "l'objet ni l'économie générale de la convention, ni intervenir après son terme.")

    article(doc, "12", "Résiliation")
    text(doc, "En cas de manquement de l'une des parties à ses obligations, l'autre partie peut "
              "résilier la présente convention à l'expiration d'un délai de "
              "{{ convention.preavis_mois }} mois suivant l'envoi d'une lettre recommandée "
              "avec accusé de réception valant mise en demeure restée sans effet. Le financeur "
              "peut alors exiger le reversement des sommes non employées conformément à leur "
              "objet.")
    text(doc, "Le financeur peut également résilier la présente convention pour un motif "
              "d'intérêt général, par lettre recommandée avec accusé de réception exposant ce "
              "motif. La résiliation prend effet à l'expiration d'un préavis de "
              "{{ convention.preavis_mois }} mois courant à compter de la réception de cette "
              "lettre ; les sommes dues au titre de l'activité exercée jusqu'à cette date "
              "restent acquises au gestionnaire.")

    article(doc, "13", "Litiges")
    text(doc, "Les parties recherchent une solution amiable à tout différend relatif à "
              "l'exécution de la présente convention. À défaut, le litige est porté devant le "
              "{{ tribunal.nom }}, {{ tribunal.adresse.complete }}, qui peut être saisi par "
              "l'application Télérecours citoyens accessible sur le site www.telerecours.fr.")

    parties_signatures(doc)

    doc.add_page_break()  # type: ignore[attr-defined]
    para(doc, "Annexe 1 – Services couverts et échéancier", "Heading 1")
    t = table(doc, SERVICE_WIDTHS)
    repeat_header(row(t, ["Service", "Implantations", "Ouverture et public"], SERVICE_WIDTHS,
                      bold=True, fill="D9E2F3"))
    merged_row(t, "{%tr for s in services %}", SERVICE_WIDTHS)
    cells = new_row(t, SERVICE_WIDTHS).cells  # type: ignore[attr-defined]
    cell_para(cells[0], "{{ s.service.intitule }}", bold=True)
    cell_para(cells[0], "{%p if s.service.nom %}")
    cell_para(cells[0], "« {{ s.service.nom }} »")
    cell_para(cells[0], "{%p endif %}")
    cell_para(cells[0], "({{ s.service.rubrique }})")
    cell_para(cells[1], "{%p for i in s.service.implantations %}")
    cell_para(cells[1], "{% if i.nom %}{{ i.nom }} – {% endif %}{{ i.adresse.complete }}"
                        "{% if i.jours %} ({{ i.jours }}){% endif %}")
    cell_para(cells[1], "{%p endfor %}")
    cell_para(cells[1], "{%p if not s.service.implantations %}")
    cell_para(cells[1], "Service itinérant", italic=True)
    cell_para(cells[1], "{%p endif %}")
    cell_para(cells[2], "{%p for o in s.service.ouverture %}")
    cell_para(cells[2], "{{ o.periode }}{% if o.moments %} : {{ o.moments|join(', ') }}"
                        "{% endif %}")
    cell_para(cells[2], "{%p endfor %}")
    cell_para(cells[2], "{%p if s.ages %}")
    cell_para(cells[2], "{{ s.ages }}")
    cell_para(cells[2], "{%p endif %}")
    merged_row(t, "{%tr endfor %}", SERVICE_WIDTHS)
    para(doc)
    t = table(doc, AMOUNT_WIDTHS)
    repeat_header(row(t, ["Année", "Montant annuel", "Échéances"], AMOUNT_WIDTHS, bold=True,
                      fill="D9E2F3"))
    merged_row(t, "{%tr for a in annees %}", AMOUNT_WIDTHS)
    r = row(t, ["{{ a.annee }}", "{{ a.montant|montant }}", ""], AMOUNT_WIDTHS)
    cell_loop(r.cells[2], "e in a.echeances",  # type: ignore[attr-defined]
              "{{ e.date|date }} : {{ e.montant|montant }}")
    merged_row(t, "{%tr endfor %}", AMOUNT_WIDTHS)
    row(t, ["Total", "{{ total|montant }}", ""], AMOUNT_WIDTHS, bold=True)

    footer(doc, "Convention de fonctionnement et de financement n° {{ convention.id }}"
                "{% if signe_le %}, signée le {{ signe_le|date_courte }}{% endif %}")
    return doc


