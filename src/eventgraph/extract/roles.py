"""Role mentions without a name: "the Secretary General", "the Russian Foreign Minister".

Such a mention means the person the document itself names with that title, if it does;
otherwise the person the role table says held the office while the document was
written, if the table knows exactly one. Failing both, it names no one: a speaker is
never guessed or invented. Role mentions are kept as mentions of the person they
resolve to in this document, never as that person's names (aliases).
"""

from __future__ import annotations

import bisect

from eventgraph.extract.entities import EntityTable, LocalEntity, RoleMention
from eventgraph.extract.frame import Frame
from eventgraph.extract.knowledge import Knowledge
from eventgraph.ids import fold

__all__ = ["complete_owners", "principal_person", "resolve_roles"]

_SAME_CLAUSE = 60
_FOREIGN_AFFAIRS = frozenset({"head_of_state", "head_of_government", "foreign_minister", "un_ambassador"})

_RANK_FUNCTIONS = {
    "president": ("head_of_state",),
    "prime minister": ("head_of_government",),
    "chancellor": ("head_of_government",),
    "premier": ("head_of_government",),
    "leader": ("head_of_state", "head_of_government"),
    "minister": ("foreign_minister", "defence_minister"),
    "secretary": ("foreign_minister", "defence_minister", "secretary_general"),
    "spokesman": ("spokesperson",),
    "spokeswoman": ("spokesperson",),
    "spokesperson": ("spokesperson",),
}


def resolve_roles(
    table: EntityTable, frame: Frame, knowledge: Knowledge, principal: tuple[str, str] | None = None
) -> None:
    """Attach each role mention to the person it names, adding that person if needed. On an
    office's own pages, its bare title ("the President") is the office's holder of the day."""
    for role in sorted(table.roles, key=lambda r: r.start):
        if role.modifier is not None:
            continue
        functions = (role.function,) if role.function else _RANK_FUNCTIONS.get(fold(role.title), ())
        if not functions:
            continue
        key = _principal(table, role, frame, knowledge, principal)
        if key is None:
            key = _in_document(table, role)
        if key is None:
            key = _from_role_table(table, role, functions, frame, knowledge)
        if key is not None:
            table.add_role_mention(key, role.surface, role.start, role.end)


def _principal(
    table: EntityTable, role: RoleMention, frame: Frame, knowledge: Knowledge, principal: tuple[str, str] | None
) -> str | None:
    if (
        principal is None
        or role.function != principal[0]
        or (role.of is not None and fold(role.of) != fold(principal[1]))
    ):
        return None
    return principal_person(table, frame, knowledge, principal)


def principal_person(
    table: EntityTable, frame: Frame, knowledge: Knowledge, principal: tuple[str, str] | None
) -> str | None:
    """The person holding the principal office (function, of) while the document was written."""
    if principal is None or frame.window is None:
        return None
    function, of = principal
    holders = knowledge.holders(function, of, frame.window.start, frame.window.end)
    if len(holders) != 1:
        return None
    office = knowledge.office(function, of)
    entity = table.ensure("person", holders[0].name)
    entity.titles.add((office.title if office else function, function, of))
    return entity.key


def _in_document(table: EntityTable, role: RoleMention) -> str | None:
    """The person the document names with this title, nearest before the mention first."""
    matches: list[tuple[int, int, str]] = []
    for key, entity in table.entities.items():
        spans = table.spans_of(key)
        fit = _holds(entity, role) if entity.kind == "person" and spans else 0
        if not fit:
            continue
        before = bisect.bisect_left(spans, (role.start,))  # its nearest mention before the role's, by bisection
        if not before and spans[0][0] < role.end + _SAME_CLAUSE:
            continue  # "The President spoke with President Roe": Roe is the other party, not the President
        matches.append((-fit, role.start - spans[before - 1][0] if before else 10**9 + spans[0][0], key))
    if not matches:
        return None
    return min(matches)[2]


def _holds(entity: LocalEntity, role: RoleMention) -> int:
    """Whether the person holds the office named ("the Foreign Minister"), or a title with the
    rank's word ("the minister": a person the text titles "Minister of Health"): 2 when the title's
    words agree too ("the Chancellor" is the one titled Chancellor, not a prime minister), 1 when
    only the office does, 0 when neither."""
    best = 0
    words = set(fold(role.title).split())
    for title, function, of in entity.titles:
        same_office = function == role.function if role.function else fold(role.title) in fold(title).split()
        if same_office and (role.of is None or of is None or fold(of) == fold(role.of)):
            best = max(best, 2 if words <= set(fold(title).split()) else 1)
    return best


def _from_role_table(
    table: EntityTable, role: RoleMention, functions: tuple[str | None, ...], frame: Frame, knowledge: Knowledge
) -> str | None:
    owners = [role.of] if role.of else _owners_in_document(table, functions, knowledge)
    if len(owners) != 1 or owners[0] is None:
        return None
    owner = owners[0]
    function = next((f for f in functions if f and knowledge.office(f, owner)), None)
    if function is None:
        return None
    holders = []
    if frame.window is not None:
        holders = knowledge.holders(function, owner, frame.window.start, frame.window.end)
    if len(holders) != 1:
        return None  # who held the office then is unknown: the mention names no one we can tell
    entity = table.ensure("person", holders[0].name)
    entity.titles.add((role.title, function, owner))
    return entity.key


def _owners_in_document(
    table: EntityTable, functions: tuple[str | None, ...], knowledge: Knowledge
) -> list[str | None]:
    """Bodies mentioned in the document that have such an office: the owner when there is one."""
    owners = []
    for entity in table.entities.values():
        if entity.kind in ("organisation", "country") and any(
            f and knowledge.office(f, entity.name) for f in functions
        ):
            owners.append(entity.name)
    return owners


def complete_owners(table: EntityTable, knowledge: Knowledge, principal: tuple[str, str] | None) -> None:
    """Titles written without their owner get one: the office the role table knows the person
    holds ("President Macron"); else, for someone the table does not know ("Minister of Health
    Jane Doe" on a country's office's page, or in a text about one country), the principal's
    country, or the one country the document mentions most."""
    default = principal[1] if principal is not None and knowledge.country_by_name.get(fold(principal[1])) else None
    default = default or _main_country(table)
    for entity in table.entities.values():
        if entity.kind != "person":
            continue
        known = knowledge.holder_offices.get(entity.name, [])
        for title, function, of in list(entity.titles):
            if function is None or of is not None:
                continue
            owners = {o.of for o, _ in known if o.function == function}
            if len(owners) == 1:  # the role table knows whose office it is ("President Macron": France's)
                owner: str | None = next(iter(owners))
            elif function in _FOREIGN_AFFAIRS or known:
                owner = None  # heads of state and diplomats are named across borders: no guess
            else:  # someone the table does not know holds a domestic office: the page's or the text's country
                owner = default
            if owner is not None:
                entity.titles.discard((title, function, of))
                entity.titles.add((title, function, owner))


def _main_country(table: EntityTable) -> str | None:
    counts = sorted(
        ((len(e.mentions), e.name) for e in table.entities.values() if e.kind == "country" and e.mentions),
        reverse=True,
    )
    if counts and counts[0][0] >= 2 and (len(counts) == 1 or counts[0][0] >= 2 * counts[1][0]):
        return counts[0][1]
    return None
