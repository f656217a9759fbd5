"""A strict reader of ``neo4j-admin database import`` input, standing in for a Neo4j server.

No Neo4j can run on the test machines (neither Debian nor PyPI ships the server), so the
tests read an export the way the importer does and refuse whatever it would refuse:
the command line (``neo4j-admin database import full DB --nodes=... --relationships=...``
with its options), each file's header (``name:type`` fields, ``:ID``, ``:LABEL``,
``:START_ID``, ``:END_ID``, ``:TYPE``, ``:IGNORE``, id spaces in parentheses, the
property types the importer knows, ``[]`` arrays), then every row: as many fields as the
header, values of their type (32-bit ``int``, ISO ``date``...), arrays split at the
``--array-delimiter``, line breaks inside fields only with ``--multiline-fields=true``,
unique node ids, relationships whose ends exist. Follows the Neo4j 5 operations manual,
"Import" and "CSV header format".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shlex
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

TYPES = {
    "int",
    "long",
    "float",
    "double",
    "boolean",
    "byte",
    "short",
    "char",
    "string",
    "point",
    "date",
    "localtime",
    "time",
    "localdatetime",
    "datetime",
    "duration",
}
_FIELD = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+)(?P<space>\([^()]*\))?(?P<array>\[\])?)?$")
_PROPERTY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KNOWN_OPTIONS = {
    "--nodes",
    "--relationships",
    "--array-delimiter",
    "--delimiter",
    "--quote",
    "--multiline-fields",
    "--overwrite-destination",
    "--id-type",
    "--skip-bad-relationships",
    "--skip-duplicate-nodes",
}
_INT_RANGES = {"byte": 8, "short": 16, "int": 32, "long": 64}


class ImportRefused(ValueError):
    """What neo4j-admin would report, with the file and line."""


@attrs.frozen
class Column:
    name: str
    role: str  # "property", "ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"
    type: str = "string"
    array: bool = False
    space: str = ""


@attrs.define
class Database:
    nodes: dict[str, tuple[frozenset[str], dict[str, Any]]] = attrs.Factory(dict)
    relationships: list[tuple[str, str, str, dict[str, Any]]] = attrs.Factory(list)

    def labels(self) -> Counter[str]:
        return Counter(label for labels, _ in self.nodes.values() for label in labels)

    def types(self) -> Counter[str]:
        return Counter(kind for _, _, kind, _ in self.relationships)


@attrs.frozen
class Command:
    database: str
    nodes: tuple[str, ...]
    relationships: tuple[str, ...]
    array_delimiter: str = ";"
    multiline: bool = False


def parse_command(text: str) -> Command:
    """The ``neo4j-admin database import full`` command, strictly: known options only."""
    words = shlex.split(text.replace("\\\n", " "))
    if words[:4] != ["neo4j-admin", "database", "import", "full"]:
        raise ImportRefused(f"not a neo4j-admin full import: {' '.join(words[:4])}")
    database = ""
    nodes: list[str] = []
    relationships: list[str] = []
    options: dict[str, str] = {}
    for word in words[4:]:
        if not word.startswith("--"):
            if database:
                raise ImportRefused(f"a second database name: {word}")
            database = word
            continue
        name, _, value = word.partition("=")
        if name not in _KNOWN_OPTIONS:
            raise ImportRefused(f"unknown option {name}")
        if name == "--nodes":
            nodes.append(value.rpartition("=")[2])
        elif name == "--relationships":
            relationships.append(value.rpartition("=")[2])
        else:
            options[name] = value
    delimiter = options.get("--array-delimiter", ";")
    if len(delimiter) != 1 or delimiter in ',"':
        raise ImportRefused(f"bad array delimiter {delimiter!r}")
    if options.get("--multiline-fields", "false") not in ("true", "false"):
        raise ImportRefused("--multiline-fields takes true or false")
    return Command(
        database or "neo4j",
        tuple(nodes),
        tuple(relationships),
        delimiter,
        options.get("--multiline-fields") == "true",
    )


def parse_header(fields: list[str], where: str) -> list[Column]:
    """A header row's columns; ``ImportRefused`` for a field the importer does not know."""
    columns = []
    for field in fields:
        match = _FIELD.match(field)
        if not match:
            raise ImportRefused(f"{where}: bad header field {field!r}")
        name, kind, space, array = match["name"], match["type"], match["space"] or "", bool(match["array"])
        if kind in ("ID", "START_ID", "END_ID"):
            if array:
                raise ImportRefused(f"{where}: {field!r}: an id cannot be an array")
            columns.append(Column(name, kind, "string", False, space.strip("()")))
        elif kind in ("LABEL", "TYPE", "IGNORE"):
            if space or array:
                raise ImportRefused(f"{where}: {field!r}: {kind} takes no id space or []")
            columns.append(Column(name, kind))
        else:
            if not _PROPERTY_NAME.match(name):
                raise ImportRefused(f"{where}: bad property name {name!r}")
            if kind is not None and kind not in TYPES:
                raise ImportRefused(f"{where}: unknown type {kind!r} in {field!r}")
            if space:
                raise ImportRefused(f"{where}: {field!r}: only ids take an id space")
            columns.append(Column(name, "property", kind or "string", array))
    names = [c.name for c in columns if c.role in ("property", "ID") and c.name]
    if len(names) != len(set(names)):
        raise ImportRefused(f"{where}: a property appears twice: {sorted(names)}")
    return columns


