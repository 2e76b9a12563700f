"""A `QueryPlan` compiled into Tantivy queries, on the embedded layout.

The ranking rules every engine follows (`engines.base`: per-word best field
with the shared boosts, every required word of a variant, then most, then
any, question words only ranking, the named symbol first) written for this
index: a word of several syllables is looked up as indexed pairs, adjacent
words as pairs across words, and counts and facets use a match-only query
(`rank=False`) with the same documents and none of the scoring.
"""

from __future__ import annotations

import time

import tantivy
from tantivy import Occur, Query

from ...plan import PAIR_JOINER, Params, QueryPlan, Word
from ..base import (
    EXACT_FACTOR,
    FIELD_BOOSTS,
    PHRASE_BOOSTS,
    SYMBOL_BOOST,
    TIE_BREAKER,
    filter_terms,
    words_needed,
)
from .schema import PAIR_FIELDS, pair_tokens

# A word of several syllables ("hộ gia đình") found whole weighs as much as
# its syllables would together.
WORD_PAIR_FACTOR = 2.0


class QueryCompiler:
    """The queries of one schema (the embedded index's)."""

    def __init__(self, schema: tantivy.Schema):
        self.schema = schema

    def term(self, field: str, value) -> Query:
        """Documents whose `field` holds `value` (one token, as indexed)."""
        return Query.term_query(self.schema, field, value)

    def filters(self, params: Params) -> list[Query]:
        """What every result must be (`base.filter_terms`), visible now."""
        visible = Query.range_query(
            self.schema,
            "expires",
            tantivy.FieldType.Integer,
            lower_bound=int(time.time()) + 1,
        )
        return [visible] + [self.term(f, v) for f, v in filter_terms(params)]

    def word_query(self, term) -> Query:
        """One query token for ranking: its best field wins, the others add a
        little. (Scoring every match this way is affordable; checking phrase
        positions in every match was not, hence the indexed pairs.)

        A precise token (`Term.exact_only`) is scored in the exact fields
        alone, which also makes it required there: "sổ" never finds a page
        that only has "số". Otherwise the folded fields score it, and typed
        with diacritics, an exact match weighs EXACT_FACTOR more."""
        exact = [
            Query.boost_query(
                self.term(f"{name}_exact", term.exact), boost * EXACT_FACTOR
            )
            for name, boost in FIELD_BOOSTS.items()
            if name != "number"
        ]
        if term.exact_only:
            return Query.disjunction_max_query(exact, tie_breaker=TIE_BREAKER)
        clauses = [
            Query.boost_query(self.term(f"{name}_folded", term.folded), boost)
            for name, boost in FIELD_BOOSTS.items()
            if name != "number"
        ]
        clauses.append(
            Query.boost_query(
                self.term("number", term.number_form), FIELD_BOOSTS["number"]
            )
        )
        if term.has_marks:
            clauses += exact
        return Query.disjunction_max_query(clauses, tie_breaker=TIE_BREAKER)

    def word_filter(self, term) -> Query:
        """The documents that have one query token: the same set as
        `_word_query` (every text token is in `all` and `all_exact`),
        without its cost."""
        if term.exact_only:
            return self.term("all_exact", term.key)
        return Query.boolean_query(
            [
                (Occur.Should, self.term("all", term.folded)),
                (Occur.Should, self.term("number", term.number_form)),
            ]
        )

    def word(self, word: Word, rank: bool) -> Query:
        """The documents that hold one query word; a word of several
        syllables only where they stand side by side (the pair fields),
        and ranked by how often and in which text they do, from the indexed
        pairs of each text (cheaper than scoring each syllable in every
        field, and a pair says more than its syllables)."""
        if len(word.terms) == 1:
            term = word.terms[0]
            return self.word_query(term) if rank else self.word_filter(term)
        field = "all_pairs_exact" if word.exact_only else "all_pairs"
        together = Query.boolean_query(
            [(Occur.Must, self.term(field, pair)) for pair in word.pairs]
        )
        if not rank:
            return together
        pairs = pair_tokens([term.folded for term in word.terms])
        places = [
            Query.boost_query(
                Query.boolean_query(
                    [(Occur.Should, self.term(field, pair)) for pair in pairs]
                ),
                FIELD_BOOSTS[name] * WORD_PAIR_FACTOR,
            )
            for field, name in PAIR_FIELDS.items()
        ]
        return Query.boolean_query(
            [
                (Occur.Must, Query.const_score_query(together, 0.0)),
                (
                    Occur.Should,
                    Query.disjunction_max_query(places, tie_breaker=TIE_BREAKER),
                ),
            ]
        )

    def phrase_queries(self, variant) -> list[Query]:
        """Adjacent query words side by side in a page: the pairs that join
        two words (inside a word the pair is the word's own score)."""
        queries = []
        for left, right in zip(variant.words, variant.words[1:], strict=False):
            first, second = left.terms[-1].folded, right.terms[0].folded
            for field, name in PAIR_FIELDS.items():
                pair = self.term(field, f"{first}{PAIR_JOINER}{second}")
                queries.append(Query.boost_query(pair, PHRASE_BOOSTS[name]))
        words = [term.folded for term in variant.terms]
        if len(words) > 2:
            whole = Query.phrase_query(self.schema, "title_folded", words)
            queries.append(Query.boost_query(whole, PHRASE_BOOSTS["title"] * 2))
        return queries

    def match_query(self, plan: QueryPlan, require: str, rank: bool) -> Query:
        """Documents with every required word of a variant ("all"), or with
        most of them, or with any; optional words only rank."""
        variants = []
        for variant in plan.variants:
            required = [self.word(word, rank) for word in variant.required]
            if require == "all":
                clauses = [(Occur.Must, q) for q in required]
            else:
                some = Query.boolean_query(
                    [(Occur.Should, q) for q in required],
                    minimum_number_should_match=words_needed(len(required), require),
                )
                clauses = [(Occur.Must, some)]
            if rank:
                # A question word of several syllables ("thủ tục") says what
                # a page is about; "của", "ở", "các" are on every page and
                # would only cost a scan of their postings.
                clauses += [
                    (Occur.Should, self.word(word, rank))
                    for word in variant.words
                    if word.optional and len(word.terms) > 1
                ]
            variants.append(
                clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)
            )
        if len(variants) == 1:
            return variants[0]
        return Query.boolean_query([(Occur.Should, q) for q in variants])

    def query(
        self, plan: QueryPlan, params: Params, require: str, rank: bool = True
    ) -> Query:
        """The query of a search; `rank=False` gives the same documents
        without the scoring (for counts and facets)."""
        clauses = [(Occur.Must, q) for q in self.filters(params)]
        if not plan:
            clauses.append((Occur.Must, Query.all_query()))
            return Query.boolean_query(clauses)
        clauses.append((Occur.Must, self.match_query(plan, require, rank)))
        if rank:
            clauses += [
                (Occur.Should, q) for q in self.phrase_queries(plan.variants[0])
            ]
            if plan.symbol:
                jump = Query.const_score_query(self.term("number", plan.symbol), 1.0)
                clauses.append((Occur.Should, Query.boost_query(jump, SYMBOL_BOOST)))
        return Query.boolean_query(clauses)

    def title_or_number(self, word: str) -> Query:
        """A word typed in full in a suggestion: in the title or the number."""
        return Query.boolean_query(
            [
                (Occur.Should, self.term("title_folded", word)),
                (Occur.Should, self.term("number", word)),
            ]
        )
