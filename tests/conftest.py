"""Fixtures shared by every test module (the only conftest)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dyad.model import Article, ArticleResult

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    from dyad.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def code_text(nlp) -> Callable[..., ArticleResult]:
    """Parse and code a text written in the test: ``code_text(text, published=..., dateline=...)``."""
    from dyad.pipeline import code_article

    def run(text: str, *, published: str | None = "2022-01-21", dateline: str | None = None,
            article_id: str = "test") -> ArticleResult:
        article = Article(text=text, id=article_id, published=published, dateline=dateline)
        return code_article(nlp(text), article)

    return run


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (evaluation data); tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def corpus_articles(shared_dir) -> dict[str, dict]:
    path = shared_dir / "corpus" / "articles.jsonl"
    return {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}
