"""The register of issued documents (conventions/): versions, lifecycle, history."""

from .ledger import Document, Register, Version, executoire
from .store import RegisterError

__all__ = ["Document", "Register", "RegisterError", "Version", "executoire"]
