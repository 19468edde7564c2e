"""The README's Quickstart runs as written: its commands, between the markers
``<!-- quickstart -->`` and ``<!-- /quickstart -->``, run one by one in an empty directory
beside a copy of the bundled example case, with ``sitrep`` this checkout's command."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

from tests.conftest import REPO

START, END = "<!-- quickstart -->", "<!-- /quickstart -->"
SECONDS_PER_COMMAND = 300


def quickstart_commands(readme: str) -> list[str]:
    """The command lines of the Quickstart block (its code fence and comment lines left out)."""
    assert START in readme and END in readme, f"README.md has no {START} ... {END} block"
    block = readme.split(START, 1)[1].split(END, 1)[0]
    return [line.strip() for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith(("```", "#"))]


def sitrep_on_path(directory):
    """A ``sitrep`` command that runs this checkout with this interpreter."""
    command = directory / "sitrep"
    command.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m sitrep.cli "$@"\n')
    command.chmod(command.stat().st_mode | stat.S_IXUSR)
    return directory


def test_the_quickstart_runs_as_written(tmp_path):
    commands = quickstart_commands((REPO / "README.md").read_text(encoding="utf-8"))
    words = " ".join(commands)
    assert len(commands) >= 5 and all(f"sitrep --case" in words and name in words
                                      for name in ("ingest", "search", "brief"))
    work = tmp_path / "work"
    shutil.copytree(REPO / "examples", work / "examples")
    bin_dir = sitrep_on_path(tmp_path)
    env = {key: value for key, value in os.environ.items()
           if key not in ("SITREP_CASE", "SITREP_DATABASE_URL", "SITREP_TOKEN")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    for command in commands:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=work, env=env,
                              capture_output=True, text=True, timeout=SECONDS_PER_COMMAND)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        if " search " in command:  # every search of the Quickstart finds something
            assert "No sentence matches" not in done.stdout, command
            if "--format json" in command:
                assert json.loads(done.stdout), command
        for flag in ("-o", "--html"):
            if f" {flag} " in command:
                written = command.split(f" {flag} ", 1)[1].split()[0]
                assert (work / written).stat().st_size > 0, command
