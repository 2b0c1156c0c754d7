"""`kg`: the command line. Thin: each subcommand parses its options and calls a library function.

Exit status: 0 success, 1 the data is wrong (bad annotation, shape violation),
2 the command was used wrongly or an input could not be read.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from kg import config, hugepages

#: Subcommands implemented elsewhere: name -> "module:function" taking argv, returning a status.
DELEGATED = {
    "validate": ("kg.validate_cli:validate_command", "validate RDF files against the shapes"),
    "ingest": ("kg.ingest.cli:ingest_command", "propose annotations for a new text"),
    # The server is a separate package; only this dispatcher names it, lazily.
    "serve": ("server.cli:serve_command", "serve the dataset over HTTP (SPARQL, pages)"),
}


def build_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kg build", description="Build the dataset into dist/.")
    parser.add_argument("--dist", type=Path, default=config.DIST, help="output directory (default: %(default)s)")
    parser.add_argument("--no-store", action="store_true", help="skip loading the embedded store")
    parser.add_argument("--timings", action="store_true", help="print seconds per stage")
    parser.add_argument(
        "--skip-validation", action="store_true", help="do not validate against the shapes (development only)"
    )
    args = parser.parse_args(argv)

    from kg.anchor import AnchorError
    from kg.annotations import AnnotationError
    from kg.build import ValidationFailed, build
    from kg.reason import InconsistencyError

    try:
        result = build(args.dist.absolute(), with_store=not args.no_store, check_shapes=not args.skip_validation)
    except (AnnotationError, AnchorError, InconsistencyError) as exc:
        print(f"kg build: {exc}\n\nNothing was written; {args.dist} is unchanged.", file=sys.stderr)
        return 1
    except ValidationFailed as exc:
        print(f"kg build: the dataset does not conform to the shapes:\n{exc}", file=sys.stderr)
        print(f"\nNothing was written; {args.dist} is unchanged.", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    m = result.manifest
    print(f"built {args.dist}: {m['triples']} quads in {len(m['graphs'])} graphs, version {m['version'][:16]}")
    if args.timings:
        for stage, seconds in result.timings.stages.items():
            print(f"  {stage:32s} {seconds:7.2f} s")
    return 0


def delegate(name: str, argv: list[str]) -> int:
    target, _help = DELEGATED[name]
    module_name, function = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        print(f"kg {name}: not available ({exc})", file=sys.stderr)
        return 2
    return getattr(module, function)(argv)


def main(argv: list[str] | None = None) -> int:
    """The ``kg`` program (``argv`` None: this process's arguments); or a command called in process."""
    program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"build": "build the dataset into dist/", **{k: v[1] for k, v in DELEGATED.items()}}
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in commands:
        width = max(map(len, commands))
        lines = "\n".join(f"  {name:{width}}  {text}" for name, text in commands.items())
        print(f"usage: kg COMMAND [options]\n\ncommands:\n{lines}\n\n`kg COMMAND --help` for options.")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    if argv[0] == "build":
        if program:  # a program of its own: it may start again with huge pages (kg/hugepages.py)
            hugepages.rerun_with_huge_pages("kg.cli", argv)
        return build_command(argv[1:])
    return delegate(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main())
