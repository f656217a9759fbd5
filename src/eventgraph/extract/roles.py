"""Role mentions without a name: "the Secretary General", "the Russian Foreign Minister".

Such a mention means the person the document itself names with that title, if it does;
otherwise the person the role table says held the office while the document was
written, if the table knows exactly one. Failing both, the role becomes an entity of
its own ("NATO Secretary General (unidentified)"), never a guess.
"""

from __future__ import annotations

import bisect

from eventgraph.extract.entities import EntityTable, LocalEntity, RoleMention
from eventgraph.extract.frame import Frame
from eventgraph.extract.knowledge import Knowledge
from eventgraph.ids import fold

__all__ = ["resolve_roles"]

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


def resolve_roles(table: EntityTable, frame: Frame, knowledge: Knowledge) -> None:
    """Attach each role mention to the person it names, adding that person if needed."""
    for role in sorted(table.roles, key=lambda r: r.start):
        if role.modifier is not None:
            continue
        functions = (role.function,) if role.function else _RANK_FUNCTIONS.get(fold(role.title), ())
        if not functions:
            continue
        key = _in_document(table, role, functions)
        if key is None:
            key = _from_role_table(table, role, functions, frame, knowledge)
        if key is not None:
            table.add_mention(key, role.surface, role.start, role.end)


def _in_document(table: EntityTable, role: RoleMention, functions: tuple[str | None, ...]) -> str | None:
    """The person the document names with this title, nearest before the mention first."""
    matches: list[tuple[int, str]] = []
    for key, entity in table.entities.items():
        spans = table.spans_of(key)
        if entity.kind != "person" or not spans or not _holds(entity, role, functions):
            continue
        before = bisect.bisect_left(spans, (role.start,))  # its nearest mention before the role's, by bisection
        matches.append((role.start - spans[before - 1][0] if before else 10**9 + spans[0][0], key))
    if not matches:
        return None
    return min(matches)[1]


def _holds(entity: LocalEntity, role: RoleMention, functions: tuple[str | None, ...]) -> bool:
    for title, function, of in entity.titles:
        if role.function:
            same_office = function == role.function
        else:  # "the minister", "the president": a person the text titles with that word
            same_office = fold(role.title) in fold(title).split() and (function in functions or function is None)
        if same_office and (role.of is None or of is None or fold(of) == fold(role.of)):
            return True
    return False


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
    if len(holders) == 1:
        entity = table.ensure("person", holders[0].name)
        entity.titles.add((role.title, function, owner))
        return entity.key
    office = knowledge.office(function, owner)
    title = office.title if office else role.title
    written = role.written if role.written and not role.written.islower() else title
    entity = table.ensure("person", f"{owner} {written} (unidentified)")
    entity.titles.add((title, function, owner))
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
