"""Build the default Word templates in templates/ (run: python tools/make_templates.py).

The .docx files are what staff edit; this script is how the defaults were made, kept so that
changes to the default wording are reviewed as text. tests/test_templates.py checks that the
committed templates match it. Every territory-specific word comes from the records: these
templates only hold generic French administrative wording and Jinja tags.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ctgdocs.render import normalize_zip  # noqa: E402

Doc = object  # python-docx Document (untyped)
BLUE = RGBColor(0x1F, 0x3A, 0x5F)


def new_document(title: str, landscape: bool = False) -> object:
    doc = Document()
    props = doc.core_properties
    props.author = "ctgdocs"
    props.last_modified_by = "ctgdocs"
    props.title = title
    props.revision = 1
    props.created = props.modified = dt.datetime(2026, 1, 1)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 11.5)):
        style = doc.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = True
        style.paragraph_format.space_before = Pt(10 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def field(paragraph: object, instruction: str) -> None:
    """Insert a Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == instruction else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def footer(doc: object, text: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text + " – page ")
    run.font.size = Pt(8)
    field(paragraph, "PAGE")
    paragraph.add_run(" / ").font.size = Pt(8)
    field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(8)


def para(container: object, text: str = "", style: str | None = None, bold: bool = False,
         italic: bool = False, align: str | None = None) -> object:
    paragraph = container.add_paragraph(style=style)  # type: ignore[attr-defined]
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "justify":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def cell_para(cell: object, text: str = "", **kwargs: object) -> object:
    """Add a paragraph to a cell, reusing the cell's empty first paragraph."""
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0].runs:
        paragraph = paragraphs[0]
        if text:
            run = paragraph.add_run(text)
            run.bold = bool(kwargs.get("bold"))
            run.italic = bool(kwargs.get("italic"))
        if kwargs.get("style"):
            paragraph.style = kwargs["style"]
        return paragraph
    return para(cell, text, **kwargs)  # type: ignore[arg-type]


