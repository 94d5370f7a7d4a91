"""Dyad's exceptions.

    DyadError
    ├── ConfigError     bad option, unknown name, malformed data file
    ├── InputError      an input item that cannot be read (empty, binary, malformed ...)
    ├── PipelineError   the spaCy pipeline cannot be loaded or run
    ├── StoreError      the database cannot be opened, migrated or written
    └── EvalError       gold files that cannot be read or scored

The CLI turns each into one line on stderr and exit status 1.
"""


class DyadError(Exception):
    """Base of every error Dyad raises on purpose."""


class ConfigError(DyadError):
    pass


class InputError(DyadError):
    """An input item that cannot be processed; ``kind`` says why in one word."""

    def __init__(self, item: str, reason: str, *, kind: str = "error") -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason
        self.kind = kind


class PipelineError(DyadError):
    pass


class StoreError(DyadError):
    pass


class EvalError(DyadError):
    pass
