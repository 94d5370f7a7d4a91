"""Reading the output of ``dyad extract --format jsonl`` back into ArticleResults,
the data source of analytics until the store serves it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dyad.errors import InputError
from dyad.model import ArticleResult, result_from_dict


def read_results(path: str | Path) -> Iterator[ArticleResult]:
    """The article records of a JSONL file; error records are skipped."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"cannot be read: {e}", kind="encoding") from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{number}", f"not JSON: {e.msg}", kind="malformed") from e
        if record.get("record", "article") != "article":
            continue
        try:
            yield result_from_dict(record)
        except (KeyError, TypeError) as e:
            raise InputError(f"{path}:{number}", f"not an article record: {e}",
                             kind="malformed") from e
