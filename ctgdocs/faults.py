"""Fault injection for the robustness tests: stop the process dead at a named write point.

With ``CTGDOCS_TEST_STOP_AT=POINT`` (or ``POINT:N``, its Nth passage) in the environment, the
process ends with ``os._exit(86)`` when it reaches that point: no ``finally``, no clean-up, no
flush, as abrupt as a power cut or a kill. Without the variable a point costs one lookup.

Points:
  objet    a register object (record snapshot, template, document, signed PDF) is written
           under its temporary name, not yet linked to its own
  entree   a journal entry is written under its temporary name, not yet linked to its number
  tete     the entry is in the journal, the head (tete.json) not yet moved to it
  fichier  a file (an output, the head) is written under its temporary name, not yet renamed
  piece    one more file of a pack is written in its hidden staging folder
  paquet   the previous pack is moved aside, the new one not yet in its place
"""

from __future__ import annotations

import os

VARIABLE = "CTGDOCS_TEST_STOP_AT"
EXIT_CODE = 86
POINTS = ("objet", "entree", "tete", "fichier", "piece", "paquet")
_passed: dict[str, int] = {}


def point(name: str) -> None:
    """Count a passage at write point ``name``; stop dead at the one the variable names."""
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    target, _, nth = wanted.partition(":")
    if target != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] == int(nth or 1):
        os._exit(EXIT_CODE)
