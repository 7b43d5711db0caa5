"""LibreOffice profiles begun as a copy of a seed made once (officeprofile.py): kept in the
user's cache, made again when damaged, and LibreOffice converts on a profile laid from it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ctgdocs import officeprofile, pdf

from .conftest import REPO


def _kept(user_cache: Path) -> list[Path]:
    return sorted((user_cache / officeprofile.KIND).glob("*.zip"))


def test_the_seed_is_made_once_and_converts(soffice: str, user_cache: Path, tmp_path: Path) -> None:
    seed = officeprofile.seed(soffice, tmp_path / "first")
    assert seed is not None
    [kept] = _kept(user_cache)
    assert not (tmp_path / "first" / "graine").exists()  # made, zipped, removed
    assert officeprofile.seed(soffice, tmp_path / "second") == seed  # taken back
    assert not (tmp_path / "second").exists()

    profile = tmp_path / "profile"
    officeprofile.lay(seed, profile)
    assert (profile / "user" / "registrymodifications.xcu").is_file()
    source = tmp_path / "annexe2.docx"  # a template is a document too
    source.write_bytes((REPO / "templates" / "annexe2.docx").read_bytes())
    stopped, hung = pdf.run_batch(soffice, profile, tmp_path / "out", [source], 60)
    assert (stopped, hung) == (None, False)
    assert pdf.complete(tmp_path / "out" / "annexe2.pdf")

    kept.write_bytes(b"not a zip")
    again = officeprofile.seed(soffice, tmp_path / "third")
    assert again is not None and zipfile.is_zipfile(kept)


def test_no_seed_leaves_the_profile_to_libreoffice(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    officeprofile.lay(None, profile)
    officeprofile.lay(b"damaged", profile)
    assert not profile.exists()


def test_libreoffice_that_cannot_make_one_gives_none(user_cache: Path, tmp_path: Path) -> None:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    script.chmod(0o755)
    assert officeprofile.seed(str(script), tmp_path / "work") is None
    assert _kept(user_cache) == []

