"""Huge pages for the build, whose store holds every quad in memory.

The build keeps the whole graph in a pyoxigraph store in memory (9 GB at 100×
the seeds) and reads and writes it in no particular order. With the kernel's
4 KB pages, the processor's address cache (TLB) covers a few megabytes of it,
and a miss costs a walk of the page tables: more of them the larger the graph,
a cost per quad that grows with the corpus. glibc can ask the kernel for 2 MB
pages for what ``malloc`` hands out (the ``glibc.malloc.hugetlb=1`` tunable,
glibc 2.35 and later; the kernel grants them under its default transparent
huge page setting, ``madvise``). pyoxigraph allocates through ``malloc``.

A tunable is read when a process starts, so ``kg build`` runs itself once
more with it in its environment (:func:`rerun_with_huge_pages`); the
validation processes it forks inherit it. A ``GLIBC_TUNABLES`` that already
names the tunable is left as it is (``glibc.malloc.hugetlb=0`` turns it off).
Measured in bench/README.md ("Huge pages").
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Mapping, Sequence

VARIABLE = "GLIBC_TUNABLES"
TUNABLE = "glibc.malloc.hugetlb"
#: the first glibc that knows the tunable (older ones ignore it)
GLIBC_SINCE = (2, 35)


def with_huge_pages(environ: Mapping[str, str]) -> dict[str, str] | None:
    """``environ`` with the tunable added, or None if it names the tunable already."""
    tunables = environ.get(VARIABLE, "")
    if any(item.split("=", 1)[0] == TUNABLE for item in tunables.split(":")):
        return None
    return {**environ, VARIABLE: f"{tunables}:{TUNABLE}=1" if tunables else f"{TUNABLE}=1"}


def supported() -> bool:
    """Linux with a glibc that has the tunable."""
    if not sys.platform.startswith("linux"):
        return False
    library, version = platform.libc_ver()
    try:
        return library == "glibc" and tuple(int(n) for n in version.split(".")[:2]) >= GLIBC_SINCE
    except ValueError:
        return False


def rerun_with_huge_pages(module: str, argv: Sequence[str]) -> None:
    """Replace this process by ``python -m module argv...`` with the tunable set, unless
    it is set already or not supported; returns only in those cases."""
    environ = with_huge_pages(os.environ)
    if environ is None or not supported():
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", module, *argv], environ)
