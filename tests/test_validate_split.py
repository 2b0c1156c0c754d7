"""Validation with the shapes shared out between processes reports what one process does."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg import validate
from kg.dataset import canonical_turtle

CORPUS = Path(__file__).parent / "shapes_corpus"


def broken_data() -> Graph:
    """Every broken example of the shapes corpus at once: results from many shapes,
    with result paths that are blank nodes of the shapes graph."""
    graph = Graph()
    for path in sorted(CORPUS.glob("*.ttl")):
        graph.parse(path)
    return graph


def test_shared_out_validation_gives_the_same_report():
    data = broken_data()
    alone = validate.validate(data)
    shared = validate.validate(data, processes=2)
    assert not alone.conforms and not shared.conforms
    assert alone.violations > 100
    assert (shared.violations, shared.warnings, shared.infos) == (alone.violations, alone.warnings, alone.infos)
    assert shared.focus_node_count == alone.focus_node_count
    assert canonical_turtle(validate.report_graph(shared)) == canonical_turtle(validate.report_graph(alone))


def test_inplace_validation_adds_to_the_graph_given():
    data = broken_data()
    size = len(data)
    validate.validate(data)
    assert len(data) == size  # a copy by default
    validate.validate(data, inplace=True)
    assert len(data) > size  # the ontology was mixed into the graph itself


def test_bare_results_inside_or_and_not_change_no_report(monkeypatch):
    """kg.validate makes the results pySHACL throws away inside sh:or and sh:not without
    their text; the report must be what unpatched pySHACL gives, warnings allowed or not."""
    from pyshacl.constraints.constraint_component import ConstraintComponent
    from pyshacl.shape import Shape

    data = broken_data()
    fast = validate.validate(data)
    with monkeypatch.context() as patched:
        patched.setattr(Shape, "validate", Shape.validate._kg_original)
        patched.setattr(ConstraintComponent, "make_v_result", ConstraintComponent.make_v_result._kg_original)
        full = validate.validate(data)
    assert fast.violations > 100 and (fast.violations, fast.warnings, fast.infos) == (
        full.violations,
        full.warnings,
        full.infos,
    )
    assert canonical_turtle(validate.report_graph(fast)) == canonical_turtle(validate.report_graph(full))


def test_constraint_parameters_looked_up_in_a_set_change_no_report(monkeypatch):
    """kg.validate gives pySHACL its list of constraint parameters with a set's lookup."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    assert list(shape_module.CONSTRAINT_PARAMS[0]) == list(ALL_CONSTRAINT_PARAMETERS)
    data = broken_data()
    fast = validate.validate(data)
    with monkeypatch.context() as patched:
        patched.setattr(shape_module, "CONSTRAINT_PARAMS", (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP))
        plain = validate.validate(data)
    assert fast.violations > 100
    assert canonical_turtle(validate.report_graph(fast)) == canonical_turtle(validate.report_graph(plain))
