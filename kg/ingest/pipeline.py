"""Text in, proposals out: the order in which the rule modules run.

Dates first (events and quantities hang on them), then mentions (everything
refers to entities), then tenures, events and agreements, quantities (which
hang on the events), and last the attribution pass over every item.
"""

from __future__ import annotations

from dataclasses import replace

from kg.ingest import nlp
from kg.ingest.attribution import announcements, attribute, find_scopes
from kg.ingest.characterise import in_scopes, party_words
from kg.ingest.context import Context
from kg.ingest.dates import find_dates
from kg.ingest.events import find_agreements, find_events, named_dates, to_items
from kg.ingest.gazetteer import Gazetteer, slug
from kg.ingest.linker import Linker
from kg.ingest.model import Item, Mention, NewEntity, Proposals
from kg.ingest.ontology_types import EVENT_TYPES
from kg.ingest.persons import propose_tenures
from kg.ingest.quantities import find_quantities, inherit_sides


def propose(text: str, doc_id: str, doc_date: str, gaz: Gazetteer) -> Proposals:
    """Everything the rules propose for one text (deterministic: no clock, no randomness)."""
    doc = nlp.parse(text)
    props = Proposals(doc_id=doc_id, text=text, doc_date=doc_date)
    ctx = Context(text=text, doc=doc, sents=nlp.sentence_bounds(doc), gaz=gaz, props=props)
    ctx.dates = find_dates(text, doc_date)
    ctx.mentions = Linker(ctx).run()
    items = propose_tenures(ctx)
    events = find_events(ctx)
    agreements = find_agreements(ctx)
    items += to_items(ctx, events, agreements)
    items += named_dates(ctx, items)
    # figures are reported for the dated event before them (the undated ones are often side remarks)
    dated = [f for f in events if f.date is not None] or events
    positions = sorted(
        [(s, f.eid) for f in dated for s, _ in [(f.start, f.end), *f.also] if f.type in EVENT_TYPES]
        # and the events the text names that the graph knows ("During the 2020 Karabakh War, ...")
        + [(m.start, m.entity) for m in ctx.mentions if ctx.is_type(m.entity, EVENT_TYPES) and ctx.gaz.get(m.entity)]
    )
    items += find_quantities(ctx, positions)
    items = [i for i in items if i is not None]
    scopes = find_scopes(ctx)
    items += announcements(ctx, scopes)
    items += in_scopes(ctx, scopes, items)
    items += attribute(ctx, items, scopes)
    items += party_words(ctx, items, scopes)
    inherit_sides(ctx, items)
    _distinct_ids(ctx, items)
    props.items = sorted(_declared(items, props, gaz), key=lambda i: i.key())
    known = {e.id for e in gaz.entities.values() if e.curated} | set(props.entities)
    titles = [m for m in ctx.mentions if m.rule == "rule:cited-title"]
    offices = [m for m in ctx.offices if m.entity in known]
    props.mentions = sorted(
        {m for m in [*ctx.mentions, *offices] if m.entity in known and not any(_inside(m, t) for t in titles)}
    )
    _unique_labels(props, gaz)
    return props


def _inside(m: Mention, t: Mention) -> bool:
    """Whether ``m`` lies strictly inside ``t`` (a name within a cited title is not a mention)."""
    return t.start <= m.start and m.end <= t.end and (m.start, m.end) != (t.start, t.end)


def _unique_labels(props: Proposals, gaz: Gazetteer) -> None:
    """No two entities may share a name (the build checks it): disambiguate new ones by id."""
    taken = {n.lower() for e in gaz.entities.values() if e.curated for n in e.names()}
    for e in sorted(props.entities.values(), key=lambda e: (e.start, e.id)):
        if e.label.lower() in taken:
            e.label = f"{e.label} ({e.id})"
        e.aliases = [a for a in e.aliases if a.lower() not in taken and a.lower() != e.label.lower()]
        taken |= {e.label.lower(), *(a.lower() for a in e.aliases)}


def _distinct_ids(ctx: Context, items: list[Item]) -> None:
    """A new happening whose id a file already declares (a curated entity, or one another
    draft proposes: "government-of-azerbaijan-statement" in two drafts) is another happening
    that was given the same id; it takes the document's id as a suffix, wherever it is named.
    (Names the gazetteer knows are linked, never proposed again, so only generated ids clash.)"""
    props, gaz = ctx.props, ctx.gaz
    clashes = [eid for eid in props.entities if (known := gaz.get(eid)) is not None and known.curated]
    renamed = {eid: slug(f"{eid} {props.doc_id}") for eid in clashes}
    for old, new in renamed.items():
        entity = props.entities.pop(old)
        entity.id = new
        props.entities[new] = entity
    for it in items:
        for key in REF_KEYS:
            if key != "by" and it.fields.get(key) in renamed:
                it.fields[key] = renamed[it.fields[key]]
        if it.by in renamed:
            it.by = renamed[it.by]
    ctx.mentions = [replace(m, entity=renamed.get(m.entity, m.entity)) for m in ctx.mentions]


REF_KEYS = (
    "s",
    "o",
    "holder",
    "position",
    "event",
    "entity",
    "operator",
    "supplier",
    "recipient",
    "side",
    "system",
    "by",
)


def _declared(items: list[Item], props: Proposals, gaz: Gazetteer) -> list[Item]:
    """Every id an item names must be a curated entity or a proposed one: a state from the
    general list is proposed where first used; an item naming anything else is dropped."""
    kept = []
    for it in items:
        ok = True
        for key in REF_KEYS:
            v = it.by if key == "by" else it.fields.get(key)
            if not isinstance(v, str) or (key == "o" and ":" in v) or (key == "s" and ":" in v):
                continue
            e = gaz.get(v)
            if e is not None and not e.curated and v not in props.entities:
                rule = gaz.world_rule(e)
                props.add_entity(NewEntity(v, e.type, e.label, it.start, it.end, rule, 0.8))
            elif e is None and v not in props.entities:
                ok = False
        if ok:
            kept.append(it)
    return kept
