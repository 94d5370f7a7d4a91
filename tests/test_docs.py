"""The documentation tells the truth about the CLI."""

from __future__ import annotations

import re
import subprocess
import sys

import click

from dyad.cli import cli
from dyad.cli.reference import cli_reference, iter_commands, option_names
from tests.conftest import ROOT

REFERENCE = ROOT / "docs" / "reference" / "cli.md"


def test_docs_cli_reference_is_current():
    assert REFERENCE.read_text("utf-8") == cli_reference(), (
        "docs/reference/cli.md is out of date: run `make docs`"
    )


def test_docs_every_command_and_option_is_in_the_reference():
    reference = REFERENCE.read_text("utf-8")
    commands = list(iter_commands(cli))
    assert commands
    for path, command in commands:
        assert f"## `{path}`" in reference
        for name in option_names(command):
            assert name in reference, f"{path} {name} is not documented"


def test_docs_every_command_has_help_with_an_example():
    for path, command in iter_commands(cli):
        assert command.help, f"{path} has no help text"
        if not isinstance(command, click.Group):
            assert "Example" in command.help, f"{path} help has no example"


def test_docs_site_builds_offline_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text("utf-8")
        # no asset (script, stylesheet, font, image) from another host
        assert not re.search(r'(src|href)="https?://[^"]+\.(js|css|woff2?|ttf|png|svg)', html), page
