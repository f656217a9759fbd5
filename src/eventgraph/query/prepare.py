"""Building a loaded snapshot's lookups before its first query, as part of loading it.

A snapshot holds its edges and fact columns as arrays, but the maps a query reads them
through (each relation keyed by node and its postings over fact numbers, the subject
domains, the word index, the speakers' codes) are made on first use. Made at load time,
they leave the first query nothing to build, and loading pays once what every first
query would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventgraph.collection import paused_collection
from eventgraph.query.about import claim_postings, resolve_about, word_index
from eventgraph.query.actors import roles
from eventgraph.query.context import Context, context
from eventgraph.query.groups import group_counts
from eventgraph.query.lexicon import lexicon
from eventgraph.query.met import name_ranks
from eventgraph.query.predicates import domain_for

if TYPE_CHECKING:
    from eventgraph.columns import FactColumns
    from eventgraph.graph import EventGraph

__all__ = ["LARGE", "prepare"]


LARGE = 10_000
"""Claims from which loading also makes each relation's postings over fact numbers, what a
query finds in words (each topic's claims, the word index's stems) and the orders of
speakers and names: below that, making them takes less time than a query, and a one-off
command would pay for what it never asks."""


def prepare(graph: EventGraph) -> EventGraph:
    """Build the lookups queries use on a graph read from a snapshot (others are left alone)."""
    if graph.packed is None:
        return graph
    with paused_collection():
        ctx = context(graph)  # the index and the context make the relations they read through
        for subject in ("statements", "quotes", "meetings", "people", "organisations", "countries", "places", "actors"):
            domain_for(subject, ctx)
        claims = ctx.columns("claims")
        assert claims is not None
        if len(claims) >= LARGE:
            _words_and_orders(ctx, claims)
    return graph


_POSTINGS = (("claims", "said"), ("claims", "about"), ("claims", "by_document"), ("meetings", "participants"))
"""The relations whose keys a query's clauses start from, as sorted fact numbers per key."""


def _words_and_orders(ctx: Context, claims: FactColumns) -> None:
    for family, relation in _POSTINGS:
        ctx.fact_postings(family, relation)
    about = lexicon()
    for topic in ctx.topics():  # few, each a large share of the claims, and the most asked about
        claim_postings(ctx, resolve_about(ctx, topic.label, about))
    word_index(ctx).stems()
    roles(ctx.graph)
    name_ranks(ctx)
    group_counts(ctx, "speaker", claims, claims.undated[:0])
    for family in ("claims", "meetings"):
        columns = ctx.columns(family)
        assert columns is not None
        columns.periods("Y")
