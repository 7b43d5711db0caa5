"""How an avenant words each change, as a lawyer drafts it (DOMAIN §37).

- a change inside one paragraph of an article whose tables are unchanged:
  "Au deuxième alinéa de l'article 12, les mots « 3 mois » sont remplacés par les mots
  « 6 mois »." — recorded as ``forme: mots`` with the alinéa and the two word groups;
- any other change of an article: "L'article 5 est ainsi rédigé :" and the whole new
  article in quotation marks, its tables as Word tables (``forme: article``);
- a changed annex: "L'annexe 1 est remplacée par l'annexe jointe au présent avenant."
  (``forme: annexe``), the new annex joined after the signatures;
- an article or annex added (``forme: ajout``) or removed (``forme: suppression``).

The new article or annex is kept in the entry as Word XML (``blocs``), so the avenant is
rendered, and the consolidated text rebuilt, from what the register holds.
"""

from __future__ import annotations

from typing import Any

from ..articles import PREAMBLE, Change, Section, article_number, parse, xml
from . import blocks


def modification(change: Change) -> dict[str, Any]:
    after = change.apres
    found: dict[str, Any] = {
        "titre": change.titre,
        "nature": change.nature,
        "paragraphes": after.paragraphes if after else [],
        "lignes": after.lignes if after else [],
        "lignes_ajoutees": change.lignes_ajoutees,
        "lignes_retirees": change.lignes_retirees,
    }
    if after is None:
        return {**found, "forme": "suppression"}
    blocs = xml(([after.heading] if after.heading is not None else []) + after.elements)
    if change.avant is None:
        return {**found, "forme": "ajout", "blocs": blocs}
    if after.is_annex:
        return {**found, "forme": "annexe", "blocs": blocs}
    words = _one_paragraph(change.avant, after)
    if words is not None:
        alinea, old, new = words
        return {**found, "forme": "mots", "alinea": alinea, "avant": old, "apres": new}
    return {**found, "forme": "article", "blocs": blocs}


def _one_paragraph(before: Section, after: Section) -> tuple[int, str, str] | None:
    """(alinéa, old words, new words) when only one paragraph's words changed."""
    if before.lignes != after.lignes or len(before.paragraphes) != len(after.paragraphes):
        return None
    differing = [i for i, (a, b) in enumerate(zip(before.paragraphes, after.paragraphes,
                                                  strict=True)) if a != b]
    if len(differing) != 1:
        return None
    index = differing[0]
    old, new = word_change(before.paragraphes[index], after.paragraphes[index])
    return index + 1, old, new


def word_change(old: str, new: str) -> tuple[str, str]:
    """The smallest groups of whole words that differ, each at least one word long and the
    old one found only once in its paragraph (so that the replacement is unambiguous)."""
    a, b = old.split(" "), new.split(" ")
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    if start == len(a) - end or start == len(b) - end:  # a pure insertion or deletion
        if start:
            start -= 1
        else:
            end = max(end - 1, 0)
    while True:
        words = " ".join(a[start:len(a) - end])
        if old.count(words) <= 1 or (start == 0 and end == 0):
            return words, " ".join(b[start:len(b) - end])
        start, end = max(start - 1, 0), max(end - 1, 0)


def ordinal(n: int) -> str:
    """premier, deuxième… as legislative drafting numbers alinéas."""
    from num2words import num2words  # 60 modules: loaded when an ordinal is written

    return "premier" if n == 1 else str(num2words(n, lang="fr", to="ordinal"))


def designation(titre: str) -> str:
    """l'article 5, l'annexe 1, le préambule."""
    if titre == PREAMBLE:
        return "le préambule"
    number = article_number(titre)
    if number:
        return f"l'article {number}"
    if titre.startswith("Annexe"):
        return "l'a" + titre.split(" – ")[0][1:]
    return f"la partie « {titre} »"


def sentence(change: dict[str, Any]) -> str:
    """What the avenant's article says, before any quotation."""
    target = designation(change["titre"])
    forme = change.get("forme")
    feminine = target.startswith("l'annexe") or target.startswith("la ")
    if forme == "mots":
        where = _of(target)
        return (f"Au {ordinal(change['alinea'])} alinéa {where}, les mots « {change['avant']} » "
                f"sont remplacés par les mots « {change['apres']} ».")
    if forme == "annexe":
        return f"{_capital(target)} est remplacée par l'annexe jointe au présent avenant."
    if forme == "suppression":
        return f"{_capital(target)} est supprimé{'e' if feminine else ''}."
    if forme == "ajout":
        if change["titre"].startswith("Annexe"):
            return (f"Il est ajouté à la convention une {target[2:]}, jointe au présent "
                    "avenant.")
        return f"Il est ajouté à la convention un {target[2:]} ainsi rédigé :"
    return f"{_capital(target)} est ainsi rédigé{'e' if feminine else ''} :"


def _of(target: str) -> str:
    """de l'article 5, du préambule."""
    return "du préambule" if target == "le préambule" else f"de {target}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def quoted(change: dict[str, Any]) -> list[Any]:
    """The new article in quotation marks, as Word elements (none for other forms)."""
    if change.get("forme") not in ("article", "ajout") or change["titre"].startswith("Annexe"):
        return []
    elements = new_elements(change)
    if change.get("blocs") and elements and change["titre"] != PREAMBLE:
        return blocks.quote(elements[0], elements[1:])
    return blocks.quote(None, elements)


def new_elements(change: dict[str, Any]) -> list[Any]:
    """The new section as recorded: its Word XML, or (before blocks were kept) its text."""
    if change.get("blocs"):
        return parse(change["blocs"])
    return blocks.flat_elements(change["paragraphes"], change["lignes"])
