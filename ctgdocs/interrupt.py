"""Ending cleanly when stopped: SIGTERM, SIGHUP and Ctrl-C raise an exception in the main
thread, so the ``finally`` blocks that stop LibreOffice and remove temporary folders run.
(A SIGKILL cannot be caught: what it leaves is cleaned by the next run.)"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType


@contextlib.contextmanager
def stopping(action: Callable[[], None] | None = None) -> Iterator[None]:
    """While the block runs, a stop signal runs ``action`` (if any), then raises
    KeyboardInterrupt (Ctrl-C) or SystemExit(128 + signal number)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGTERM, signal.SIGINT]
    if hasattr(signal, "SIGHUP"):
        wanted.append(signal.SIGHUP)
    previous = {sig: signal.getsignal(sig) for sig in wanted}

    def stop(signum: int, frame: FrameType | None) -> None:
        if action is not None:
            action()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    for sig in wanted:
        signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
