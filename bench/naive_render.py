"""The naive baseline's worker: one process renders one document with plain docxtpl.

Usage: python bench/naive_render.py TEMPLATE CONTEXT.pickle OUT.docx
This is what a hand-written script does for each document: open the template, render it
(autoescape on), save. The context is the one ctgdocs computed, so both do the same work.
"""

from __future__ import annotations

import pickle
import sys

import jinja2
from docxtpl import DocxTemplate

from ctgdocs.fr import FILTERS


def main(template: str, context: str, out: str) -> None:
    with open(context, "rb") as handle:
        data = pickle.load(handle)
    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)  # the templates' French filters, as any script would add
    document = DocxTemplate(template)
    document.render(data, jinja_env=env, autoescape=True)
    document.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
