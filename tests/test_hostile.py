"""Hostile files in a workspace: every command ends with a French message and exit code 1,
quickly, with no traceback and nothing written."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from .conftest import Run, write
from .test_yamlfile import BILLION_LAUGHS

CONVENTION = "records/conventions/cff-2022-cccc-cspg.yaml"


def replace_document_xml(template: Path, document_xml: bytes) -> None:
    """The same .docx with another word/document.xml (compressed)."""
    with zipfile.ZipFile(template) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    parts["word/document.xml"] = document_xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    template.write_bytes(buffer.getvalue())


def zip_bomb(path: Path, inflated: int) -> None:
    """A .docx-named zip whose one part inflates to ``inflated`` bytes of zeros."""
    info = zipfile.ZipInfo("word/document.xml", (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(inflated >> 20):
                member.write(chunk)


def assert_refused(result_output: str, exit_code: int, *fragments: str) -> None:
    assert exit_code == 1, result_output
    assert "Traceback" not in result_output
    for fragment in fragments:
        assert fragment in result_output


def test_template_with_ten_million_empty_paragraphs(run: Run, workspace: Path,
                                                    tmp_path: Path) -> None:
    template = workspace / "templates" / "annexe2.docx"
    body = b"<w:p/>" * 10_000_000
    replace_document_xml(template, b'<?xml version="1.0"?><w:document xmlns:w="http://'
                         b'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                         + body + b"</w:body></w:document>")
    assert template.stat().st_size < 200_000
    started = time.perf_counter()
    result = run("annexe2", "--no-pdf", "--out", str(tmp_path / "out"))
    assert time.perf_counter() - started < 30
    assert_refused(result.output, result.exit_code, "templates/annexe2.docx : ",
                   "dépasse la limite (modele_octets = 50 000 000)")
    assert not (tmp_path / "out").exists()


def test_zip_bomb_template(run: Run, workspace: Path, tmp_path: Path) -> None:
    template = workspace / "templates" / "annexe2.docx"
    zip_bomb(template, 200 << 20)
    assert template.stat().st_size < 1_000_000
    started = time.perf_counter()
    result = run("annexe2", "--no-pdf", "--out", str(tmp_path / "out"))
    assert time.perf_counter() - started < 30
    assert_refused(result.output, result.exit_code, "templates/annexe2.docx : la taille "
                   "décompressée (209,7 Mo) dépasse la limite (modele_octets = 50 000 000)")


def test_compression_ratio_is_bounded(run: Run, workspace: Path, tmp_path: Path) -> None:
    write(workspace, "ctgdocs.toml", "[limites]\nmodele_octets = 500_000_000\n")
    zip_bomb(workspace / "templates" / "annexe2.docx", 60 << 20)
    result = run("annexe2", "--no-pdf", "--out", str(tmp_path / "out"))
    assert_refused(result.output, result.exit_code,
                   "le taux de compression de word/document.xml (",
                   "dépasse la limite (modele_taux = 200)")


@pytest.mark.parametrize(("jinja", "message"), [
    ("{% include 'x.docx' %}", "« {% include %} » n'est pas permis dans un modèle ctgdocs"),
    ("{{ 'a' * 10**9 }}", "la répétition demandée dépasse la limite (rendu_caracteres"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
     "le nombre de tours de boucle dépasse la limite (rendu_iterations"),
    ("{{ 9**(9**9) }}", "la puissance ** 387420489 dépasse la limite (rendu_nombre"),
    ("{% for x in range(10**9) %}{% endfor %}", "range() de 1000000000 nombres"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
     "l'imbrication des appels de macros dépasse la limite"),
    ("{{ ctg.debut.today() }}", "accès interdit « today »"),
])
def test_hostile_tag_in_a_workspace_template(run: Run, workspace: Path, tmp_path: Path,
                                             jinja: str, message: str) -> None:
    from docx import Document

    template = workspace / "templates" / "annexe2.docx"
    document = Document(str(template))
    document.add_paragraph(jinja)
    document.save(str(template))
    result = run("annexe2", "--no-pdf", "--out", str(tmp_path / "out"))
    assert_refused(result.output, result.exit_code, "Erreur : templates/annexe2.docx (corps du "
                   "document) : ", message)
    assert not (tmp_path / "out").exists()


def test_amount_beyond_a_thousand_billion(run: Run, workspace: Path, tmp_path: Path) -> None:
    path = workspace / CONVENTION
    text = path.read_text(encoding="utf-8")
    first = text.index("montant:") + len("montant:")
    end = text.index("}", first)
    path.write_text(text[:first] + " 1E+40" + text[end:], encoding="utf-8")
    result = run("check")
    assert_refused(result.output, result.exit_code,
                   "montant trop grand (1E+40) : 1 000 000 000 000 € au plus")
    result = run("build", "--no-pdf", "--out", str(tmp_path / "out"))
    assert_refused(result.output, result.exit_code, "montant trop grand (1E+40)")


def test_billion_laughs_record(run: Run, workspace: Path) -> None:
    write(workspace, "records/gestionnaires/bombe.yaml", BILLION_LAUGHS)
    started = time.perf_counter()
    result = run("check")
    assert time.perf_counter() - started < 20
    assert_refused(result.output, result.exit_code, "records/gestionnaires/bombe.yaml:",
                   "le nombre d'éléments (alias développés) dépasse la limite "
                   "(fiche_elements = 500 000)")


def test_oversized_record(run: Run, workspace: Path) -> None:
    write(workspace, "ctgdocs.toml", "[limites]\nfiche_octets = 1000\n")
    result = run("check")
    assert_refused(result.output, result.exit_code, "records/plan-action.yaml: fichier trop "
                   "volumineux (42 ko, limite 1 ko) ; si ce fichier est normal, relevez la "
                   "limite dans ctgdocs.toml ([limites] fiche_octets = …)")


def test_unknown_limit_is_named(run: Run, workspace: Path) -> None:
    write(workspace, "ctgdocs.toml", "[limites]\nfiche_octet = 1000\n")
    result = run("check")
    assert_refused(result.output, result.exit_code, "ctgdocs.toml : limites.fiche_octet : "
                   "champ inconnu")
