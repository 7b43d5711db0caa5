"""Python's cycle collector during a command: off while it starts, on for its long work.

A command starts by making many objects that live until it ends (libraries, templates,
records) and little garbage, yet the collector walks them again and again: about a tenth of
a build of the reference workspace. The command line turns it off at start-up (``pause``);
work that grows with the number of documents (generate.py, pack.py) turns it back on
(``resume``), leaving what start-up made out of its walks (``gc.freeze``). Commands that
only read (check, status, verify, history: measured on 10,000 register entries) keep the
same memory without it. Code that never paused it (a library user,
the tests) is left as it is.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
