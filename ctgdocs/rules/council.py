"""Council sessions and délibérations: names, attendance, quorum, pouvoirs, votes, delays.

Each message names the séance, the délibération and the people concerned (CGCT L2121-10 to
-20, L5211-11-1, loi 2021-1465 art. 10; ../shared/DOMAIN.md §1–8).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pydantic import BaseModel

from .. import actes, council, fr
from ..errors import Finding, Level
from ..models.conseil import Deliberation, Elu, Seance, Vote
from ..records import Records
from ..yamlfile import Path_

CONVOCATION_DAYS_LARGE = 5  # jours francs when a commune has 3 500 inhabitants or more
CONVOCATION_DAYS_SMALL = 3
CONVOCATION_DAYS_URGENT = 1
LARGE_COMMUNE = 3500


def seance_name(seance: Seance) -> str:
    return f"séance du {fr.date_fr(seance.date)}"


def deliberation_name(deliberation: Deliberation, seance: Seance | None) -> str:
    where = f" ({seance_name(seance)})" if seance else ""
    return f"délibération {deliberation.numero}{where}"


def who(elus: list[Elu]) -> str:
    return fr.join_and([e.nom_complet for e in elus])


class _Collector:
    def __init__(self, records: Records):
        self.records = records
        self.findings: list[Finding] = []

    def add(self, obj: BaseModel, field: str | Path_ | None, message: str,
            level: Level = "erreur") -> None:
        self.findings.append(self.records.finding(obj, field, message, level))


def check_council(records: Records) -> list[Finding]:
    out = _Collector(records)
    _check_elus(out)
    for seance in records.seances:
        _check_seance(out, seance)
    for deliberation in records.deliberations:
        _check_deliberation(out, deliberation)
    _check_convention_links(out)
    return out.findings


def _check_elus(out: _Collector) -> None:
    records = out.records
    seen: dict[str, Elu] = {}
    for elu in records.elus:
        if elu.id in seen:
            earlier = records.finding(seen[elu.id], "id", "")
            out.add(elu, "id", f"identifiant d'élu « {elu.id} » déjà utilisé "
                    f"({earlier.file}:{earlier.line})")
        seen[elu.id] = elu
        if records.commune(elu.commune) is None:
            out.add(elu, "commune", f"commune « {elu.commune} » inconnue (code INSEE attendu)")
        for board in elu.conseils_administration:
            if records.gestionnaire(board) is None:
                out.add(elu, "conseils_administration", f"gestionnaire « {board} » inconnu")
        if elu.suppleant_de:
            titulaire = records.roster.find(elu.suppleant_de)
            if titulaire is None or titulaire.mandat != "titulaire":
                out.add(elu, "suppleant_de", f"« {elu.suppleant_de} » n'est pas un élu titulaire")


def _refs(seance: Seance) -> Iterator[tuple[Path_, str]]:
    """Every élu reference of a séance, with its path in the record."""
    for name in ("president", "secretaire"):
        if getattr(seance, name) is not None:
            yield (name,), getattr(seance, name)
    for name in ("presents", "visio", "absents"):
        for index, ref in enumerate(getattr(seance, name)):
            yield (name, index), ref
    for index, pouvoir in enumerate(seance.pouvoirs):
        yield ("pouvoirs", index, "mandant"), pouvoir.mandant
        yield ("pouvoirs", index, "mandataire"), pouvoir.mandataire
    for index, move in enumerate(seance.mouvements):
        yield ("mouvements", index, "elu"), move.elu


RECTIFY = (" ; l'acte voté est reproduit tel quel : s'il faut le corriger, c'est par une "
           "délibération rectificative (ou une rectification d'erreur matérielle)")


def voted_level(voted: bool) -> Level:
    """A divergence in a voted act is a warning (the act stays as voted), an error in a
    projet (its text is generated and can still be corrected)."""
    return "avertissement" if voted else "erreur"


def held(records: Records, seance: Seance) -> bool:
    """The séance took place: one of its délibérations has a recorded vote."""
    return any(d.votee for d in records.deliberations if d.seance == seance.id)


def _unknown(out: _Collector, obj: BaseModel, path: str | Path_, ref: str,
             context: str, voted: bool = False) -> bool:
    """Report ``ref`` if it names nobody; True when it was reported."""
    if out.records.roster.find(ref) is not None:
        return False
    closest = out.records.roster.closest(ref)
    hint = f" (vouliez-vous dire {closest.nom_complet} ?)" if closest else ""
    out.add(obj, path, f"{context} : « {ref} » n'est pas membre du conseil{hint}"
            + (RECTIFY if voted else ""), voted_level(voted))
    return True


def _check_seance(out: _Collector, seance: Seance) -> None:
    roster = out.records.roster
    name = seance_name(seance)
    voted = held(out.records, seance)
    for path, ref in _refs(seance):
        _unknown(out, seance, path, ref, name, voted)
    if seance.secretaire is None:
        required = council.regime(seance.date).secretary_required
        out.add(seance, "secretaire", f"{name} : secrétaire de séance non indiqué(e) ; "
                + ("il ou elle signe les délibérations et le procès-verbal depuis le "
                   "1er juillet 2022 (L2121-15, L2121-23)" if required else
                   "l'extrait laissera son nom en blanc"),
                "erreur" if required else "avertissement")

    listed = [roster.find(r) for r in seance.presents + seance.visio + seance.absents]
    for member, times in _repeated(listed):
        out.add(seance, "presents", f"{name} : {member.nom_complet} est cité {times} fois "
                "parmi les présents et les absents")
    mandants = [roster.find(p.mandant) for p in seance.pouvoirs]
    for member, times in _repeated(mandants):
        out.add(seance, "pouvoirs", f"{name} : {member.nom_complet} donne {times} pouvoirs")

    present = [e for e in (roster.find(r) for r in seance.presents + seance.visio) if e]
    for role in ("president", "secretaire"):
        elu = roster.find(getattr(seance, role) or "")
        if elu and elu not in present:
            label = "président(e)" if role == "president" else "secrétaire"
            out.add(seance, role, f"{name} : le ou la {label} de séance, {elu.nom_complet}, "
                    "n'est pas parmi les présents")
    for index, elu in enumerate(present):
        if not elu.en_exercice(seance.date) and elu.mandat == "titulaire":
            out.add(seance, "presents", f"{name} : {elu.nom_complet} n'est pas en exercice à "
                    "cette date")
        if elu.suppleant_de:
            titulaire = roster.find(elu.suppleant_de)
            if titulaire in present or titulaire in mandants:
                out.add(seance, ("presents", index), f"{name} : le suppléant {elu.nom_complet} "
                        f"ne siège qu'en l'absence de son titulaire, "
                        f"{titulaire.nom_complet if titulaire else ''}, sans pouvoir donné")

    _check_agenda(out, seance)
    _check_convocation(out, seance)
    if all(n in seance.deliberations for n in _moves_and_pouvoirs_targets(seance)):
        _check_pouvoirs(out, seance)


def _repeated(elus: list[Elu | None]) -> list[tuple[Elu, int]]:
    """Élus named more than once, with how many times."""
    counts = Counter(e.id for e in elus if e)
    first = {e.id: e for e in reversed(elus) if e}
    return [(first[ident], n) for ident, n in counts.items() if n > 1]


def _moves_and_pouvoirs_targets(seance: Seance) -> list[str]:
    targets = [p.a_partir_de for p in seance.pouvoirs if p.a_partir_de]
    targets += [m.arrivee_avant or m.depart_avant or "" for m in seance.mouvements]
    return targets


def _check_agenda(out: _Collector, seance: Seance) -> None:
    records, name = out.records, seance_name(seance)
    for index, numero in enumerate(seance.deliberations):
        deliberation = records.deliberation(numero)
        if deliberation is None:
            out.add(seance, ("deliberations", index), f"{name} : délibération {numero} "
                    "inscrite à l'ordre du jour mais absente de records/deliberations/")
    for index, move in enumerate(seance.mouvements):
        target = move.arrivee_avant or move.depart_avant or ""
        if target not in seance.deliberations:
            out.add(seance, ("mouvements", index), f"{name} : délibération {target} absente "
                    "de l'ordre du jour de la séance")
        elif records.roster.find(move.elu) not in [
                records.roster.find(r) for r in seance.presents + seance.visio]:
            out.add(seance, ("mouvements", index), f"{name} : {move.elu} arrive ou part, il "
                    "doit donc figurer parmi les présents")
    for index, pouvoir in enumerate(seance.pouvoirs):
        if pouvoir.a_partir_de and pouvoir.a_partir_de not in seance.deliberations:
            out.add(seance, ("pouvoirs", index, "a_partir_de"), f"{name} : délibération "
                    f"{pouvoir.a_partir_de} absente de l'ordre du jour de la séance")


def _check_convocation(out: _Collector, seance: Seance) -> None:
    name = seance_name(seance)
    francs = (seance.date - seance.convocation).days - 1
    large = [c for c in out.records.communes if c.population >= LARGE_COMMUNE]
    if seance.urgence:
        required, why = CONVOCATION_DAYS_URGENT, "en cas d'urgence"
    elif large:
        required = CONVOCATION_DAYS_LARGE
        why = f"une commune de l'EPCI compte 3 500 habitants ou plus ({large[0].nom})"
    else:
        required, why = CONVOCATION_DAYS_SMALL, "aucune commune n'atteint 3 500 habitants"
    if francs < required:
        out.add(seance, "convocation", f"{name} : convocation du "
                f"{fr.date_fr(seance.convocation)}, soit {max(francs, 0)} jour(s) franc(s) ; "
                f"il en faut au moins {required} ({why})")
    if seance.seconde_convocation and seance.premiere_seance:
        first = out.records.seance(seance.premiere_seance)
        if first is None:
            out.add(seance, "premiere_seance", f"{name} : séance « {seance.premiere_seance} »"
                    " inconnue")
        elif (seance.date - first.date).days < 3:
            out.add(seance, "premiere_seance", f"{name} : la seconde convocation doit réunir "
                    "le conseil trois jours au moins après la première séance")


def _check_pouvoirs(out: _Collector, seance: Seance) -> None:
    roster, name = out.records.roster, seance_name(seance)
    allowed = council.max_pouvoirs(seance.date)
    reported: set[tuple[str, int | str]] = set()
    for numero in seance.deliberations:
        present = council.present_at(roster, seance, numero)
        held: Counter[str] = Counter()
        for index, mandant, mandataire in council.pouvoirs_at(roster, seance, numero):
            held[mandataire.id] += 1
            if mandant in present and ("present", index) not in reported:
                reported.add(("present", index))
                out.add(seance, ("pouvoirs", index, "mandant"), f"{name}, délibération "
                        f"{numero} : {mandant.nom_complet} donne pouvoir mais est présent(e)")
            if mandataire not in present and ("absent", index) not in reported:
                reported.add(("absent", index))
                out.add(seance, ("pouvoirs", index, "mandataire"), f"{name}, délibération "
                        f"{numero} : pouvoir de {mandant.nom_complet} à "
                        f"{mandataire.nom_complet}, qui n'est pas présent(e)")
        for ident, count in held.items():
            if count > allowed and ("count", ident) not in reported:
                reported.add(("count", ident))
                elu = roster.find(ident)
                rule = ("deux pouvoirs au plus jusqu'au 31 juillet 2022 (loi 2021-1465)"
                        if allowed == 2 else "un seul pouvoir (L2121-20)")
                out.add(seance, "pouvoirs", f"{name}, délibération {numero} : "
                        f"{elu.nom_complet if elu else ident} détient {count} pouvoirs ; "
                        f"à cette date un membre en détient {rule}")


def _check_deliberation(out: _Collector, deliberation: Deliberation) -> None:
    records = out.records
    problem = actes.numero_problem(deliberation.numero)
    if problem:
        out.add(deliberation, "numero", problem)
    same = [d for d in records.deliberations if d.numero == deliberation.numero]
    if same[0] is not deliberation:
        earlier = records.finding(same[0], "numero", "")
        out.add(deliberation, "numero", f"numéro {deliberation.numero} déjà utilisé "
                f"({earlier.file}:{earlier.line}) : un numéro ne sert qu'une fois")
    seance = records.seance(deliberation.seance)
    name = deliberation_name(deliberation, seance)
    if seance is None:
        out.add(deliberation, "seance", f"{name} : séance « {deliberation.seance} » inconnue")
        return
    if deliberation.numero not in seance.deliberations:
        out.add(deliberation, "seance", f"{name} : absente de l'ordre du jour de la séance")
        return
    voted = deliberation.votee
    if deliberation.rapporteur:
        _unknown(out, deliberation, "rapporteur", deliberation.rapporteur, name, voted)
    for path, refs in _vote_refs(deliberation.vote):
        for index, ref in enumerate(refs):
            _unknown(out, deliberation, (*path, index), ref, name, voted)

    figures = council.attendance(records.roster, seance, deliberation)
    _check_quorum(out, deliberation, seance, figures, name)
    if deliberation.vote is not None:
        _check_votes(out, deliberation, deliberation.vote, figures, name)
        _check_voted_text(out, deliberation, name)
    elif deliberation.transmission is not None:
        out.add(deliberation, "vote", f"{name} : transmise en préfecture mais sans vote "
                "enregistré ; recopiez le vote tel qu'il figure au registre")
    _check_stated_figures(out, deliberation, figures, name)
    _check_written_presents(out, deliberation, figures, name)
    _check_subsidies(out, deliberation, name)
    _check_conflicts(out, deliberation, figures, name)
    _check_transmission(out, deliberation, seance, name)
    _check_annexes(out, deliberation, name)


def _check_voted_text(out: _Collector, deliberation: Deliberation, name: str) -> None:
    """A voted act is reproduced from its record: what ctgdocs generated for the projet
    must have been copied there, as voted."""
    for group in ("visas", "considerants"):
        for index, bloc in enumerate(getattr(deliberation, group)):
            if bloc.synthese_plan_action and not bloc.synthese:
                out.add(deliberation, (group, index, "synthese_plan_action"), f"{name} : "
                        "délibération votée : recopiez la synthèse de l'arbre à objectifs "
                        "telle que votée (synthese:) ; ctgdocs ne la régénère pas à partir de "
                        "l'arbre d'aujourd'hui")
    approved = [c for c in out.records.conventions
                if c.deliberation.numero == deliberation.numero]
    if approved and not deliberation.subventions:
        out.add(deliberation, "subventions", f"{name} : délibération votée qui approuve "
                f"{plural_conventions(len(approved))} : recopiez le tableau des subventions "
                "tel que voté (subventions:, bénéficiaire et montants)")


def plural_conventions(n: int) -> str:
    return "une convention" if n == 1 else f"{n} conventions"


def _check_subsidies(out: _Collector, deliberation: Deliberation, name: str) -> None:
    """The subsidies table names known conventions; its amounts are compared with the
    version each délibération approved in rules/subsidies.py (it needs the register)."""
    level = voted_level(deliberation.votee)
    for index, line in enumerate(deliberation.subventions):
        if line.convention is not None and out.records.convention(line.convention) is None:
            out.add(deliberation, ("subventions", index, "convention"), f"{name} : convention "
                    f"« {line.convention} » inconnue", level)


def _vote_refs(vote: Vote | None) -> Iterator[tuple[Path_, list[str]]]:
    if vote is None:
        return
    for choice in ("pour", "contre", "abstention"):
        value = getattr(vote, choice)
        if isinstance(value, list):
            yield ("vote", choice), value
    yield ("vote", "ne_prend_pas_part"), vote.ne_prend_pas_part


def _check_quorum(out: _Collector, deliberation: Deliberation, seance: Seance,
                  figures: council.Attendance, name: str) -> None:
    if seance.seconde_convocation:
        return
    needed = council.quorum(figures.en_exercice, seance.date)
    if len(figures.presents) < needed:
        out.add(deliberation, "seance", f"{name} : quorum non atteint, "
                f"{len(figures.presents)} présents pour {figures.en_exercice} membres en "
                f"exercice (il en faut {needed})")


def _check_votes(out: _Collector, deliberation: Deliberation, vote: Vote,
                 figures: council.Attendance, name: str) -> None:
    roster = out.records.roster
    result = council.outcome(vote)
    total = result.pour + result.contre + result.abstention
    if total != figures.votants:
        out.add(deliberation, "vote", f"{name} : pour {result.pour} + contre {result.contre} "
                f"+ abstention {result.abstention} = {total}, mais le calcul des présences "
                f"donne {figures.votants} votants" + RECTIFY, "avertissement")
    voters = figures.presents + [mandant for mandant, _ in figures.pouvoirs]
    for path, refs in _vote_refs(vote):
        for index, ref in enumerate(refs):
            elu = roster.find(ref)
            if elu and elu not in voters:
                out.add(deliberation, (*path, index), f"{name} : {elu.nom_complet} n'est ni "
                        "présent(e) ni représenté(e) lors de ce vote")
    named = [roster.find(r) for _, refs in _vote_refs(vote) for r in refs]
    for member, times in _repeated(named):
        out.add(deliberation, "vote", f"{name} : {member.nom_complet} figure {times} fois "
                "dans le vote")
    if vote.unanimite is not None and vote.unanimite != (result.mention == "à l'unanimité"):
        stated = "à l'unanimité" if vote.unanimite else "sans unanimité"
        out.add(deliberation, ("vote", "unanimite"), f"{name} : le vote est indiqué "
                f"« {stated} » alors que le résultat est « {result.mention} » "
                f"(pour {result.pour}, contre {result.contre}, abstention {result.abstention})"
                + RECTIFY, "avertissement")


def _check_stated_figures(out: _Collector, deliberation: Deliberation,
                          figures: council.Attendance, name: str) -> None:
    stated = deliberation.chiffres
    if stated is None:
        return
    computed = {"en_exercice": figures.en_exercice, "presents": len(figures.presents),
                "pouvoirs": len(figures.pouvoirs), "votants": figures.votants}
    labels = {"en_exercice": "En exercice", "presents": "Présents", "pouvoirs": "Pouvoirs",
              "votants": "Votants"}
    for key, value in computed.items():
        typed = getattr(stated, key)
        if typed is not None and typed != value:
            out.add(deliberation, ("chiffres", key), f"{name} : l'acte indique "
                    f"« {labels[key]} : {typed} », le calcul des présences donne {value}"
                    + (RECTIFY if deliberation.votee else ""),
                    voted_level(deliberation.votee))


def written_names(text: str) -> list[str]:
    """The names of a presence list as acts write it: "A, B (Commune) ; C (Commune2)"."""
    without_communes = re.sub(r"\([^)]*\)", ",", text.replace(";", ","))
    return [name.strip() for name in without_communes.split(",") if name.strip()]


def _check_written_presents(out: _Collector, deliberation: Deliberation,
                            figures: council.Attendance, name: str) -> None:
    written = deliberation.liste_presents
    if written is None:
        return
    if not deliberation.votee:
        out.add(deliberation, "liste_presents", f"{name} : liste des présents recopiée dans "
                "un projet ; un projet nomme les présents d'après la séance, la liste écrite "
                "ne se recopie qu'une fois l'acte voté")
        return
    roster = out.records.roster
    named: set[str] = set()
    for person in written_names(written):
        member = roster.find(person)
        if member is None:
            _unknown(out, deliberation, "liste_presents", person,
                     f"{name}, liste des présents", voted=True)
            member = roster.closest(person)
        if member is not None:
            named.add(member.id)
    visio = {e.id for e in figures.visio}
    present = {e.id: e for e in figures.presents if e.id not in visio}
    missing = [e for key, e in present.items() if key not in named]
    extra = [e for e in (roster.find(key) for key in named - present.keys() - visio) if e]
    if missing:
        out.add(deliberation, "liste_presents", f"{name} : l'acte ne nomme pas parmi les "
                f"présents {who(missing)}, présent(s) selon la séance" + RECTIFY,
                "avertissement")
    if extra:
        out.add(deliberation, "liste_presents", f"{name} : l'acte nomme parmi les présents "
                f"{who(extra)}, absent(s) selon la séance" + RECTIFY, "avertissement")


def _check_conflicts(out: _Collector, deliberation: Deliberation,
                     figures: council.Attendance, name: str) -> None:
    records = out.records
    concerned = set(deliberation.concerne)
    concerned |= {c.gestionnaire for c in records.conventions
                  if c.deliberation.numero == deliberation.numero}
    taking_part = figures.presents + [m for m, _ in figures.pouvoirs]
    for elu in records.elus:
        boards = concerned & set(elu.conseils_administration)
        if boards and elu in taking_part and elu not in figures.ne_prennent_pas_part:
            bodies = fr.join_and(sorted(_organisation(records, b) for b in boards))
            pronoun = "elle" if elu.feminin else "il"
            out.add(deliberation, "vote", f"{name} : {elu.nom_complet} siège au conseil "
                    f"d'administration d'un gestionnaire intéressé par cette délibération "
                    f"({bodies}) ; {pronoun} ne devrait pas prendre part au vote (L2131-11)",
                    "avertissement")


def _organisation(records: Records, ident: str) -> str:
    gestionnaire = records.gestionnaire(ident)
    return gestionnaire.nom_usuel if gestionnaire else ident


def _check_transmission(out: _Collector, deliberation: Deliberation, seance: Seance,
                        name: str) -> None:
    sent = deliberation.transmission
    if sent is None:
        return
    epci = out.records.territoire.epci
    try:
        ident = actes.parse(sent.id_actes)
    except ValueError as exc:
        out.add(deliberation, ("transmission", "id_actes"), f"{name} : {exc}")
        return
    expected = (epci.departement_siege, epci.siren, deliberation.numero, deliberation.nature)
    if (ident.departement, ident.siren, ident.numero, ident.nature) != expected:
        out.add(deliberation, ("transmission", "id_actes"), f"{name} : l'identifiant "
                f"{sent.id_actes} ne correspond pas à cet acte (attendu "
                f"{actes.departement_code(expected[0])}-{expected[1]}-…-{expected[2]}-"
                f"{expected[3]})")
    if ident.date != seance.date:
        out.add(deliberation, ("transmission", "id_actes"), f"{name} : l'identifiant @ctes "
                f"porte la date du {fr.date_short(ident.date)}, la séance est du "
                f"{fr.date_short(seance.date)} : la date de décision saisie sur la plateforme "
                "était erronée ; l'acte reste exécutoire et l'identifiant est conservé tel que "
                "l'accusé de réception l'a rendu (le paquet envoie la date de la séance)",
                "avertissement")
    if sent.reception < sent.envoi:
        out.add(deliberation, ("transmission", "reception"), f"{name} : reçu en préfecture "
                "avant d'avoir été envoyé")
    if sent.envoi < seance.date:
        out.add(deliberation, ("transmission", "envoi"), f"{name} : envoyé en préfecture "
                "avant la séance")


def _check_annexes(out: _Collector, deliberation: Deliberation, name: str) -> None:
    records = out.records
    for index, annexe in enumerate(deliberation.annexes):
        if annexe.document and annexe.document not in ("annexe2", "plan-action") \
                and records.convention(annexe.document) is None:
            out.add(deliberation, ("annexes", index, "document"), f"{name} : document "
                    f"« {annexe.document} » inconnu (annexe2, plan-action ou un identifiant "
                    "de convention)")


def _check_convention_links(out: _Collector) -> None:
    """A convention financed by the EPCI cites a délibération adopted by its council."""
    records = out.records
    if not records.deliberations:
        return
    for convention in records.conventions:
        if convention.financeur != records.epci_id:
            continue
        cited = convention.deliberation
        deliberation = records.deliberation(cited.numero)
        if deliberation is None:
            out.add(convention, ("deliberation", "numero"), f"délibération {cited.numero} "
                    "absente de records/deliberations/")
            continue
        seance = records.seance(deliberation.seance)
        if seance and seance.date != cited.date:
            out.add(convention, ("deliberation", "date"), f"la délibération {cited.numero} "
                    f"date du {fr.date_fr(seance.date)}, pas du {fr.date_fr(cited.date)}")
        if deliberation.votee and not council.outcome(deliberation.vote).adoptee:
            out.add(convention, ("deliberation", "numero"), f"la délibération {cited.numero} "
                    "n'a pas été adoptée")
