"""`kg validate FILE...`: check RDF files against the SHACL shapes.

Exit status: 0 the data conforms (warnings and hints alone still conform),
1 there are violations, 2 the command could not run (unreadable file, bad
syntax, unknown format, bad shapes); errors are one line, never a traceback.

Also runnable as ``python -m kg.validate_cli``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from kg import validate as kv

EXTENSIONS = ", ".join(f".{ext}" for ext in ("ttl", "nt", "jsonld", "rdf", "xml", "trig", "nq"))


class CommandError(Exception):
    """A problem to report on one line, with exit status 2."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg validate",
        description="Validate RDF files against the SHACL shapes (default: ontology/shapes.ttl). "
        "The files are merged into one graph, named graphs included; with the default shapes, "
        "the ontology and its concept schemes are mixed in.",
        epilog=f"Formats are told by extension: {EXTENSIONS}. "
        "Exit status: 0 conforms (warnings and hints allowed), 1 violations, 2 error.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="RDF files to validate")
    p.add_argument("--shapes", type=Path, metavar="FILE", help="a SHACL shapes file instead of ours")
    p.add_argument(
        "--inference",
        choices=kv.INFERENCE_MODES,
        default="none",
        help="expand the data (with the ontology) before validating (default: %(default)s)",
    )
    p.add_argument(
        "--format",
        choices=("text", "turtle", "json-ld"),
        default="text",
        help="how to print the report (default: %(default)s)",
    )
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="stop validating after this long")
    return p


def read_rdf(path: Path, shapes: bool = False) -> Graph:
    """Parse one file, by extension; every failure becomes a CommandError naming the file."""
    fmt = kv.format_for_path(path)
    if fmt is None:
        raise CommandError(f"{path}: cannot tell the RDF format from the extension (use {EXTENSIONS})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        return kv.parse_source(kv.Source(data, fmt, str(path)), base=path.resolve().as_uri(), shapes=shapes)
    except kv.RdfSyntaxError as exc:
        raise CommandError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    data = kv.merge(read_rdf(path) for path in args.files)
    shapes = read_rdf(args.shapes, shapes=True) if args.shapes else None
    try:
        report = kv.validate(data, shapes=shapes, inference=args.inference, timeout=args.timeout)
    except kv.ValidationError as exc:
        raise CommandError(str(exc)) from None
    output = kv.serialise(report, args.format)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 1 if report.violations else 0


def validate_command(argv: list[str]) -> int:
    """The `kg validate` subcommand: parse ``argv``, validate, print the report, return the status."""
    args = parser().parse_args(argv)
    try:
        return run(args)
    except CommandError as exc:
        print(f"kg validate: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a command prints one line, never a traceback
        print(f"kg validate: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def main() -> None:
    sys.exit(validate_command(sys.argv[1:]))


if __name__ == "__main__":
    main()
