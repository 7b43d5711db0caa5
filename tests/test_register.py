"""The register: lifecycle, byte-identical regeneration, tamper evidence, lock, crashes."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ctgdocs.register import Register, RegisterError
from ctgdocs.workspace import Workspace

from .conftest import Run, demonstration
from .signing import sign
from .test_check import edit


@pytest.fixture(autouse=True)
def _demonstration(workspace: Path) -> None:
    """The reference workspace is a demonstration: its records hold illustrative values,
    which only a demonstration workspace approves and signs (marked EXEMPLE)."""
    demonstration(workspace)


CONV = "CFF-2022-CCCC-CSPG"
D113 = "records/deliberations/22_113.yaml"
TRANSMISSION = """transmission:
  id_actes: 038-200040111-20220705-22_113-DE
  envoi: 2022-07-08
  reception: 2022-07-08
  publication: 2022-07-11
"""



def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def exemple_line(count: int) -> str:
    """What approve and sign add in a demonstration workspace for a version that prints
    ``count`` illustrative values."""
    return (f"EXEMPLE : dossier de démonstration ; cette version imprime {count} valeurs "
            "d'exemple, enregistrées avec l'acte : ce n'est pas un acte à déposer ni à "
            "transmettre.")


def at(run: Run, day: str, *args: str) -> tuple[int, str]:
    result = run("--date", day, *args)
    return result.exit_code, (result.stdout + result.stderr).strip()


def test_lifecycle_of_a_convention(run: Run, workspace: Path, tmp_path: Path) -> None:
    signed = tmp_path / "signee.pdf"
    signed.write_bytes(blank_pdf())
    edit(workspace, D113, TRANSMISSION + "\n", "")  # not yet transmitted
    assert at(run, "2022-06-20", "issue", CONV, "-m", "Projet", "--auteur", "marie") == (
        0, f"convention-{CONV} : version 1 enregistrée (projet).")
    assert at(run, "2022-06-20", "issue", CONV, "-m", "Encore", "--auteur", "marie") == (
        1, f"Erreur : convention-{CONV} : rien n'a changé depuis la version 1 (mêmes fiches, "
           "même modèle, même date).")
    assert at(run, "2022-06-29", "sign", CONV, "--file", str(signed)) == (
        1, f"Erreur : convention-{CONV} v1 n'est pas approuvé : ctgdocs approve d'abord.")
    assert at(run, "2022-06-29", "approve", CONV, "--deliberation", "22_112") == (
        1, f"Erreur : convention-{CONV} cite la délibération 22_113, pas 22_112.")
    assert at(run, "2022-06-28", "approve", CONV, "--deliberation", "22_113")[1] == (
        f"Erreur : Approbation de convention-{CONV} v1 le 28/06/2022 refusée : la délibération "
        "22_113 est du 29/06/2022, après cette date.")
    assert at(run, "2022-06-29", "approve", CONV, "--deliberation", "22_113", "--auteur",
              "marie") == (0, f"convention-{CONV} v1 approuvée par la délibération 22_113.\n"
                              f"{exemple_line(35)}")
    assert at(run, "2022-07-20", "sign", CONV, "--file", str(signed))[1] == (
        f"Erreur : Signature de convention-{CONV} v1 le 20/07/2022 refusée : la délibération "
        "22_113 qui l'approuve n'est pas encore exécutoire (enregistrez sa réception en "
        "préfecture et sa publication).")
    edit(workspace, D113, "vote:", TRANSMISSION + "\nvote:")
    assert at(run, "2022-07-10", "sign", CONV, "--file", str(signed))[1] == (
        f"Erreur : Signature de convention-{CONV} v1 le 10/07/2022 refusée : la délibération "
        "22_113 qui l'approuve n'est exécutoire que depuis le 11/07/2022 (L2131-1).")
    assert at(run, "2022-07-20", "sign", CONV, "--file", str(signed), "--auteur", "anne") == (
        0, f"convention-{CONV} v1 signée le 20/07/2022 : copie signée sans signature "
           f"électronique.\n{exemple_line(35)}")
    assert at(run, "2022-07-21", "sign", CONV, "--file", str(signed))[1] == (
        f"Erreur : convention-{CONV} v1 est déjà signé.")

    history = run("history", CONV).stdout.splitlines()
    assert history == [
        "v1  2022-06-20  émission      marie         Projet",
        "v1  2022-06-29  approbation   marie         22_113  EXEMPLE",
        "v1  2022-07-20  signature     anne          signee.pdf  EXEMPLE",
    ]
    status = run("--date", "2025-09-01", "status").stdout
    assert f"convention-{CONV}" in status and "en vigueur" in status
    assert (f"{CONV} : se termine le 31/12/2025 (dans 121 jours) ; préparez son "
            "renouvellement") in status
    # the 2024 one was due by 30/06/2025 and its reception is not recorded (comptes_rendus:)
    assert (f"{CONV} : compte rendu financier 2024 de Centre Social des Pays du Guiers (CSPG) "
            "attendu depuis le 30/06/2025, non reçu") in status
    assert (f"{CONV} : compte rendu financier 2024 attendu de Centre Social des Pays du Guiers "
            "(CSPG) avant le 30/06/2025") in run("--date", "2025-03-01", "status").stdout
    assert run("--date", "2026-01-02", "status").stdout.startswith(
        f"{'convention-' + CONV:<42} expirée     1 version   v1, du 01/01/2022 au 31/12/2025")
    assert at(run, "2024-03-31", "terminate", CONV, "--motif", "Fin d'activité")[0] == 0
    assert "résilié" in run("--date", "2024-04-01", "status").stdout
    assert run("verify").stdout.startswith("Journal intact")


def test_signed_pdf_is_kept_byte_for_byte_with_its_signature(run: Run, workspace: Path,
                                                             tmp_path: Path) -> None:
    signed = tmp_path / "extrait-signe.pdf"
    signed.write_bytes(sign(blank_pdf()))
    assert at(run, "2022-07-05", "issue", "22_112", "-m", "Extrait")[0] == 0
    code, text = at(run, "2022-07-05", "sign", "22_112", "--file", str(signed))
    assert (code, text) == (0, "deliberation-22_112 v1 signée le 05/07/2022 : 1 signature "
                                "électronique intègre (Anne LENFANT), chaîne de certificats "
                                f"non vérifiée hors ligne.\n{exemple_line(4)}")
    register = Register(Workspace(workspace))
    entry = register.documents()["deliberation-22_112"].last.signature
    assert entry is not None
    assert register.store.get(entry["pdf"]) == signed.read_bytes()
    [found] = entry["signatures_electroniques"]
    assert (found["signataire"], found["couvre_tout_le_fichier"]) == ("Anne LENFANT", True)


def test_bad_signed_files(run: Run, workspace: Path, tmp_path: Path) -> None:
    assert at(run, "2022-07-05", "issue", "22_112", "-m", "Extrait")[0] == 0
    word = tmp_path / "extrait.pdf"
    word.write_bytes((workspace / "templates/deliberation.docx").read_bytes())
    assert at(run, "2022-07-05", "sign", "22_112", "--file", str(word))[1] == (
        "Erreur : extrait.pdf n'est pas un fichier PDF (c'est un document Word : "
        "enregistrez-le en PDF).")
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    locked = tmp_path / "protege.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    assert at(run, "2022-07-05", "sign", "22_112", "--file", str(locked))[1] == (
        "Erreur : protege.pdf est chiffré ou protégé par mot de passe : enregistrez une copie "
        "sans protection.")
    assert at(run, "2022-07-05", "sign", "22_112", "--file", str(tmp_path / "absent.pdf"))[1] \
        == f"Erreur : {tmp_path / 'absent.pdf'} : fichier introuvable"
    assert not (workspace / "conventions/journal/000002.json").exists()


def test_show_regenerates_byte_for_byte(run: Run, workspace: Path, tmp_path: Path) -> None:
    assert at(run, "2022-06-20", "issue", CONV, "-m", "v1")[0] == 0
    edit(workspace, f"records/conventions/{CONV.lower()}.yaml", "montant: 53000}",
         "montant: 53500}")
    edit(workspace, "templates/../records/gestionnaires/cspg.yaml", "prenom: Hélène",
         "prenom: Hélèna")
    assert at(run, "2023-02-01", "issue", CONV, "-m", "Montant 2023")[0] == 0
    result = run("show", CONV, "--version", "1", "--no-pdf", "--out", str(tmp_path))
    assert result.stdout == f"{tmp_path / f'convention-{CONV}-v1.docx'}\n"
    fresh = run("--date", "2023-02-01", "convention", CONV, "--no-pdf", "--out",
                str(tmp_path / "neuf"))
    assert fresh.exit_code == 0
    regenerated = (tmp_path / f"convention-{CONV}-v1.docx").read_bytes()
    assert regenerated != (tmp_path / f"neuf/convention-{CONV}.docx").read_bytes()  # records moved on
    past = run("--date", "2022-06-20", "convention", CONV, "--no-pdf", "--out",
               str(tmp_path / "alors"))
    assert past.exit_code == 0  # the records as registered then (register/asof.py)
    assert regenerated == (tmp_path / f"alors/convention-{CONV}.docx").read_bytes()
    register = Register(Workspace(workspace))
    version = register.documents()[f"convention-{CONV}"].version(1)
    assert regenerated == register.store.get(version.emission["docx"])

    lines = run("diff", CONV).stdout.splitlines()
    assert lines[0] == f"convention-{CONV} : version 1 → version 2"
    assert "  records/conventions/cff-2022-cccc-cspg.yaml: montants[1].montant : « 53000 » → « 53500 »" in lines
    assert "  records/gestionnaires/cspg.yaml: representant.prenom : « Hélène » → « Hélèna »" in lines
    assert "  Article 5 – Montant et modalités de versement : modifié" in lines
    assert "    - 2023 | 53\u00a0000,00\u00a0€ | cinquante-trois mille euros" in lines
    assert "    + 2023 | 53\u00a0500,00\u00a0€ | cinquante-trois mille cinq cents euros" in lines


def test_verify_names_altered_and_missing_files(run: Run, workspace: Path) -> None:
    for index, day in enumerate(("2022-06-20", "2022-06-21", "2022-06-22")):
        if index:  # the projet of the Annexe 2 is undated: a new version needs a change
            edit(workspace, "records/gestionnaires/cccc.yaml", "nom: Bébébus", "nom: Bébébus ·")
        assert at(run, day, "issue", "annexe2", "-m", day)[0] == 0
    journal = workspace / "conventions/journal"
    register = Register(Workspace(workspace))
    blob = register.store.blob_path(register.documents()["annexe2"].version(3).emission["docx"])
    first = journal / "000001.json"
    first.write_text(first.read_text(encoding="utf-8").replace('"2022-06-20"', '"2022-06-19"', 1),
                     encoding="utf-8")
    blob.write_bytes(b"abime")
    result = run("verify")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == ("journal/000002.json : ne suit pas l'entrée "
                                             "précédente (entrée précédente modifiée, ou celle-ci "
                                             "réécrite)")
    assert f"Objet {blob.name[:12]}… altéré" in result.stdout
    assert result.stderr == "Erreur : Journal des documents altéré : 2 problèmes.\n"
    (journal / "000002.json").unlink()
    assert "journal/000003.json : entrée 2 manquante avant celle-ci" in run("verify").stdout


HOLD_LOCK = ("import sys, time, filelock; lock = filelock.FileLock(sys.argv[1]); lock.acquire(); "
             "print('pris', flush=True); time.sleep(float(sys.argv[2]))")


def test_lock_waits_then_says_it_is_busy_without_asking_to_delete_anything(
        workspace: Path) -> None:
    register = Register(Workspace(workspace), lock_wait=0.3)
    register.store.root.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(register.store.lock_file),
                               "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "pris\n"
        start = time.monotonic()
        with pytest.raises(RegisterError) as caught:
            register.issue("annexe2", "essai", dt.date(2022, 6, 20), "paul")
        assert time.monotonic() - start >= 0.3
    finally:
        holder.kill()
        holder.wait()
    assert str(caught.value) == (
        "Le registre est occupé par une autre commande ctgdocs depuis plus de 0.3 secondes. "
        "Réessayez dans un instant.")
    assert "supprime" not in str(caught.value)
    assert register.store.entries() == []


def test_lock_of_a_killed_process_is_released_by_the_system(workspace: Path) -> None:
    register = Register(Workspace(workspace), lock_wait=2)
    register.store.root.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(register.store.lock_file),
                               "60"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "pris\n"
    holder.kill()
    holder.wait()
    assert register.store.lock_file.exists()  # the file stays; the lock went with the process
    register.issue("annexe2", "essai", dt.date(2022, 6, 20), "paul")
    assert len(register.store.entries()) == 1


def test_parallel_commands_keep_the_chain(workspace: Path) -> None:
    script = ("import datetime as dt, sys; from pathlib import Path; "
              "from ctgdocs.register import Register; from ctgdocs.workspace import Workspace; "
              "Register(Workspace(Path(sys.argv[1]))).issue(sys.argv[2], 'parallèle', "
              "dt.date(2022, 7, 1), 'test')")
    idents = ["annexe2", "plan-action", "22_112", "22_113", CONV, "CFF-2022-CCCC-PAJ"]
    processes = [subprocess.Popen([sys.executable, "-c", script, str(workspace), ident])
                 for ident in idents]
    assert [p.wait() for p in processes] == [0] * len(idents)
    register = Register(Workspace(workspace))
    assert register.verify() == []
    assert sorted(e["numero"] for e in register.store.entries()) == list(range(1, 7))


CONCURRENT = """
import datetime as dt, sys
from pathlib import Path
from ctgdocs.register import Register
from ctgdocs.workspace import Workspace

