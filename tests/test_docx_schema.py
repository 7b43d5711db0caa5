"""Every generated .docx against the ECMA-376 transitional schemas (tests/schemas/).

Word's own extensions (w14, w15…) are not in those schemas; each part first goes through
Markup Compatibility processing as a consumer that understands only ECMA-376 does it
(ECMA-376 Part 3): elements and attributes of the namespaces a part declares ignorable are
dropped, and an mc:AlternateContent keeps its mc:Fallback. The Word-rules checker
(ctgdocs.docxcheck) always runs; this test adds the full schemas where they are present.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from .conftest import REPO

SCHEMAS = REPO / "tests/schemas/ecma-376-transitional"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# The schema that defines each part's root element, by the root's namespace.
ROOTS = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "wml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties":
        "opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml":
        "shared-customXmlDataProperties.xsd",
}
# Imported first with a local copy: the schemas name these by URL, and tests run offline.
LOCAL_FIRST = {
    "http://www.w3.org/XML/1998/namespace": "xml.xsd",
    "http://purl.org/dc/elements/1.1/": "dc.xsd",
    "http://purl.org/dc/terms/": "dcterms.xsd",
    "http://purl.org/dc/dcmitype/": "dcmitype.xsd",
}


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    if not (SCHEMAS / "wml.xsd").is_file():
        pytest.skip(f"schémas ECMA-376 absents de {SCHEMAS} : validation par schéma non faite "
                    "(le contrôle des règles de Word, lui, a lieu)")
    return {namespace: _load(name) for namespace, name in ROOTS.items()}


def _load(name: str) -> Any:
    imports = [*LOCAL_FIRST.items(), (_target(name), name)]
    wrapper = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
               + "".join(f'<xs:import namespace="{ns}" schemaLocation="{location}"/>'
                         for ns, location in imports)
               + "</xs:schema>")
    document = etree.fromstring(wrapper.encode(), base_url=(SCHEMAS / "wrapper.xsd").as_uri())
    return etree.XMLSchema(document)


def _target(name: str) -> str:
    return str(etree.parse(str(SCHEMAS / name)).getroot().get("targetNamespace"))


def compatibility(root: Any) -> Any:
    """Markup Compatibility processing for a consumer that knows no extension namespace."""
    ignorable: set[str] = set()
    for element in root.iter():
        prefixes = element.get(f"{{{MC}}}Ignorable")
        if prefixes:
            ignorable |= {element.nsmap[p] for p in prefixes.split() if p in element.nsmap}
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alternate.find(f"{{{MC}}}Fallback")
        parent = alternate.getparent()
        index = parent.index(alternate)
        for offset, child in enumerate([] if fallback is None else list(fallback)):
            parent.insert(index + offset, child)
        parent.remove(alternate)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in ignorable:
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            if etree.QName(attribute).namespace in ignorable | {MC}:
                del element.attrib[attribute]
    return root


def schema_errors(path: Path, schemas: dict[str, Any]) -> list[str]:
    errors = []
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if not part.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(archive.read(part))
            schema = schemas.get(etree.QName(root).namespace or "")
            if schema is None:
                continue  # a custom XML data part: free content
            if not schema.validate(compatibility(root)):
                errors += [f"{part}:{e.line}: {e.message}" for e in schema.error_log][:3]
    return errors


def test_every_generated_document_follows_the_schemas(
        generated: list[Path], schemas: dict[str, Any]) -> None:
    for path in generated:
        assert schema_errors(path, schemas) == [], path.name


def test_schemas_miss_the_empty_cell_that_word_refuses(tmp_path: Path,
                                                       schemas: dict[str, Any]) -> None:
    """The schemas refuse a table without grid, but accept a cell without paragraph
    (EG_BlockLevelElts can match nothing), which Word refuses: hence ctgdocs.docxcheck."""
    from docx import Document

    from ctgdocs.docxcheck import problems

    document = Document()
    table = document.add_table(rows=1, cols=1)
    cell = table.cell(0, 0)
    cell._tc.remove(cell.paragraphs[0]._p)
    path = tmp_path / "cellule-vide.docx"
    document.save(str(path))
    assert [e for e in schema_errors(path, schemas) if e.startswith("word/document.xml")] == []
    assert problems(path.read_bytes()) == [
        "word/document.xml : tableau 1, ligne 1, cellule 1 : la cellule ne contient aucun "
        "paragraphe"]
    table._tbl.remove(table._tbl.tblGrid)
    document.save(str(path))
    errors = [e for e in schema_errors(path, schemas) if e.startswith("word/document.xml")]
    assert len(errors) == 1 and "}tr': This element is not expected. Expected is" in errors[0]
