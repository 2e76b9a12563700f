"""Accent-insensitive search for editors in the Wagtail admin.

A Wagtail search backend: the database backend of whatever database the site
runs on (SQLite FTS5, PostgreSQL, MySQL), with every indexed value and every
query passed through `analysis.fold` first. Editors typing "chi thi 29",
"hoà giải" or "Đống Đa" find what residents find. SQLite's own folding misses
"đ" and letters with two marks (ệ, ồ); folded text has none left to miss.

Marks mean what they say, as on the portal: every accented word is indexed
once more with its diacritics spelt in ASCII (`analysis.marked_key`: "sổ" as
"so63", "số" as "so61"), and a query word typed with diacritics is looked up
in that spelling, so "sổ đỏ" never finds "số độ" while "so do" finds both.
Both tone placements give one spelling (hòa = hoà).

Document symbols are indexed once more as one word ("29-CT/TU" also as
"29cttu", `analysis.symbol_words`) and a query's symbol in any spelling
("29 CT TU", "29-ct/tu") becomes that word (`analysis.database_query`), so a
number is found the same way whatever each database's tokenizer does with
"-" and "/".

    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.admin_backend", "SEARCH_CONFIG": "simple"}
    }

then `python manage.py wagtail_update_index` once to fold the existing index.
"""

from __future__ import annotations

import copy
from functools import cache, lru_cache

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.index import RelatedFields
from modelsearch.query import MATCH_NONE, PlainText

from . import analysis


@lru_cache(maxsize=1024)
def fold_text(text: str) -> str:
    """One string as the index holds it: folded, plus its symbols' compact
    keys, the other spelling of its words with a final i/y
    (`analysis.other_spellings`: "ky" beside "ki") and its accented words'
    `analysis.marked_words`. Normalised once for all four. Remembered: the
    indexer asks for a field once for the title, the autocomplete and the
    body columns each."""
    normalized = analysis.normalize(text)
    folded = analysis.strip_marks(normalized)
    extra = [
        analysis.symbol_words(text),
        *analysis.other_spellings(folded, folded=True),
        *analysis.marked_words(normalized, normalized=True),
    ]
    return " ".join([folded, *filter(None, extra)])


def fold_value(value):
    """Fold every string inside `value` (str, list, dict), keep the shape
    (`fold_text`)."""
    if isinstance(value, str):
        return fold_text(value)
    if isinstance(value, list | tuple):
        return [fold_value(item) for item in value]
    if isinstance(value, dict):
        return {key: fold_value(item) for key, item in value.items()}
    return value


@cache
def _folding_class(field_class):
    def get_value(self, obj):
        return fold_value(super(cls, self).get_value(obj))

    cls = type(f"Folding{field_class.__name__}", (field_class,), {})
    cls.get_value = get_value
    return cls


def folding_fields(fields):
    """Copies of a model's search fields whose values come out folded."""
    folded = []
    for field in fields:
        field = copy.copy(field)
        if isinstance(field, RelatedFields):
            field.fields = folding_fields(field.fields)
        else:
            field.__class__ = _folding_class(type(field))
        folded.append(field)
    return folded


@cache
def _folded_search_fields(model):
    return folding_fields(model.get_search_fields())


class FoldingIndexMixin:
    def add_items(self, model, objs):
        objs = list(objs)
        for obj in objs:
            # The indexer asks each object for its fields: answer, for this
            # call only, with folding copies of its own class's fields.
            fields = _folded_search_fields(type(obj))
            obj.get_search_fields = lambda fields=fields: fields
        try:
            return super().add_items(model, objs)
        finally:
            for obj in objs:
                obj.__dict__.pop("get_search_fields", None)


def fold_query(query):
    """The query as the folded index reads it; a query of punctuation alone
    ("???", "—") matches nothing rather than breaking the database query."""
    if isinstance(query, str | PlainText):
        text = query if isinstance(query, str) else query.query_string
        folded = analysis.database_query(text)
        if not folded:
            return MATCH_NONE
        if isinstance(query, str):
            return folded
        return PlainText(folded, operator=query.operator)
    return query


class FoldingBackendMixin:
    def search(self, query, *args, **kwargs):
        return super().search(fold_query(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(fold_query(query), *args, **kwargs)


@cache
def _folding_backend_class(backend_class):
    index_class = type(
        f"Folding{backend_class.index_class.__name__}",
        (FoldingIndexMixin, backend_class.index_class),
        {},
    )
    return type(
        f"Folding{backend_class.__name__}",
        (FoldingBackendMixin, backend_class),
        {"index_class": index_class},
    )


def SearchBackend(params):  # noqa: N802 -- the name Wagtail looks up
    """The site database's search backend, folding text both ways; on
    PostgreSQL with the "simple" text-search configuration unless another
    is given (the default English one drops folded Vietnamese words)."""
    params = {"SEARCH_CONFIG": "simple", **params}
    backend = database_backend(params)
    return _folding_backend_class(type(backend))(params)
