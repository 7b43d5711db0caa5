"""An avenant quotes the new article with its title in bold, even when the title's runs
turned bold off (the heading style made it bold)."""

from __future__ import annotations

from lxml import etree

from ctgdocs.register import blocks

from .conftest import W

NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_the_quoted_title_is_bold() -> None:
    heading = etree.fromstring(
        f'<w:p xmlns:w="{NS}"><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:rPr>'
        '<w:b w:val="0"/><w:i w:val="0"/></w:rPr><w:t>Article 5 – Montant</w:t></w:r></w:p>')
    body = [blocks.paragraph("Le montant est de 10 €.")]
    quoted = blocks.quote(heading, body)
    title = quoted[0]
    assert "".join(title.itertext()) == "« Article 5 – Montant"
    assert title.find(f"{W}pPr/{W}pStyle") is None
    assert title.find(f"{W}pPr/{W}keepNext") is not None
    for bold in title.findall(f"{W}r/{W}rPr/{W}b"):
        assert bold.get(f"{W}val") is None  # bold, not <w:b w:val="0"/>
    assert "".join(quoted[-1].itertext()).endswith(" »")