root, idents, start, pdf = sys.argv[1:]
register = Register(Workspace(Path(root)), lock_wait=120)
for k, ident in enumerate(idents.split(",")):
    day = dt.date.fromisoformat(start) + dt.timedelta(days=k)
    register.issue(ident, "version 1", day, "p")
    register.sign(ident, Path(pdf), day, "p")
"""


@pytest.mark.parametrize("delete_lock", [False, True])
def test_concurrent_writers_lose_no_entry(workspace: Path, tmp_path: Path,
                                          delete_lock: bool) -> None:
    import threading

    signed = tmp_path / "signe.pdf"
    signed.write_bytes(blank_pdf())
    # documents are dated from the records, so each one has a single version here
    work = [("annexe2", "2022-06-01"), ("plan-action", "2022-06-01"),
            ("22_112,seance-2022-06-29-pv", "2022-06-29"), ("22_113", "2022-06-29"),
            ("seance-2022-06-29-liste", "2022-06-29"),
            ("seance-2024-03-27-liste,24_031,seance-2024-03-27-pv", "2024-03-27")]
    (workspace / "conventions").mkdir()
    lock = workspace / "conventions/verrou"
    stop = threading.Event()
    deleted = 0

    def delete_the_lock() -> None:  # what the old busy message told users to do
        nonlocal deleted
        while not stop.is_set():
            try:
                lock.unlink()
                deleted += 1
            except FileNotFoundError:
                pass
            time.sleep(0.005)

    deleter = threading.Thread(target=delete_the_lock)
    if delete_lock:
        deleter.start()
    processes = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(workspace), ident,
                                   start, str(signed)],
                                  stderr=subprocess.PIPE, text=True)
                 for ident, start in work]
    try:
        results = [(p.wait(timeout=600), p.stderr.read() if p.stderr else "")
                   for p in processes]
    finally:
        stop.set()
        if delete_lock:
            deleter.join()
    assert [code for code, _ in results] == [0] * len(work), results
    if delete_lock:
        assert deleted > 0
    register = Register(Workspace(workspace))
    assert register.verify() == []
    entries = register.store.entries()
    expected = 2 * sum(len(ident.split(",")) for ident, _ in work)
    assert [e.numero for e in entries] == list(range(1, expected + 1))
    docs = register.documents()
    for ident in (i for idents, _ in work for i in idents.split(",")):
        doc = docs[ident if not ident[0].isdigit() else f"deliberation-{ident}"]
        assert [v.numero for v in doc.versions] == [1]
        assert all(v.signature is not None for v in doc.versions)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_at_any_moment_leaves_whole_entries(workspace: Path) -> None:
    script = ("import datetime as dt, sys; from pathlib import Path; "
              "from ctgdocs.register import Register; from ctgdocs.workspace import Workspace; "
              "r = Register(Workspace(Path(sys.argv[1])), lock_wait=5)\n"
              "for day in range(1, 29):\n"
              "    r.issue('annexe2', 'boucle', dt.date(2022, 2, day), 'test')\n")
    for delay in (0.6, 0.9, 1.2, 1.5):
        process = subprocess.Popen([sys.executable, "-c", script, str(workspace)])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        register = Register(Workspace(workspace), lock_wait=0.2)
        problems = register.verify()
        if problems:  # killed between an entry and the head: named, then accepted
            assert len(problems) == 1 and "au-delà de la tête du journal" in problems[0]
            assert len(register.resume()) == 1
        assert register.verify() == []
        for entry in register.store.entries():
            assert register.store.get(entry["docx"])


def test_unknown_document_and_version(run: Run) -> None:
    assert at(run, "2022-06-20", "history", "CFF-9999")[1] == (
        "Erreur : « CFF-9999 » n'est pas dans le registre. Documents enregistrés : aucun. "
        "Émettez-le d'abord avec ctgdocs issue.")
    assert at(run, "2022-06-20", "issue", "CFF-9999", "-m", "x")[1].startswith(
        "Erreur : Document « CFF-9999 » inconnu : indiquez annexe2, plan-action, un "
        "identifiant de convention")
    assert at(run, "2022-06-20", "issue", CONV, "-m", "v1")[0] == 0
    assert at(run, "2022-06-20", "show", CONV, "--version", "7", "--no-pdf")[1] == (
        f"Erreur : convention-{CONV} n'a pas de version 7 (versions : 1 à 1).")


def test_register_folder_that_cannot_be_written(run: Run, workspace: Path) -> None:
    # Running as root, permissions do not stop writes: a file where the folder should be
    # fails the same way a read-only share does (an OSError on creation).
    (workspace / "conventions").write_text("pas un dossier", encoding="utf-8")
    code, text = at(run, "2022-06-20", "issue", CONV, "-m", "v1")
    assert code == 1
    assert text.startswith(f"Erreur : Impossible d'écrire dans le registre "
                           f"{workspace / 'conventions'} (")
    assert (workspace / "conventions").read_text(encoding="utf-8") == "pas un dossier"
