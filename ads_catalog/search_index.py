"""The prebuilt lunr index in a compact form, and lunr's form back from it.

lunr serializes, for every term, an object per field (empty ones too), and for every field of every
document a vector of ``[term index, score, …]``: at 1,000 modules the vectors are four fifths of the
gzipped file. Every score is computed from numbers the postings can carry (BM25 over term
frequencies, field lengths and document counts), so the compact form ships only the postings, with
each term's frequency, and the browser computes the vectors again when it loads the index
(``expandIndex`` in ``docs/assets/javascripts/recherche-fr.js``, the same arithmetic in the same
order as lunr's builder). :func:`expand_index` is its Python twin, for the tests.

The compact form: ``terms`` sorted (lunr's order; a term's vector index is its position),
``postings[term][field]`` the documents holding the term in that field as gaps between sorted refs,
each followed by ``-tf`` when the term occurs ``tf > 1`` times there; ``boosts`` the fields' boosts;
``documents`` the number of documents, whose refs are 0…n-1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.field_ref import FieldRef

K1, B = 1.2, 0.75
"""lunr's BM25 parameters (its builder's defaults, never changed here)."""


def add_analysed(builder: Builder, doc: dict[str, str], terms: Callable[[str], list[str]]) -> None:
    """What lunr's ``Builder.add(doc)`` does (no metadata is kept: the compact form has none), each
    field's text analysed by ``terms`` (a memo of the pipeline's output) instead of lunr's own
    tokenizer and pipeline on every build."""
    doc_ref = str(doc[builder._ref])
    builder._documents[doc_ref] = {}
    builder.document_count += 1
    for field_name in builder._fields:
        field_terms: dict[str, int] = defaultdict(int)
        field_ref = str(FieldRef(doc_ref, field_name))
        found = terms(doc[field_name])
        builder.field_term_frequencies[field_ref] = field_terms
        builder.field_lengths[field_ref] = len(found)
        for term in found:
            field_terms[term] += 1
            posting = builder.inverted_index.get(term)
            if posting is None:
                posting = {name: {} for name in builder._fields}
                posting["_index"] = builder.term_index
                builder.term_index += 1
                builder.inverted_index[term] = posting
            if doc_ref not in posting[field_name]:
                posting[field_name][doc_ref] = defaultdict(list)


def compact_index(builder: Builder) -> dict[str, object]:
    """The compact form of what ``builder`` (built, refs 0…n-1) indexed."""
    fields = list(builder._fields)
    postings = []
    for term in sorted(builder.inverted_index):
        posting = builder.inverted_index[term]
        per_field = []
        for field in fields:
            previous, encoded = 0, []
            for ref in sorted(int(r) for r in posting[field]):
                encoded.append(ref - previous)
                previous = ref
                tf = builder.field_term_frequencies[f"{field}/{ref}"][term]
                if tf > 1:
                    encoded.append(-tf)
            per_field.append(encoded)
        postings.append(per_field)
    return {
        "version": __TARGET_JS_VERSION__,
        "fields": fields,
        "boosts": [builder._fields[f].boost for f in fields],
        "pipeline": builder.search_pipeline.serialize(),
        "documents": builder.document_count,
        "terms": sorted(builder.inverted_index),
        "postings": postings,
    }


def _decoded(encoded: list[int]) -> list[tuple[int, int]]:
    """``[3, -2, 5]`` → ``[(3, 2), (8, 1)]``: (ref, term frequency)."""
    found: list[tuple[int, int]] = []
    ref = 0
    for number in encoded:
        if number < 0:
            found[-1] = (ref, -number)
        else:
            ref += number
            found.append((ref, 1))
    return found


def expand_index(compact: dict) -> dict[str, object]:
    """lunr's serialized index from the compact form (vectors recomputed as lunr's builder does)."""
    fields, count = compact["fields"], compact["documents"]
    inverted, lengths = [], [[0] * count for _ in fields]
    frequencies: list[list[list[tuple[int, int]]]] = [[[] for _ in range(count)] for _ in fields]
    idf = []
    for i, (term, per_field) in enumerate(zip(compact["terms"], compact["postings"], strict=True)):
        entry: dict[str, object] = {"_index": i}
        with_term = 0
        for f, encoded in enumerate(per_field):
            pairs = _decoded(encoded)
            entry[fields[f]] = {str(ref): {} for ref, _tf in pairs}
            with_term += len(pairs)
            for ref, tf in pairs:
                lengths[f][ref] += tf
                frequencies[f][ref].append((i, tf))
        inverted.append([term, entry])
        x = (count - with_term + 0.5) / (with_term + 0.5)
        idf.append(math.log(1 + abs(x)))
    vectors = []
    averages = [sum(lengths[f]) / count for f in range(len(fields))]
    for ref in range(count):
        for f, field in enumerate(fields):
            average = averages[f]
            vector: list[float] = []
            for i, tf in frequencies[f][ref]:
                score = idf[i] * ((K1 + 1) * tf) / (K1 * (1 - B + B * (lengths[f][ref] / average)) + tf)
                vector += [i, round(score * compact["boosts"][f], 3)]
            vectors.append([f"{field}/{ref}", vector])
    return {
        "version": compact["version"],
        "fields": fields,
        "fieldVectors": vectors,
        "invertedIndex": inverted,
        "pipeline": compact["pipeline"],
    }
