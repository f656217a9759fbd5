"""Checking a Cypher script with the openCypher grammar (ANTLR) and by running it in an embedded engine.

The grammar (``antlr4-cypher``, generated from the ANTLR grammars-v4 openCypher grammar)
parses one statement at a time and has no schema commands, so ``CREATE CONSTRAINT``
lines are matched against Neo4j 5's syntax separately. ``kglite`` is an embedded
openCypher engine: running the script there shows the statements do what they say
(``MATCH`` finds both ends, ``MERGE`` creates each node once, literals decode to the values).
"""

from __future__ import annotations

import re

from antlr4 import CommonTokenStream, InputStream
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.ErrorListener import ErrorListener
from antlr4_cypher import CypherLexer, CypherParser

CONSTRAINT = re.compile(
    r"^CREATE CONSTRAINT [a-z_][a-z0-9_]* IF NOT EXISTS FOR \(n:[A-Z][A-Za-z]*\) REQUIRE n\.id IS UNIQUE;$"
)


class CypherSyntaxError(ValueError):
    pass


class _Raise(ErrorListener):  # type: ignore[misc]
    def syntaxError(self, recognizer, symbol, line, column, message, error):  # type: ignore[no-untyped-def]
        raise CypherSyntaxError(f"{line}:{column}: {message}")


def parse_statement(statement: str) -> None:
    """Parse one statement with the openCypher grammar; ``CypherSyntaxError`` at the first error.

    The quick SLL prediction first; a statement it cannot parse is parsed again with full
    LL prediction, whose verdict stands (the usual two-stage use of ANTLR).
    """
    try:
        _parse(statement, PredictionMode.SLL)
    except CypherSyntaxError:
        _parse(statement, PredictionMode.LL)


def _parse(statement: str, mode: PredictionMode) -> None:
    lexer = CypherLexer(InputStream(statement))
    lexer.removeErrorListeners()
    lexer.addErrorListener(_Raise())
    parser = CypherParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(_Raise())
    parser._interp.predictionMode = mode
    parser.script()


def script_statements(script: str) -> list[str]:
    """The statements of a script that writes one per line, after ``//`` comment lines."""
    return [line for line in script.splitlines() if line.strip() and not line.startswith("//")]


def check_script(script: str) -> list[str]:
    """Every statement, checked: constraints against Neo4j's syntax, the rest by the grammar."""
    statements = script_statements(script)
    for number, statement in enumerate(statements, 1):
        if statement.startswith("CREATE CONSTRAINT"):
            if not CONSTRAINT.match(statement):
                raise CypherSyntaxError(f"statement {number}: not a Neo4j 5 uniqueness constraint: {statement}")
            continue
        if not statement.endswith(";"):
            raise CypherSyntaxError(f"statement {number} does not end with ';'")
        try:
            parse_statement(statement)
        except CypherSyntaxError as exc:
            raise CypherSyntaxError(f"statement {number}: {exc}: {statement[:200]}") from None
    return statements


def run_script(script: str):  # type: ignore[no-untyped-def]
    """A kglite graph holding what the script builds."""
    import kglite

    graph = kglite.KnowledgeGraph()
    for statement in script_statements(script):
        graph.cypher(statement.removesuffix(";"))
    return graph
