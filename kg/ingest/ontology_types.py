"""The ontology's class tree as far as the rules need it (mirrors ontology/kg.ttl).

Hard-coded so that ingesting needs no RDF parsing at run time;
tests/test_ingest_units.py checks it against kg.ttl so that it cannot drift.
"""

from __future__ import annotations

ACTOR_TYPES = frozenset(
    {
        "Actor",
        "State",
        "DeFactoState",
        "Person",
        "Group",
        "Organisation",
        "InternationalOrganisation",
        "GovernmentBody",
        "ArmedForce",
        "MilitaryUnit",
        "ArmedGroup",
        "Company",
        "MediaOutlet",
        "EducationalInstitution",
        "PoliticalParty",
    }
)
STATE_TYPES = frozenset({"State", "DeFactoState"})
PLACE_TYPES = frozenset({"Place", "Region", "Enclave", "Settlement", "Corridor", "Facility"})
EVENT_TYPES = frozenset(
    {
        "Event",
        "War",
        "Offensive",
        "Battle",
        "Attack",
        "Blockade",
        "Announcement",
        "Declaration",
        "Dissolution",
        "Election",
        "Visit",
        "Mobilisation",
        "Deployment",
        "Meeting",
        "Ceremony",
        "Revolution",
        "Displacement",
        "Training",
        "Acquisition",
    }
)
AGREEMENT_TYPES = frozenset(
    {
        "Agreement",
        "Treaty",
        "Ceasefire",
        "Protocol",
        "JointStatement",
        "Alliance",
        "ArmsAgreement",
        "TrainingAgreement",
    }
)
OTHER_TYPES = frozenset({"Position", "WeaponSystem", "CitedWork"})

#: Parent of each class, for "is this proposal's type compatible with the gold type".
PARENT: dict[str, str] = {
    **{t: "Actor" for t in ("State", "Person", "Group", "Organisation")},
    "DeFactoState": "State",
    **{
        t: "Organisation"
        for t in (
            "InternationalOrganisation",
            "GovernmentBody",
            "ArmedForce",
            "MilitaryUnit",
            "ArmedGroup",
            "Company",
            "MediaOutlet",
            "EducationalInstitution",
            "PoliticalParty",
        )
    },
    **{t: "Place" for t in ("Region", "Settlement", "Corridor", "Facility")},
    "Enclave": "Region",
    **{t: "Event" for t in EVENT_TYPES - {"Event", "Declaration"}},
    "Declaration": "Announcement",
    **{t: "Agreement" for t in AGREEMENT_TYPES - {"Agreement"}},
}


def ancestors(t: str) -> list[str]:
    """``t`` and every class above it, nearest first."""
    out = [t]
    while out[-1] in PARENT:
        out.append(PARENT[out[-1]])
    return out


def top(t: str) -> str:
    """The top class (Actor, Place, Event, Agreement, ...) of ``t``."""
    return ancestors(t)[-1]


def is_a(t: str | list[str] | tuple[str, ...], group: frozenset[str]) -> bool:
    """Whether a type (or any of a list of types) falls in ``group``."""
    types = [t] if isinstance(t, str) else list(t)
    return any(a in group for x in types for a in ancestors(x))
