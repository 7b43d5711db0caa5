"""Open data in the national SCDL formats (socle commun des données locales): the
subsidies of the conventions (décret 2017-779) and the council's délibérations, as CSV
files checked against their published Table Schemas in the tests."""

from __future__ import annotations

from . import deliberations, subventions
from .table import NOT_FOR_PUBLICATION, Published, Table, publish

__all__ = ["NOT_FOR_PUBLICATION", "Published", "Table", "deliberations", "publish",
           "subventions"]
