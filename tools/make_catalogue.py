"""Compile the French catalogue of the command line (run: python tools/make_catalogue.py).

ctgdocs/locale/fr/LC_MESSAGES/ctgdocs.po is the reviewed text; ctgdocs.mo beside it is what
gettext reads at run time, committed so that every kind of install carries it.
tests/test_cli_french.py checks that the .mo matches the .po and that the .po translates
every message of the installed click.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "ctgdocs/locale/fr/LC_MESSAGES/ctgdocs.po"
MO = PO.with_suffix(".mo")

# Messages click passes to gettext through a variable, which extraction cannot see.
DYNAMIC_MESSAGES = {"required"}


def catalogue() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file, locale="fr")


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def click_messages() -> set[str]:
    """Every message id (the singular of a plural) the installed click translates."""
    import click

    found = set(DYNAMIC_MESSAGES)
    for source in sorted(Path(click.__file__).parent.glob("*.py")):
        with source.open("rb") as file:
            for _line, message, _comments, _context in extract("python", file):
                found.add(message[0] if isinstance(message, tuple) else message)
    return found


def main() -> None:
    MO.write_bytes(compiled(catalogue()))
    print(f"{MO.relative_to(ROOT)} écrit.")


if __name__ == "__main__":
    main()
