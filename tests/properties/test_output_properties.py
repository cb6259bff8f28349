"""Properties of the writers: JSON (property 1) and BibTeX (property 6) on generated model objects."""

from __future__ import annotations

import json
from functools import cache

import bibtexparser
import jsonschema
from hypothesis import given
from hypothesis import strategies as st

import wikifeedkit as wfk
from tests.latex_decoding import decode
from tests.properties.strategies import citations, field_text, people, xml_text


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(wfk.json_schema())


_MODEL_OBJECTS = st.one_of(
    citations(),
    st.builds(wfk.Category, field_text(), st.none() | field_text()),
    st.builds(wfk.WikiLink, field_text(), xml_text(max_size=20), st.none() | field_text()),
    st.builds(
        wfk.Infobox,
        field_text(),
        field_text(),
        st.lists(st.tuples(field_text(max_size=10), xml_text(max_size=30)), max_size=5).map(tuple),
    ),
    st.builds(wfk.Section, field_text(), st.integers(1, 6), xml_text(max_size=60)),
    st.builds(wfk.Entry, xml_text(max_size=20), wikitext=st.none() | xml_text(max_size=80)),
)


@given(_MODEL_OBJECTS)
def test_property_1_json_round_trips_and_validates(value: object) -> None:
    text = wfk.to_json(value)
    _validator().validate(json.loads(text))
    assert wfk.from_json(text) == value


def _names(text: str) -> list[str]:
    return [decode(name.strip()) for name in text.split(" and ")] if text else []


@given(st.lists(citations(), min_size=1, max_size=6, unique_by=lambda c: c.title))
def test_property_6_bibtex_gives_every_value_back(generated: list[wfk.Citation]) -> None:
    bib = wfk.to_bibtex(generated)
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys))
    by_title = {decode(entry.fields_dict["title"].value): entry for entry in library.entries}
    dois = [c.doi.lower() for c in generated if c.doi]
    for citation in generated:
        assert citation.title is not None
        if citation.doi and dois.count(citation.doi.lower()) > 1:
            continue  # the same DOI is the same work: one entry, written from the fullest citation
        entry = by_title[citation.title]
        fields = {name: field.value for name, field in entry.fields_dict.items()}
        if citation.url:
            assert fields["url"] == citation.url
        if citation.doi:
            assert fields["doi"] == citation.doi
        if citation.isbn and "isbn" in fields:
            assert decode(fields["isbn"]) == citation.isbn
        if citation.work and entry.entry_type == "article":
            assert decode(fields["journal"]) == citation.work
        if citation.work and entry.entry_type == "misc":
            assert decode(fields["howpublished"]) == citation.work
        if citation.authors:
            expected = [f"{p.last}, {p.first}" for p in citation.authors]
            assert _names(fields["author"]) == expected


@given(people(max_size=3))
def test_property_6_people_survive(persons: tuple[wfk.Person, ...]) -> None:
    citation = wfk.Citation(
        raw="", template="cite book", kind="book", parameters=(("title", "T"),), authors=persons
    )
    (entry,) = bibtexparser.parse_string(wfk.to_bibtex(citation)).entries
    if persons:
        assert _names(entry.fields_dict["author"].value) == [f"{p.last}, {p.first}" for p in persons]