def _value(text: str, kind: str, where: str) -> Any:
    try:
        if kind in _INT_RANGES:
            if not re.fullmatch(r"[+-]?\d+", text):
                raise ValueError(text)
            number = int(text)
            bits = _INT_RANGES[kind]
            if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
                raise ValueError(f"{number} does not fit in {kind}")
            return number
        if kind in ("float", "double"):
            return float(text)
        if kind == "boolean":
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            return text.lower() == "true"
        if kind == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        if kind in ("string", "char"):
            return text
    except ValueError as exc:
        raise ImportRefused(f"{where}: {text!r} is not a {kind} ({exc})") from None
    raise ImportRefused(f"{where}: values of type {kind} are not read by this checker")


def _rows(path: Path, multiline: bool) -> list[list[str]]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ImportRefused(f"{path.name}: starts with a byte-order mark, which becomes part of the first header field")
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=",", quotechar='"', doublequote=True, strict=True))
    for number, row in enumerate(rows, 1):
        if not multiline and any("\n" in f or "\r" in f for f in row):
            raise ImportRefused(f"{path.name}:{number}: a line break inside a field needs --multiline-fields=true")
    return rows


def import_folder(folder: Path, command: Command) -> Database:
    """Import the command's files from ``folder`` as neo4j-admin would, or raise ``ImportRefused``."""
    database = Database()
    for name in command.nodes:
        _import_nodes(folder / name, command, database)
    for name in command.relationships:
        _import_relationships(folder / name, command, database)
    return database


def _read(path: Path, command: Command, relationships: bool) -> tuple[list[Column], list[list[str]]]:
    if not path.is_file():
        raise ImportRefused(f"{path.name}: no such file")
    rows = _rows(path, command.multiline)
    if not rows:
        raise ImportRefused(f"{path.name}: no header")
    columns = parse_header(rows[0], f"{path.name}:1")
    roles = Counter(c.role for c in columns)
    if relationships and not (roles["START_ID"] == roles["END_ID"] == roles["TYPE"] == 1 and not roles["ID"]):
        raise ImportRefused(f"{path.name}:1: a relationship file has one :START_ID, :END_ID and :TYPE, and no :ID")
    if not relationships and (roles["ID"] != 1 or roles["START_ID"] or roles["END_ID"] or roles["TYPE"]):
        raise ImportRefused(f"{path.name}:1: a node file has one :ID and no relationship fields")
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(columns):
            raise ImportRefused(f"{path.name}:{number}: {len(row)} fields for {len(columns)} columns")
    return columns, rows[1:]


def _properties(columns: list[Column], row: list[str], command: Command, where: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for column, text in zip(columns, row, strict=True):
        if column.role not in ("property", "ID") or text == "" or not column.name:
            continue
        if column.array:
            properties[column.name] = [_value(t, column.type, where) for t in text.split(command.array_delimiter)]
        else:
            properties[column.name] = _value(text, column.type, where)
    return properties


def _import_nodes(path: Path, command: Command, database: Database) -> None:
    columns, rows = _read(path, command, relationships=False)
    for number, row in enumerate(rows, 2):
        where = f"{path.name}:{number}"
        values = dict(zip((c.role for c in columns), row, strict=False))
        node_id = row[[c.role for c in columns].index("ID")]
        if not node_id:
            raise ImportRefused(f"{where}: empty :ID")
        if node_id in database.nodes:
            raise ImportRefused(f"{where}: duplicate node id {node_id!r}")
        labels = frozenset(x for x in values.get("LABEL", "").split(command.array_delimiter) if x)
        if not labels:
            raise ImportRefused(f"{where}: a node without a label")
        database.nodes[node_id] = (labels, _properties(columns, row, command, where))


def _import_relationships(path: Path, command: Command, database: Database) -> None:
    columns, rows = _read(path, command, relationships=True)
    roles = [c.role for c in columns]
    for number, row in enumerate(rows, 2):
        where = f"{path.name}:{number}"
        start, end, kind = (row[roles.index(r)] for r in ("START_ID", "END_ID", "TYPE"))
        for end_id in (start, end):
            if end_id not in database.nodes:
                raise ImportRefused(f"{where}: a relationship to a node that is not there: {end_id!r}")
        if not kind:
            raise ImportRefused(f"{where}: a relationship without a type")
        database.relationships.append((start, end, kind, _properties(columns, row, command, where)))
