"""The journal proves itself: format 2 entries, schema, head, foreign files, migration."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ctgdocs.register import Register, RegisterError
from ctgdocs.register.content import canonical_hash
from ctgdocs.register.store import sha256
from ctgdocs.workspace import Workspace

from .conftest import REPO, Run, demonstration
from .test_register import blank_pdf

JOURNAL = "conventions/journal"


@pytest.fixture
def registered(workspace: Path) -> Path:
    """The reference workspace with its register (47 entries of 2022-2024, then migrated)."""
    shutil.copytree(REPO / "conventions", workspace / "conventions",
                    ignore=shutil.ignore_patterns("verrou"))
    return workspace


def entry_path(root: Path, numero: int) -> Path:
    return root / JOURNAL / f"{numero:06d}.json"


def last_numero(root: Path) -> int:
    return max(int(p.stem) for p in (root / JOURNAL).glob("[0-9]*.json"))


def rewrite(root: Path, numero: int, **changes: object) -> None:
    """What a careless colleague does: edit one entry in place."""
    path = entry_path(root, numero)
    data = json.loads(path.read_bytes())
    data.update(changes)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def rechain(root: Path, start: int) -> None:
    """What a malicious colleague adds: re-chain every entry from ``start`` and rewrite the head,
    so that the journal is consistent again."""
    numero = start
    while entry_path(root, numero).exists():
        path = entry_path(root, numero)
        data = json.loads(path.read_bytes())
        data["numero"] = numero
        data["precedent"] = sha256(entry_path(root, numero - 1).read_bytes()) if numero > 1 \
            else None
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        numero += 1
    last = entry_path(root, numero - 1).read_bytes()
    (root / "conventions/tete.json").write_text(json.dumps(
        {"entrees": numero - 1, "empreinte": sha256(last)}), encoding="utf-8")


def verify(run: Run) -> tuple[int, list[str], str]:
    result = run("verify")
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_new_entries_carry_format_2_fields(run: Run, registered: Path) -> None:
    assert run("--date", "2026-11-30", "issue", "annexe2", "-m", "Nouvelle édition").exit_code == 0
    register = Register(Workspace(registered))
    entry = register.store.entries()[-1]
    assert entry.format == 2 and entry["action"] == "emission"
    assert entry["date"] == "2026-11-30"
    recorded = dt.datetime.fromisoformat(entry["enregistre_le"])
    assert recorded.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - recorded) < dt.timedelta(minutes=5)
    assert set(entry["versions"]) == {"ctgdocs", "python", "docxtpl", "python-docx", "jinja2",
                                      "lxml"}
    assert entry["versions"]["ctgdocs"] == "0.2.0"
    assert entry["contenu"] == canonical_hash(register.store.get(entry["docx"]), "annexe2")
    assert isinstance(entry["exemples"], list)
    assert "ctgdocs" not in entry.data  # the version lives in "versions" now
    head = json.loads((registered / "conventions/tete.json").read_bytes())
    assert head == {"entrees": entry.numero, "empreinte": sha256(entry.raw)}


def test_canonical_hash_ignores_compression(tmp_path: Path) -> None:
    import io
    import zipfile

    def docx(level: int, order: list[str]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
            for name in order:
                z.writestr(name, (name * 200).encode())
        return buffer.getvalue()

    fast, best = docx(1, ["b.xml", "a.xml"]), docx(9, ["a.xml", "b.xml"])
    assert fast != best
    assert canonical_hash(fast, "x") == canonical_hash(best, "x")
    assert canonical_hash(docx(9, ["a.xml"]), "x") != canonical_hash(best, "x")
    with pytest.raises(RegisterError, match="n'est pas un document Word lisible"):
        canonical_hash(b"pas un zip", "x.docx")


def test_recording_time_never_goes_back(registered: Path) -> None:
    register = Register(Workspace(registered))
    register.issue("annexe2", "maintenant", dt.date(2026, 11, 30), "paul")
    before = len(register.store.entries())
    late = Register(Workspace(registered))
    late.store.clock = lambda: dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(RegisterError, match="L'horloge de cet ordinateur indique 01/01/2020 "
                                            "00:00:00 UTC, avant l'enregistrement"):
        late.issue("plan-action", "hier", dt.date(2026, 11, 30), "paul")
    assert len(register.store.entries()) == before


@pytest.mark.parametrize("field, value", [
    ("date", "2022-07-04"), ("auteur", "mallory"), ("pdf", "0" * 64),
])
def test_editing_the_last_entry_is_seen(run: Run, workspace: Path, tmp_path: Path, field: str,
                                        value: str) -> None:
    signed = tmp_path / "signe.pdf"
    signed.write_bytes(blank_pdf())
    demonstration(workspace)
    assert run("--date", "2022-07-05", "issue", "22_112", "-m", "Extrait").exit_code == 0
    assert run("--date", "2022-07-05", "sign", "22_112", "--file", str(signed)).exit_code == 0
    rewrite(workspace, 2, **{field: value})
    code, lines, stderr = verify(run)
    assert code == 1 and stderr.startswith("Erreur : Journal des documents altéré : ")
    assert lines[:1] == ["journal/000002.json : ne correspond pas à la tête du journal (tete.json) : "
                     "entrée modifiée ou remplacée"]
    status = run("--date", "2024-06-01", "status")
    assert status.exit_code == 1 and "Journal des documents altéré" in status.stderr


def test_editing_only_the_very_last_entry_is_seen(run: Run, registered: Path) -> None:
    rewrite(registered, last_numero(registered), date="2026-01-01")
    code, lines, _ = verify(run)
    assert code == 1
    assert lines == [f"journal/{last_numero(registered):06d}.json : ne correspond pas à la tête "
                     "du journal (tete.json) : entrée modifiée ou remplacée"]


@pytest.mark.parametrize("deleted", [1, 3])
def test_deleting_the_last_entries_is_seen(run: Run, registered: Path, deleted: int) -> None:
    last = last_numero(registered)
    for numero in range(last - deleted + 1, last + 1):
        entry_path(registered, numero).unlink()
    code, lines, _ = verify(run)
    assert code == 1
    lost = f"entrée {last}" if deleted == 1 else f"entrées {last - 2} à {last}"
    assert lines == [f"journal tronqué : la tête en annonce {last}, {lost} "
                     f"manquante{'s' if deleted > 1 else ''}"]
    status = run("--date", "2024-06-01", "status")
    assert status.exit_code == 1 and "journal tronqué" in status.stderr


def test_a_document_named_to_leave_the_workspace_is_refused(run: Run, registered: Path,
                                                            tmp_path: Path) -> None:
    first = entry_path(registered, 12)  # the annexe2 emission
    data = json.loads(first.read_bytes())
    data.update(numero=last_numero(registered) + 1,
                precedent=sha256(entry_path(registered, last_numero(registered)).read_bytes()),
                document="../../../x")
    entry_path(registered, data["numero"]).write_text(json.dumps(data, indent=2),
                                                      encoding="utf-8")
    rechain(registered, data["numero"])
    code, lines, _ = verify(run)
    assert code == 1
    assert lines == [f"journal/{data['numero']:06d}.json : entrée non valide : document : "
                     "valeur non conforme (identifiant ou empreinte invalide)"]
    out = tmp_path / "sortie"
    shown = run("show", "../../../x", "--no-pdf", "--out", str(out))
    assert shown.exit_code == 1 and "Journal des documents altéré" in shown.stderr
    assert not (tmp_path / "x-v1.docx").exists() and not out.exists()


def test_dotdot_inside_an_identifier_is_refused(registered: Path) -> None:
    from ctgdocs.register import schema

    raw = entry_path(registered, 14).read_bytes().replace(b"22_113", b"22..113")
    assert schema.problem(raw) == "deliberation : « .. » interdit dans un identifiant"


@pytest.mark.parametrize("content, message", [
    (b"{ pas du json", "JSON illisible"),
    (b"[1, 2]", "une entrée doit être un objet JSON"),
    (b'{"numero": 48, "action": "effacement"}', "action « effacement » inconnue pour le "
                                                "format 1"),
    (b'{"numero": 48, "action": "approbation"}', ""),
])
def test_malformed_entries_give_french_messages(run: Run, registered: Path, content: bytes,
                                                message: str) -> None:
    numero = last_numero(registered) + 1
    entry_path(registered, numero).write_bytes(content)
    code, lines, _ = verify(run)
    assert code == 1
    assert lines[0].startswith(f"journal/{numero:06d}.json : entrée non valide : {message}")
    assert message or lines[0].endswith(" : champ manquant")
    for args in (["history", "22_112"], ["--date", "2024-01-01", "status"],
                 ["--date", "2026-11-30", "issue", "annexe2", "-m", "x"]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("Erreur : Journal des documents altéré"), args
        assert "Traceback" not in result.output


def test_wrong_types_are_named(registered: Path) -> None:
    from ctgdocs.register import schema

    data = json.loads(entry_path(registered, 29).read_bytes())
    data["pages"] = "trois"
    assert schema.problem(json.dumps(data).encode()) == "pages : nombre entier attendu"
    data = json.loads(entry_path(registered, 29).read_bytes())
    data["date"] = "05/07/2022"
    assert (schema.problem(json.dumps(data).encode()) or "").startswith("date : date invalide")
    data = json.loads(entry_path(registered, 29).read_bytes())
    data["pdf"] = "ABC"
    assert schema.problem(json.dumps(data).encode()) == (
        "pdf : valeur non conforme (identifiant ou empreinte invalide)")


def test_foreign_files_are_named_by_verify_and_ignored_elsewhere(run: Run,
                                                                 registered: Path) -> None:
    journal = registered / JOURNAL
    shutil.copy(journal / "000010.json", journal / "000010 - Copie.json")
    shutil.copy(journal / "000011.json", journal / "000011 (conflicted copy 2024-05-02).json")
    code, lines, _ = verify(run)
    assert code == 1
    assert lines == [
        "journal/000010 - Copie.json : fichier étranger au journal (copie faite par "
        "l'Explorateur ou un outil de synchronisation ?) : déplacez-le hors du dossier journal/",
        "journal/000011 (conflicted copy 2024-05-02).json : fichier étranger au journal (copie "
        "faite par l'Explorateur ou un outil de synchronisation ?) : déplacez-le hors du dossier "
        "journal/",
    ]
    history = run("history", "22_112")
    assert history.exit_code == 0
    assert history.stderr.splitlines()[0] == (
        "Attention : journal/000010 - Copie.json : fichier étranger au journal, ignoré "
        "(déplacez-le hors du dossier journal/)")
    assert run("--date", "2026-11-30", "issue", "annexe2", "-m", "x").exit_code == 0


def test_an_entry_beyond_the_head_is_named_then_accepted(run: Run, registered: Path) -> None:
    head = (registered / "conventions/tete.json").read_bytes()
    assert run("--date", "2026-11-30", "issue", "annexe2", "-m", "x").exit_code == 0
    (registered / "conventions/tete.json").write_bytes(head)  # killed before the head
    numero = last_numero(registered)
    code, lines, _ = verify(run)
    assert code == 1
    assert lines == [f"journal/{numero:06d}.json : entrée au-delà de la tête du journal "
                     "(commande interrompue entre l'entrée et la tête ?) : vérifiez-la, puis "
                     "acceptez-la avec ctgdocs registre reprendre"]
    refused = run("--date", "2026-11-30", "issue", "plan-action", "-m", "y")
    assert refused.exit_code == 1
    assert refused.stderr == (f"Erreur : journal/{numero:06d}.json : entrée au-delà de la tête "
                              "du journal (commande interrompue ?) ; vérifiez-la avec ctgdocs "
                              "verify, puis acceptez-la avec ctgdocs registre reprendre.\n")
    resumed = run("registre", "reprendre")
    assert resumed.stdout == f"journal/{numero:06d}.json acceptée (emission de annexe2).\n"
    assert verify(run)[0] == 0
    assert run("registre", "reprendre").stdout == "Aucune entrée au-delà de la tête du journal.\n"


def test_migration_appends_and_leaves_format_1_entries_untouched(run: Run,
                                                                 registered: Path) -> None:
    # the register as ctgdocs 0.1 left it: 47 entries, no head
    migrated = last_numero(registered)
    for numero in range(48, migrated + 1):
        entry_path(registered, numero).unlink()
    (registered / "conventions/tete.json").unlink()
    before = {p.name: p.read_bytes() for p in (registered / JOURNAL).iterdir()}
    code, lines, _ = verify(run)
    assert (code, lines) == (1, ["tete.json absent : journal au format 1, lancez ctgdocs "
                                 "registre migrer"])
    assert run("--date", "2024-06-01", "status").exit_code == 0  # readable meanwhile
    refused = run("--date", "2026-11-30", "issue", "annexe2", "-m", "x")
    assert refused.stderr == ("Erreur : Le journal des documents est au format 1 : lancez "
                              "d'abord ctgdocs registre migrer.\n")
    result = run("--date", "2026-11-29", "registre", "migrer", "--auteur", "equipe")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ("Journal migré (entrée 48 : 19 versions dont le "
                                             "contenu est désormais enregistré).")
    after = {p.name: p.read_bytes() for p in (registered / JOURNAL).iterdir()}
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(set(after) - set(before)) == ["000048.json"]
    assert verify(run)[0] == 0
    again = run("registre", "migrer")
    assert again.stderr == "Erreur : Le journal des documents est déjà au format 2 : rien à migrer.\n"


def test_a_deleted_head_is_seen(run: Run, registered: Path) -> None:
    assert run("--date", "2026-11-30", "issue", "annexe2", "-m", "x").exit_code == 0
    (registered / "conventions/tete.json").unlink()
    code, lines, _ = verify(run)
    assert (code, lines) == (1, ["tete.json absent : la tête du journal a été supprimée (ou "
                                 "une commande a été interrompue avant de l'écrire) ; vérifiez "
                                 "le journal, puis ctgdocs registre reprendre"])
    assert run("registre", "migrer").exit_code == 1
    refused = run("--date", "2026-11-30", "issue", "plan-action", "-m", "y")
    assert refused.stderr.startswith("Erreur : Journal des documents altéré : tete.json absent")


def head_print(run: Run) -> str:
    """The fingerprint as ctgdocs status prints it."""
    last = run("--date", "2026-12-31", "status").stdout.splitlines()[-1]
    assert last.startswith("Journal des documents ctgdocs : ")
    return last.rsplit(" ", 1)[1].rstrip("…")


def test_status_prints_the_head_and_verify_proves_an_extension(run: Run,
                                                               registered: Path) -> None:
    earlier = head_print(run)
    assert len(earlier) == 16
    assert run("--date", "2026-11-30", "issue", "annexe2", "-m", "x").exit_code == 0
    assert run("--date", "2026-11-30", "issue", "plan-action", "-m", "y").exit_code == 0
    result = run("verify", "--depuis", earlier)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == (f"Le journal actuel prolonge la tête relevée (48 entrées, empreinte "
                        f"{earlier}…) sans l'avoir modifiée : 2 entrées ajoutées depuis.")
    as_json = json.loads(run("verify", "--depuis", earlier, "--json").stdout)
    assert as_json["intact"] is True and as_json["problems"] == []
    assert as_json["since"] == {"sha256": earlier, "extends": True, "entry": 48,
                                "added_entries": 2, "message": lines[1]}
    assert as_json["journal"]["entries"] == 50 and len(as_json["journal"]["sha256"]) == 64
    status = json.loads(run("--date", "2026-12-31", "status", "--json").stdout)
    assert status["journal"] == as_json["journal"]
    # at an earlier date, the head the journal had then (its entries dated up to that day)
    status = json.loads(run("--date", "2024-06-01", "status", "--json").stdout)
    assert status["journal"]["entries"] == 47


def refused(run: Run, earlier: str) -> str:
    assert run("verify").exit_code == 0  # consistent again: verify alone is fooled
    result = run("verify", "--depuis", earlier)
    assert result.exit_code == 1
    return result.stdout.splitlines()[-1]


NOT_EXTENDED = ("ne correspond à aucune entrée du journal actuel : depuis que cette tête a été "
                "relevée, le journal a été tronqué, réécrit, ou une entrée a été insérée avant "
                "elle.")


def test_depuis_detects_a_truncated_journal(run: Run, registered: Path) -> None:
    assert run("--date", "2026-11-30", "issue", "annexe2", "-m", "x").exit_code == 0
    earlier = head_print(run)
    entry_path(registered, 49).unlink()
    rechain(registered, 48)
    assert refused(run, earlier) == f"L'empreinte {earlier}… {NOT_EXTENDED}"


def test_depuis_detects_a_consistently_rewritten_journal(run: Run, registered: Path) -> None:
    earlier = head_print(run)
    rewrite(registered, 31, date="2022-07-19")  # the AADEC signature, one day earlier
    rechain(registered, 32)
    assert refused(run, earlier) == f"L'empreinte {earlier}… {NOT_EXTENDED}"


def test_depuis_detects_an_inserted_entry(run: Run, registered: Path) -> None:
    earlier = head_print(run)
    last = last_numero(registered)
    for numero in range(last, 46, -1):  # make room after entry 46
        entry_path(registered, numero).rename(entry_path(registered, numero + 1))
    data = json.loads(entry_path(registered, 46).read_bytes())
    data.update(action="approbation", deliberation="24_031", date="2024-03-28")
    entry_path(registered, 47).write_text(json.dumps(data, indent=2), encoding="utf-8")
    rechain(registered, 47)
    assert refused(run, earlier) == f"L'empreinte {earlier}… {NOT_EXTENDED}"


def test_depuis_refuses_a_malformed_fingerprint(run: Run, registered: Path) -> None:
    result = run("verify", "--depuis", "3f2a")
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : --depuis 3f2a : une empreinte de la tête du journal "
                             "s'écrit en 16 à 64 chiffres hexadécimaux (telle que l'imprime un "
                             "bordereau ou ctgdocs status).\n")


def test_show_regenerer_proves_a_version_unchanged(run: Run, workspace: Path,
                                                   tmp_path: Path) -> None:
    assert run("--date", "2022-06-20", "issue", "annexe2", "-m", "v1").exit_code == 0
    result = run("show", "annexe2", "--regenerer", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0
    entry = Register(Workspace(workspace)).store.entries()[-1]
    assert result.stdout.splitlines()[-1] == (
        f"annexe2 v1 : régénérée à l'identique (contenu canonique {entry['contenu'][:16]}…).")


def test_show_regenerer_explains_other_versions(run: Run, workspace: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from ctgdocs.register import content

    assert run("--date", "2022-06-20", "issue", "annexe2", "-m", "v1").exit_code == 0
    here = content.versions()
    monkeypatch.setattr(content, "versions", lambda: {**here, "docxtpl": "9.9.9"})
    result = run("show", "annexe2", "--regenerer", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].endswith(
        f", bien que produite avec docxtpl {here['docxtpl']} et régénérée avec docxtpl 9.9.9).")
    monkeypatch.setattr(Register, "render", lambda self, version: b"autre rendu")
    result = run("show", "annexe2", "--regenerer", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        f"annexe2 v1 ne peut pas être régénérée à l'identique : elle a été produite avec docxtpl "
        f"{here['docxtpl']}, ce poste a docxtpl 9.9.9, et le rendu échoue (annexe2 n'est pas un "
        "document Word lisible (File is not a zip file)). Le document émis reste celui que "
        "restitue show, octet pour octet.")
    monkeypatch.setattr(content, "versions", lambda: here)
    result = run("show", "annexe2", "--regenerer", "--no-pdf", "--out", str(tmp_path))
    assert result.exit_code == 1  # same renderer, other content: something is wrong


def test_show_regenerer_on_every_reference_version(run: Run, registered: Path,
                                                   tmp_path: Path) -> None:
    """Versions of ctgdocs 0.1.0 say why they cannot be regenerated identically; none fails."""
    register = Register(Workspace(registered))
    for doc in register.documents().values():
        for version in doc.versions:
            result = run("show", doc.ident, "--version", str(version.numero), "--regenerer",
                         "--no-pdf", "--out", str(tmp_path))
            assert result.exit_code == 0, result.output
            last = result.stdout.splitlines()[-1]
            if version.emission.format == 1:
                assert "ne peut pas être régénérée à l'identique : elle a été produite avec " \
                       "ctgdocs 0.1.0" in last
            else:
                assert "régénérée à l'identique" in last


def test_a_writer_finishing_while_the_journal_is_read_is_no_truncation(workspace: Path) -> None:
    """A writer that does not hold the lock (its file deleted under it) adds its entry and
    moves the head while another command lists the journal: that command must see a whole
    journal, not one whose head announces an entry it has not listed (the cause of the
    intermittent failure of test_concurrent_writers_lose_no_entry[True])."""
    reader, writer = Register(Workspace(workspace)), Register(Workspace(workspace))
    writer.issue("annexe2", "v1", dt.date(2022, 6, 20), "a")
    listing = reader.store._files
    interleaved: list[Any] = []

    def list_then_let_the_writer_finish() -> Any:
        found = listing()
        if not interleaved:
            interleaved.append(writer.issue("plan-action", "v1", dt.date(2022, 6, 20), "b"))
        return found

    reader.store._files = list_then_let_the_writer_finish  # type: ignore[method-assign]
    assert [e.numero for e in reader.store.entries()] in ([1], [1, 2])
    assert interleaved and reader.verify() == []


def test_an_object_already_stored_counts_as_written(workspace: Path) -> None:
    """Objects are named by their hash: the same bytes stored again are not rewritten, and
    an object damaged on disk is replaced by what its name says it holds."""
    from ctgdocs.register.store import Store

    store = Store(workspace / "conventions")
    digest = store.put(b"instantane")
    path = store.blob_path(digest)
    inode = path.stat().st_ino
    assert store.put(b"instantane") == digest and path.stat().st_ino == inode
    path.write_bytes(b"abime")
    assert store.put(b"instantane") == digest and path.read_bytes() == b"instantane"
    assert [p.name for p in path.parent.iterdir()] == [digest]  # no temporary file left