def shade(cell: object, color: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:shd")
    element.set(qn("w:val"), "clear")
    element.set(qn("w:color"), "auto")
    element.set(qn("w:fill"), color)
    properties.append(element)


def repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def table(container: object, columns: list[float]) -> object:
    t = container.add_table(rows=0, cols=len(columns))  # type: ignore[attr-defined]
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for index, width in enumerate(columns):
        t.columns[index].width = Cm(width)
    return t


def row(t: object, texts: list[str], widths: list[float], bold: bool = False,
        fill: str | None = None) -> object:
    r = t.add_row()  # type: ignore[attr-defined]
    for index, text in enumerate(texts):
        cell = r.cells[index]
        cell.width = Cm(widths[index])
        cell_para(cell, text, bold=bold)
        if fill:
            shade(cell, fill)
    return r


def merged_row(t: object, text: str, widths: list[float], bold: bool = False,
               fill: str | None = None) -> object:
    r = row(t, [text] + [""] * (len(widths) - 1), widths, bold, fill)
    r.cells[0].merge(r.cells[-1])  # type: ignore[attr-defined]
    return r


# --------------------------------------------------------------------------- Annexe 2

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
    merged_row(t, "{{ r.code }}", ANNEXE_WIDTHS, bold=True, fill="F2F2F2")
    merged_row(t, "{%tr for s in r.services %}", ANNEXE_WIDTHS)
    r = t.add_row()  # type: ignore[attr-defined]
    left, right = r.cells
    left.width, right.width = Cm(ANNEXE_WIDTHS[0]), Cm(ANNEXE_WIDTHS[1])
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
    footer(doc, "{{ epci.nom }} – {{ ctg.intitule }} – Annexe 2 – édition du {{ date|date }}")
    return doc


# --------------------------------------------------------------------------- convention

SIGN_WIDTHS = [8.5, 8.5]
AMOUNT_WIDTHS = [3.0, 4.0, 10.0]
SERVICE_WIDTHS = [4.5, 7.0, 5.5]


def article(doc: object, number: str, title: str) -> None:
    para(doc, f"Article {number} – {title}", "Heading 2")


def text(doc: object, *paragraphs: str) -> None:
    for paragraph in paragraphs:
        para(doc, paragraph, align="justify")


def bullets(doc: object, *items: str) -> None:
    for item in items:
        para(doc, item, "List Bullet", align="justify")


def bullet_loop(doc: object, sequence: str, item: str = "{{ i }}") -> None:
    """One bullet paragraph repeated for each element ``i`` of ``sequence``."""
    para(doc, f"{{%p for i in {sequence} %}}")
    bullets(doc, item)
    para(doc, "{%p endfor %}")


def socle_and_cadre(doc: object) -> None:
    for part in ("socle", "cadre"):
        para(doc, f"{{{{ plan.{part}.titre }}}}", bold=True)
        bullet_loop(doc, f"plan.{part}.items")


def party(doc: object, var: str, role: str) -> None:
    para(doc, f"{{{{ {var}.nom }}}}", bold=True)
    para(doc, f"{{{{ {var}.forme|majuscule_initiale }}}}, SIRET {{{{ {var}.siret }}}}, dont le "
              f"siège est situé {{{{ {var}.adresse.complete }}}},", align="justify")
    para(doc, f"représentant : {{{{ {var}.signataire.civilite_longue }}}} "
              f"{{{{ {var}.signataire.nom_complet }}}}, {{{{ {var}.signataire.qualite }}}}"
              f"{{{{ {var}.habilitation }}}},", align="justify")
    para(doc, f"ci-après « {role} »,")


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
            "utiliser la subvention conformément à son objet et ne pas la reverser à un tiers.")

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
    text(doc, "Chaque montant annuel est versé par virement sur le compte du gestionnaire selon "
              "l'échéancier suivant, détaillé en annexe 1 :")
    para(doc, "{%p for v in convention.versements %}")
    bullets(doc, "{{ v.part|nombre }} % au plus tard le {{ v.echeance_texte }} de chaque année"
                 "{% if v.condition %}, {{ v.condition }}{% endif %} ;")
    para(doc, "{%p endfor %}")
    text(doc, "Le versement intervient dans un délai de soixante jours à compter de chaque "
              "échéance. Toute modification d'un montant fait l'objet d'un avenant approuvé par "
              "délibération du {{ financeur.conseil }}.")

    article(doc, "6", "Objectifs")
    para(doc, "{%p if convention.objectifs %}")
    text(doc, "Le gestionnaire concourt aux objectifs suivants de la convention territoriale "
              "globale :")
    bullet_loop(doc, "convention.objectifs")
    para(doc, "{%p else %}")
    text(doc, "Le gestionnaire concourt aux objectifs généraux et opérationnels de la "
              "convention territoriale globale tels qu'arrêtés dans son plan d'action.")
    para(doc, "{%p endif %}")
    text(doc, "Ces objectifs sont revus chaque année lors de l'évaluation prévue à l'article 8.")

    article(doc, "7", "Suivi et compte rendu financier")
    text(doc, "Le gestionnaire transmet au financeur, dans les six mois suivant la clôture de "
              "chaque exercice, un compte rendu financier attestant de la conformité des "
              "dépenses à l'objet de la subvention, son rapport d'activité et ses comptes "
              "annuels approuvés, ainsi que, chaque année, son budget prévisionnel. Il tient à "
              "la disposition du financeur toute pièce justificative de l'emploi des fonds.")

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
    r = t.add_row()  # type: ignore[attr-defined]
    cells = r.cells
    for index, width in enumerate(SERVICE_WIDTHS):
        cells[index].width = Cm(width)
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
    r = row(t, ["{{ a.annee }}", "{{ a.montant|montant }}", "{%p for e in a.echeances %}"],
            AMOUNT_WIDTHS)
    cell_para(r.cells[2], "{{ e.date|date }} : {{ e.montant|montant }}")  # type: ignore[attr-defined]
    cell_para(r.cells[2], "{%p endfor %}")  # type: ignore[attr-defined]
    merged_row(t, "{%tr endfor %}", AMOUNT_WIDTHS)
    row(t, ["Total", "{{ total|montant }}", ""], AMOUNT_WIDTHS, bold=True)

    footer(doc, "Convention n° {{ convention.id }} – {{ financeur.nom }} / "
                "{{ gestionnaire.nom }} – édition du {{ date|date }}")
    return doc


# --------------------------------------------------------------------------- council documents

def header(doc: object, text: str) -> None:
    paragraph = doc.sections[0].header.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def letterhead(doc: object) -> None:
    para(doc, "{{ epci.nom|upper }}", bold=True, align="center")
    para(doc, "{{ epci.adresse.complete }}", align="center")


