"""Checks every input item passes before NLP: not empty, not binary, valid
UTF-8, not too large, English. Each failure is an InputError with a one-word kind."""

from __future__ import annotations

import re

from dyad.errors import InputError

# spaCy's own default limit; longer texts need more memory than a laptop has per worker.
MAX_CHARS = 1_000_000

# The most frequent English function words: an English news text has 25-45% of
# its tokens among them; other languages written in Latin script have under 8%.
_ENGLISH_WORDS = frozenset(
    "the of and to a in is that for it as was with on by he at from are be this "
    "have has an not or his they which but said had were their been its will who "
    "would we more also after over than two into more about".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_ENGLISH_SHARE = 0.12


def decode(data: bytes, *, item: str) -> str:
    """Bytes to text: reject binary data and invalid UTF-8 with a clear reason."""
    if not data.strip():
        raise InputError(item, "empty input", kind="empty")
    head = data[:8192]
    if b"\x00" in head or _control_share(head) > 0.10:
        raise InputError(item, "binary data, not text", kind="binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(item, f"invalid UTF-8 at byte {e.start} (re-encode the file as UTF-8)",
            kind="encoding",
        ) from e


def _control_share(data: bytes) -> float:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(data), 1)


def check_text(text: str, *, item: str, max_chars: int = MAX_CHARS) -> str:
    """Validate an article text (InputError naming the item where it fails); returns it unchanged."""
    if not text or not text.strip():
        raise InputError(item, "empty text", kind="empty")
    if len(text) > max_chars:
        raise InputError(item, f"text of {len(text):,} characters is over the limit of {max_chars:,}"
            " (split it, or raise --max-chars)",
            kind="too_large",
        )
    if "\x00" in text:
        raise InputError(item, "binary data, not text", kind="binary")
    share = english_share(text)
    if share is not None and share < MIN_ENGLISH_SHARE:
        raise InputError(item, f"does not look like English ({share:.0%} common English words);"
            " Dyad codes English text only",
            kind="language",
        )
    return text


def english_share(text: str) -> float | None:
    """Share of common English function words among the first 2,000 words, or
    None where the text is too short to tell."""
    words = _WORD.findall(text[:20000].lower())[:2000]
    if len(words) < 12:
        return None
    return sum(1 for w in words if w in _ENGLISH_WORDS) / len(words)
