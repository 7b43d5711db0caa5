"""Build the default Word templates in templates/ (run: python tools/make_templates.py).

The .docx files are what staff edit; this script is how the defaults were made, kept so that
changes to the default wording are reviewed as text. tests/test_templates.py checks that the
committed templates match it. Every territory-specific word comes from the records: these
templates only hold generic French administrative wording and Jinja tags. Each document's
builder lives in tools/builders/, one module per document.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from builders import (  # noqa: E402
    annexe2,
    avenant,
    bordereau,
    convention,
    deliberation,
    plan_action,
    seance,
)

from ctgdocs.render import normalize_zip  # noqa: E402

BUILDERS = {
    "annexe2.docx": annexe2.annexe2,
    "convention.docx": convention.convention,
    "deliberation.docx": deliberation.deliberation,
    "seance-liste.docx": seance.seance_liste,
    "seance-pv.docx": seance.seance_pv,
    "plan-action.docx": plan_action.plan_action,
    "avenant.docx": avenant.avenant,
    "consolidation.docx": avenant.consolidation,
    "bordereau.docx": bordereau.bordereau,
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