def opening(doc: object) -> None:
    """"L'an deux mille vingt-deux, le vingt-neuf juin à 18h30, le Conseil…"."""
    text(doc, "L'an {{ seance.date.year|nombre_lettres }}, le "
              "{{ seance.date|jour_mois_lettres }} à {{ seance.heure|heure }},")
    text(doc, "Le Conseil Communautaire, régulièrement convoqué, s'est réuni en session "
              "{{ seance.session }} dans {{ seance.lieu }}, sous la présidence "
              "{{ president.nom_complet|de }}.")
    para(doc, "{%p if seance.seconde_convocation %}")
    text(doc, "Le quorum n'ayant pas été atteint lors de la séance du "
              "{{ premiere_seance.date|date }}, le Conseil, convoqué une seconde fois, délibère "
              "valablement sans condition de quorum (article L2121-17 du code général des "
              "collectivités territoriales).")
    para(doc, "{%p endif %}")


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
    para(doc, "{%p endif %}")
    para(doc, "{%p if b.synthese_plan_action %}")
    socle_and_cadre(doc)
    widths = [6.0, 11.0]
    t = table(doc, widths)
    repeat_header(row(t, ["OBJECTIFS GÉNÉRAUX", "OBJECTIFS DÉCLINÉS"], widths, bold=True,
                      fill="D9E2F3"))
    merged_row(t, "{%tr for general, declines in acte.synthese %}", widths)
    r = row(t, ["{{ general }}", "{%p for x in declines %}"], widths)
    cell_para(r.cells[1], "{{ x }}")  # type: ignore[attr-defined]
    cell_para(r.cells[1], "{%p endfor %}")  # type: ignore[attr-defined]
    merged_row(t, "{%tr endfor %}", widths)
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")


def signatures(doc: object, left: tuple[str, str], right: tuple[str, str],
               titles: tuple[str, str] = ("", "")) -> None:
    """Two signature columns: heading, signatory's title and room to sign, name."""
    t = table(doc, SIGN_WIDTHS)
    row(t, [left[0], right[0]], SIGN_WIDTHS, bold=True)
    r = row(t, list(titles), SIGN_WIDTHS)
    for cell in r.cells:  # type: ignore[attr-defined]
        for _ in range(2):
            cell_para(cell)
    row(t, [left[1], right[1]], SIGN_WIDTHS, bold=True)


