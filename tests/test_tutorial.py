"""Every command of docs/tutorial.md runs, as written, on the bundled demo data."""

from __future__ import annotations

import csv
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
# `make demo` (the set-up step) is what `make test` itself already ran.
NOT_RUN = ("make ",)


def tutorial_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", TUTORIAL.read_text("utf-8"), flags=re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith(("#",) + NOT_RUN)]


def as_argv(command: str) -> list[str]:
    argv = shlex.split(command)
    if argv[0] != "dyad":
        raise ValueError(f"tutorial command not understood: {command}")
    return [sys.executable, "-m", "dyad", *argv[1:]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_server(argv: list[str], cwd: Path, env: dict[str, str]) -> None:
    port = free_port()
    argv = [a if a != "8765" else str(port) for a in argv]
    server = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
                    assert response.status == 200
                    return
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.3)
        pytest.fail("dyad serve did not answer within 60 s")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_tutorial_has_commands():
    commands = tutorial_commands()
    assert any(c.startswith("dyad ingest") for c in commands)
    assert any(c.startswith("dyad serve") for c in commands)


def test_tutorial_every_command_runs(tmp_path):
    (tmp_path / "demo").symlink_to(ROOT / "demo")
    env = {k: v for k, v in os.environ.items() if k != "DYAD_DB"}
    for command in tutorial_commands():
        argv = as_argv(command)
        if argv[3] == "serve":
            run_server(argv, tmp_path, env)
            continue
        result = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
    export_rows = (tmp_path / "events.csv").read_text("utf-8").splitlines()
    assert len(export_rows) > 1
    russia = list(csv.DictReader((tmp_path / "russia.csv").open(encoding="utf-8")))
    assert russia and all("RUS" in row["actor"] and row["modality"] == "asserted" for row in russia)
