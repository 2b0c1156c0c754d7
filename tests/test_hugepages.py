"""kg build asks glibc for huge pages (kg/hugepages.py): the environment it runs itself with."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg import hugepages


def test_the_tunable_is_added():
    assert hugepages.with_huge_pages({"HOME": "/x"}) == {"HOME": "/x", "GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}


def test_other_tunables_are_kept():
    env = hugepages.with_huge_pages({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"})
    assert env == {"GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"}


@pytest.mark.parametrize("given", ["glibc.malloc.hugetlb=0", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"])
def test_a_setting_of_the_users_own_is_left_alone(given):
    """``glibc.malloc.hugetlb=0`` is how to turn it off; no second run then."""
    assert hugepages.with_huge_pages({"GLIBC_TUNABLES": given}) is None


@pytest.mark.skipif(not hugepages.supported(), reason="needs Linux with glibc 2.35 or later")
def test_the_program_runs_again_with_huge_pages(tmp_path):
    """The process is replaced, once, by the same command with the tunable set."""
    (tmp_path / "envprobe.py").write_text(
        "import os, sys\nprint(os.environ['GLIBC_TUNABLES'], sys.argv[1:])\n"
        "from kg import hugepages\nhugepages.rerun_with_huge_pages('envprobe', ['again'])\nprint('once')\n"
    )
    probe = "from kg import hugepages\nhugepages.rerun_with_huge_pages('envprobe', ['build', '-x'])\nprint('no')"
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), *sys.path])
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["glibc.malloc.hugetlb=1 ['build', '-x']", "once"]


def test_called_in_process_the_build_command_never_restarts(monkeypatch):
    """Only the program restarts; ``main(argv)`` called from Python (tests, scripts) does not."""
    from kg import cli

    monkeypatch.setattr(hugepages, "rerun_with_huge_pages", lambda *a: pytest.fail("restarted"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build", "--no-such-option"])
    assert exit_.value.code == 2