def parties_signatures(doc: object) -> None:
    """"Fait à …" and the signatures of the financeur and the gestionnaire."""
    para(doc, "Fait à {{ financeur.ville }}, en deux exemplaires originaux, le "
              "………………………………")
    signatures(doc, ("Pour le financeur,", "{{ financeur.signataire.nom_complet }}"),
               ("Pour le gestionnaire,", "{{ gestionnaire.signataire.nom_complet }}"),
               ("{{ financeur.signature }}", "{{ gestionnaire.signature }}"))


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
    text(doc, "Séance du {{ seance.date|date_longue }} à {{ seance.heure|heure }}, "
              "{{ seance.lieu }}.")
    para(doc, "{%p else %}")
    opening(doc)
    para(doc, "{%p endif %}")
    para(doc, "OBJET : {{ d.objet|upper }}", bold=True)
    para(doc, "Date de la convocation : {{ seance.convocation|date_longue }}")
    para(doc, "{%p if not brouillon %}")
    para(doc, "Nombre de conseillers : En exercice : {{ acte.figures.en_exercice }} – Présents : "
              "{{ acte.figures.presents|length }} – Pouvoirs : {{ acte.figures.pouvoirs|length }}"
              " – Votants : {{ acte.figures.votants }}")
    para(doc, "Résultat des votes : Pour : {{ acte.resultat.pour }} – Contre : "
              "{{ acte.resultat.contre }} – Abstention : {{ acte.resultat.abstention }}")
    para(doc, "{%p if acte.ne_prennent_pas_part %}")
    para(doc, "Ne prennent pas part au vote : {{ acte.ne_prennent_pas_part }}")
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
    para(doc, "Secrétaire de séance : {{ secretaire.nom_complet }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if acte.rapporteur %}")
    para(doc, "Rapporteur : {{ acte.rapporteur }}")
    para(doc, "{%p endif %}")
    blocks(doc, "d.visas")
    blocks(doc, "d.considerants")
    para(doc, "{%p if brouillon %}")
    para(doc, "Il est proposé au Conseil Communautaire de bien vouloir :", bold=True)
    para(doc, "{%p else %}")
    para(doc, "Le Conseil Communautaire, après en avoir délibéré, {{ acte.decision }}"
              "{% if acte.resultat.voix_preponderante %}, la voix "
              "{{ president|accord('du président', 'de la présidente') }} de séance étant "
              "prépondérante{% endif %} :", bold=True)
    para(doc, "{%p endif %}")
    para(doc, "{%p for x in d.decisions %}")
    p = para(doc, "", "List Bullet", align="justify")
    p.add_run("{{ x.verbe }}").bold = True  # type: ignore[attr-defined]
    p.add_run(" {{ x.texte }}")  # type: ignore[attr-defined]
    para(doc, "{%p endfor %}")
    para(doc, "{%p if annexes %}")
    para(doc, "Annexes :", bold=True)
    bullet_loop(doc, "annexes", "{{ i.titre }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if not brouillon %}")
    text(doc, "Ainsi fait et délibéré, les jour, mois et an que dessus.")
    para(doc, "{{ epci.president|accord('Le Président', 'La Présidente') }},", bold=True)
    bullets(doc, "CERTIFIE sous sa responsabilité le caractère exécutoire de cet acte, publié et "
                 "transmis au représentant de l'État ;",
            "INFORME que la présente délibération peut faire l'objet d'un recours pour excès de "
            "pouvoir devant le {{ tribunal.nom }}, {{ tribunal.adresse.complete }}, dans un "
            "délai de deux mois à compter de sa publication et de sa réception par le "
            "représentant de l'État ; le tribunal peut être saisi par l'application Télérecours "
            "citoyens accessible sur le site www.telerecours.fr. Un recours gracieux adressé "
            "{{ epci.president|accord('au Président', 'à la Présidente') }} interrompt ce "
            "délai.")
    para(doc, "Pour extrait certifié conforme.", bold=True)
    para(doc, "Fait à {{ epci.ville_signature }}, le {{ date|date }}.")
    signatures(doc, ("{{ epci.president|accord('Le Président', 'La Présidente') }},",
                     "{{ epci.president.nom_complet }}"),
               ("{{ secretaire|accord('Le secrétaire de séance', 'La secrétaire de séance') }},",
                "{{ secretaire.nom_complet }}"))
    para(doc, "{%p if transmission %}")
    para(doc, "Envoyé en préfecture le {{ transmission.envoi|date_courte }}")
    para(doc, "Reçu en préfecture le {{ transmission.reception|date_courte }}")
    para(doc, "{%p if transmission.publication %}")
    para(doc, "Publié le {{ transmission.publication|date_courte }}")
    para(doc, "{%p endif %}")
    para(doc, "ID : {{ transmission.id_actes }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
    footer(doc, "{{ epci.nom }} – délibération n° {{ d.numero }}"
                "{% if brouillon %} – projet{% endif %}")
    return doc


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
    merged_row(t, "OBJECTIF GÉNÉRAL : {{ g.intitule }}", PLAN_WIDTHS, bold=True, fill="BDD7EE")
    merged_row(t, "{%tr for d in g.declines %}", PLAN_WIDTHS)
    merged_row(t, "Objectif décliné {{ d.libelle }}", PLAN_WIDTHS, bold=True, fill="F2F2F2")
    merged_row(t, "{%tr for o in d.operationnels %}", PLAN_WIDTHS)
    r = row(t, ["{{ o.libelle }}", "{%p for a in o.actions %}",
                "{%p for m in o.mise_en_oeuvre %}", "{%p for h in o.hors_ctg %}"], PLAN_WIDTHS)
    cells = r.cells  # type: ignore[attr-defined]
    for cell, var in ((cells[1], "a"), (cells[2], "m"), (cells[3], "h")):
        cell_para(cell, f"{{{{ {var} }}}}")
        cell_para(cell, "{%p endfor %}")
    merged_row(t, "{%tr endfor %}", PLAN_WIDTHS)
    merged_row(t, "{%tr endfor %}", PLAN_WIDTHS)
    merged_row(t, "{%tr endfor %}", PLAN_WIDTHS)
    footer(doc, "{{ epci.nom }} – {{ ctg.intitule }} – arbre à objectifs – édition du "
                "{{ date|date }}")
    return doc


# --------------------------------------------------------------------------- avenant

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


# --------------------------------------------------------------------------- bordereau

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
    footer(doc, "{{ epci.nom }} – bordereau de la délibération n° {{ d.numero }}")
    return doc


BUILDERS = {
    "annexe2.docx": annexe2,
    "convention.docx": convention,
    "deliberation.docx": deliberation,
    "seance-liste.docx": seance_liste,
    "seance-pv.docx": seance_pv,
    "plan-action.docx": plan_action,
    "avenant.docx": avenant,
    "consolidation.docx": consolidation,
    "bordereau.docx": bordereau,
}


def build(name: str) -> bytes:
    buffer = io.BytesIO()
    BUILDERS[name]().save(buffer)  # type: ignore[attr-defined]
    return normalize_zip(buffer.getvalue())


def main() -> None:
    target = ROOT / "templates"
    target.mkdir(exist_ok=True)
    for name in BUILDERS:
        (target / name).write_bytes(build(name))
        print(f"templates/{name}")


if __name__ == "__main__":
    main()
