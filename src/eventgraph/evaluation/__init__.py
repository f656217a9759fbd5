"""Evaluation: how well eventgraph extracts on a corpus, measured against a gold file.

A gold file (format ``eventgraph-gold/1``, checked against the JSON schema shipped here
as ``gold.schema.json``) records what a careful analyst extracts from the documents.
``evaluate`` scores the extraction against it layer by layer; ``check_gold`` checks a
gold file against its corpus; ``draft_gold`` writes a first gold file from the
extraction, for a person to correct.
"""

from eventgraph.errors import GoldError
from eventgraph.evaluation.check import check_gold
from eventgraph.evaluation.draft import draft_gold
from eventgraph.evaluation.gold import FORMAT, GoldProblem, GoldSet, load_gold, read_gold, schema
from eventgraph.evaluation.predictions import DocumentKeys, Predictions
from eventgraph.evaluation.report import FINDING_KINDS, LAYERS, Finding, LayerScore, QueryScore, Report
from eventgraph.evaluation.run import evaluate
from eventgraph.evaluation.scoring import score

__all__ = [
    "FINDING_KINDS",
    "FORMAT",
    "LAYERS",
    "DocumentKeys",
    "Finding",
    "GoldError",
    "GoldProblem",
    "GoldSet",
    "LayerScore",
    "Predictions",
    "QueryScore",
    "Report",
    "check_gold",
    "draft_gold",
    "evaluate",
    "load_gold",
    "read_gold",
    "schema",
    "score",
]
