"""Signed PDFs checked with pyHanko; hostile or broken PDFs refused in French, in bounded
time and memory."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctgdocs.errors import CtgdocsError
from ctgdocs.limits import DEFAULT, Limites
from ctgdocs.signedpdf import UNTRUSTED_CHAIN, inspect, read_pdf
from ctgdocs.workspace import Workspace

from .conftest import REPO, Run, demonstration
from .pdfs import (
    blank_pdf,
    fake_signature,
    field_listing_itself,
    page_tree_listing_itself,
    tampered,
)
from .signing import sign


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: these inputs once made ctgdocs loop forever."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("plus de 20 secondes")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def message(data: bytes, name: str = "acte.pdf", limites: Limites = DEFAULT) -> str:
    with pytest.raises(CtgdocsError) as caught:
        inspect(data, name, limites)
    return str(caught.value)


def test_valid_signature_is_checked_and_its_chain_reported() -> None:
    info = inspect(sign(blank_pdf(2)), "acte.pdf")
    assert info.pages == 2 and info.champs_invalides == []
    [found] = info.signatures
    assert (found.champ, found.signataire, found.emetteur) == (
        "Signature1", "Anne LENFANT", "Anne LENFANT")
    assert found.integrite == "vérifiée" and found.couvre_tout_le_fichier
    assert found.chaine_de_certificats == UNTRUSTED_CHAIN


def test_altered_signed_pdf_is_not_a_signature() -> None:
    info = inspect(tampered(sign(blank_pdf())), "acte.pdf")
    assert info.signatures == []
    [field] = info.champs_invalides
    assert field.champ == "Signature1"
    assert field.motif == ("les octets signés ne correspondent pas à l'empreinte de la "
                           "signature (document modifié après signature)")


def test_hand_made_signature_field_is_not_a_signature() -> None:
    info = inspect(fake_signature("Mallory"), "acte.pdf")
    assert info.signatures == []
    [field] = info.champs_invalides
    assert (field.champ, field.signataire_declare) == ("Signature1", "Mallory")
    assert field.motif.startswith("aucune signature cryptographique lisible")


def test_sign_records_a_fake_field_as_such(run: Run, tmp_path: Path) -> None:
    from ctgdocs.register import Register

    workspace = tmp_path / "ws"
    demonstration(workspace)
    fake = tmp_path / "extrait-signe.pdf"
    fake.write_bytes(fake_signature("Mallory"))
    assert run("--date", "2022-07-05", "issue", "22_112", "-m", "Extrait").exit_code == 0
    result = run("--date", "2022-07-05", "sign", "22_112", "--file", str(fake))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "deliberation-22_112 v1 signée le 05/07/2022 : copie signée sans signature "
        "électronique ; champ de signature sans signature valide : « Signature1 » — "
        "aucune signature cryptographique lisible (contenu PKCS#7/CMS absent, malformé ou "
        "d'un type non pris en charge).\n")
    entry = Register(Workspace(workspace)).document("22_112").last.signature
    assert entry is not None
    assert entry["signatures_electroniques"] == []
    [field] = entry["champs_sans_signature_valide"]
    assert field["signataire_declare"] == "Mallory"


def test_cyclic_structures_are_refused_quickly(deadline: None) -> None:
    assert message(field_listing_itself()) == (
        "acte.pdf est un PDF abîmé : un champ de formulaire se contient lui-même (structure "
        "circulaire).")
    assert message(page_tree_listing_itself()) == (
        "acte.pdf est un PDF illisible ou abîmé (Detected cyclic page references.).")


def test_cyclic_field_refused_by_sign_and_pack(deadline: None, run: Run,
                                               workspace: Path) -> None:
    loop = workspace.parent / "boucle.pdf"
    loop.write_bytes(field_listing_itself())
    assert run("--date", "2022-07-05", "issue", "22_112", "-m", "Extrait").exit_code == 0
    result = run("--date", "2022-07-05", "sign", "22_112", "--file", str(loop))
    assert (result.exit_code, result.stderr) == (1, (
        "Erreur : boucle.pdf est un PDF abîmé : un champ de formulaire se contient lui-même "
        "(structure circulaire).\n"))
    shutil.copytree(REPO / "pieces", workspace / "pieces")
    piece = workspace / "pieces/convention-pilotage-ctg.pdf"
    piece.write_bytes(field_listing_itself())
    record = workspace / "records/deliberations/22_112.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "approuve: [plan-action]\n", "  - {titre: Convention de pilotage de la CTG, "
        "fichier: pieces/convention-pilotage-ctg.pdf}\n"), encoding="utf-8")
    record.write_text(record.read_text(encoding="utf-8").split("\ntransmission:")[0] + "\n",
                      encoding="utf-8")  # not transmitted yet
    result = run("--date", "2022-07-06", "pack", "22_112", "--draft")
    assert result.stderr == (
        "Erreur : pieces/convention-pilotage-ctg.pdf est un PDF abîmé : un champ de "
        "formulaire se contient lui-même (structure circulaire).\n")


def test_limits_name_the_setting_that_raises_them() -> None:
    three = blank_pdf(3)
    assert message(three, limites=Limites(pdf_pages=2)) == (
        "acte.pdf (3 pages) dépasse la limite (pdf_pages = 2) ; si ce fichier est normal, "
        "relevez-la dans ctgdocs.toml, section [limites], par exemple « pdf_pages = 20 »")
    assert message(three, limites=Limites(pdf_objets=3)) == (
        "acte.pdf (6 objets PDF) dépasse la limite (pdf_objets = 3) ; si ce fichier est "
        "normal, relevez-la dans ctgdocs.toml, section [limites], par exemple "
        "« pdf_objets = 30 »")
    assert message(three, limites=Limites(fichier_octets=100)).startswith(
        "acte.pdf : fichier trop volumineux (")


def test_special_and_huge_files_are_refused(run: Run, workspace: Path,
                                            tmp_path: Path) -> None:
    assert run("--date", "2022-07-05", "issue", "22_112", "-m", "Extrait").exit_code == 0
    result = run("--date", "2022-07-05", "sign", "22_112", "--file", "/dev/zero")
    assert (result.exit_code, result.stderr) == (1, (
        "Erreur : /dev/zero : c'est un périphérique, pas un fichier ordinaire ; indiquez un "
        "fichier enregistré sur le disque\n"))
    fifo = tmp_path / "tube.pdf"
    os.mkfifo(fifo)
    assert f"{fifo} : c'est un tube (FIFO), pas un fichier ordinaire" in run(
        "--date", "2022-07-05", "sign", "22_112", "--file", str(fifo)).stderr
    huge = tmp_path / "enorme.pdf"
    with huge.open("wb") as handle:  # sparse: 201 Mo announced, nothing read
        handle.write(blank_pdf())
        handle.truncate(201_000_000)
    assert run("--date", "2022-07-05", "sign", "22_112", "--file", str(huge)).stderr == (
        f"Erreur : {huge} : fichier trop volumineux (201,0 Mo, limite 200,0 Mo) ; si ce "
        "fichier est normal, relevez la limite dans ctgdocs.toml ([limites] fichier_octets "
        "= …)\n")
    (workspace / "ctgdocs.toml").write_text("[limites]\nfichier_octets = 300_000_000\n",
                                            encoding="utf-8")
    assert read_pdf(huge, Workspace(workspace).settings.limites)[:5] == b"%PDF-"
    assert not (workspace / "conventions/journal/000002.json").exists()


@pytest.mark.parametrize(("data", "said"), [
    (b"", "acte.pdf n'est pas un fichier PDF : le fichier est vide."),
    (b"\x89PNG\r\n\x1a\n", "acte.pdf n'est pas un fichier PDF (c'est une image : "
                           "enregistrez-la en PDF)."),
    (b"Bonjour", "acte.pdf n'est pas un fichier PDF : il ne commence pas par l'en-tête "
                 "%PDF-."),
    (b"%PDF-1.7\n%%EOF\n", "acte.pdf est un PDF illisible ou abîmé ("),
])
def test_non_pdf_is_refused_clearly(data: bytes, said: str) -> None:
    assert message(data).startswith(said)
