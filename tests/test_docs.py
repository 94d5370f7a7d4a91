"""The documentation tells the truth about the CLI."""

from __future__ import annotations

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
