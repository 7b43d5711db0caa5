"""The naive baseline's worker: one process renders one document with plain docxtpl.

Usage: python bench/naive_render.py TEMPLATE CONTEXT.pickle OUT.docx
This is what a hand-written script does for each document: open the template, render it
(autoescape on), save. The context is the one ctgdocs computed, so both do the same work.
"""

from __future__ import annotations

import pickle
import sys

from docxtpl import DocxTemplate


def main(template: str, context: str, out: str) -> None:
    with open(context, "rb") as handle:
        data = pickle.load(handle)
    document = DocxTemplate(template)
    document.render(data, autoescape=True)
    document.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
