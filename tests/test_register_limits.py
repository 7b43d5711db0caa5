"""What the register renders (show --regenerer, avenant drafting, the template check of the
avenant and the consolidated text) stays within the workspace's own limits ([limites] of
ctgdocs.toml), not the defaults."""

from __future__ import annotations

from pathlib import Path

from .conftest import Run, demonstration
from .test_avenants import SLP, SLP_FILE, signed_convention
from .test_check import edit
from .test_register import at

LIMIT = "rendu_iterations = 3"


def limited(workspace: Path) -> None:
    """The reference demonstration settings, with loops bounded far below what its
    documents need (hundreds of iterations)."""
    demonstration(workspace)
    settings = workspace / "ctgdocs.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\n[limites]\n{LIMIT}\n",
                        encoding="utf-8")


def test_show_regenerer_renders_within_the_workspace_limits(run: Run, workspace: Path) -> None:
    assert at(run, "2022-06-20", "issue", "annexe2", "-m", "Annexe")[0] == 0
    assert at(run, "2022-06-20", "show", "annexe2", "--regenerer", "--no-pdf", "--out",
              str(workspace / "out"))[0] == 0
    limited(workspace)
    code, text = at(run, "2022-06-20", "show", "annexe2", "--regenerer", "--no-pdf", "--out",
                    str(workspace / "out"))
    assert code == 1
    assert "annexe2 v1 : le rendu échoue avec les mêmes versions" in text
    assert f"({LIMIT})" in text and "relevez-la dans ctgdocs.toml" in text


def test_avenant_drafting_renders_within_the_workspace_limits(run: Run, workspace: Path,
                                                             tmp_path: Path) -> None:
    demonstration(workspace)
    signed_convention(run, workspace, tmp_path)
    edit(workspace, SLP_FILE, "{annee: 2023, montant: 9500}", "{annee: 2023, montant: 9900}")
    limited(workspace)
    code, text = at(run, "2023-02-01", "avenant", SLP, "-m", "Montant 2023", "--deliberation",
                    "2023_015", "--deliberation-du", "2023-01-26", "--no-pdf", "--out",
                    str(tmp_path / "out"))
    assert code == 1 and text.startswith("Erreur : ")
    assert f"({LIMIT})" in text
    assert not (tmp_path / "out" / f"avenant-{SLP}-1-v1.docx").exists()
    assert len(list((workspace / "conventions/journal").glob("*.json"))) == 3


def test_samples_of_avenant_and_consolidation_render_within_the_limits(workspace: Path) -> None:
    """`templates check` drafts a sample avenant and consolidated text from a convention
    rendered within the limits: beyond them, no sample (the convention's own check says
    why)."""
    import datetime as dt

    from ctgdocs.check import loaded_records
    from ctgdocs.register.consolidation import sample_jobs
    from ctgdocs.workspace import Workspace

    day = dt.date(2022, 6, 20)
    records = loaded_records(Workspace(workspace))
    assert [j.name for j in sample_jobs(Workspace(workspace), records, day)] == [
        "avenant-exemple", "consolidation-exemple"]
    limited(workspace)
    assert sample_jobs(Workspace(workspace), records, day) == []
