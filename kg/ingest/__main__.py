"""``python -m kg.ingest``: the same as ``kg ingest``."""

import sys

from kg.ingest.cli import ingest_command

sys.exit(ingest_command(sys.argv[1:]))
