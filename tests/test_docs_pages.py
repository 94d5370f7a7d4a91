"""The guide pages: every page is in the site's navigation, the examples of
docs/how-dyad-codes.md are quoted from the bundled demo articles, and the data
examples of docs/extending.md are read by the loaders they are written for."""

from __future__ import annotations

import json
import re

import yaml

from dyad.pipeline.actor_dictionary import KINDS, load_dictionary
from dyad.ontology import load_ontology
from tests.conftest import ROOT

DOCS = ROOT / "docs"
# The outlets of the demo articles, as the page names them; a quotation followed by one is from the demo.
DEMO_SOURCES = ("Wikinews", "kremlin.ru", "VOA", "White House", "statement of the US President")


def nav_pages(node: object) -> list[str]:
    if isinstance(node, str):
        return [node] if node.endswith(".md") else []
    if isinstance(node, dict):
        return [page for value in node.values() for page in nav_pages(value)]
    if isinstance(node, list):
        return [page for value in node for page in nav_pages(value)]
    return []


def test_docs_pages_every_page_is_in_the_nav():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    nav = nav_pages(config["nav"])
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(nav) == pages
    assert nav[:2] == ["index.md", "tutorial.md"]


def test_docs_pages_index_links_the_tutorial_first():
    links = re.findall(r"\]\(([^)#]+\.md)", (DOCS / "index.md").read_text("utf-8"))
    assert links[0] == "tutorial.md"
    assert "how-dyad-codes.md" in links and "extending.md" in links


def demo_quotations(text: str) -> list[str]:
    """Quotations on the page attributed to a demo outlet: `"..." (Outlet`."""
    text = " ".join(text.replace("> ", " ").split())
    pieces = []
    for quoted, source in re.findall(r'"([^"]{12,})" \(([^),]+)', text):
        if source.startswith(DEMO_SOURCES):
            for piece in re.split(r"\.\.\.|…", quoted.replace("**", "")):
                if len(piece.strip()) > 8:
                    pieces.append(piece.strip())
    return pieces


def test_docs_pages_coding_examples_are_quoted_from_the_demo_articles():
    demo = [json.loads(line)["text"] for line in (ROOT / "demo" / "articles.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    demo_text = " ".join(" ".join(text.split()) for text in demo)
    quotations = demo_quotations((DOCS / "how-dyad-codes.md").read_text("utf-8"))
    assert len(quotations) >= 10
    missing = [q for q in quotations if q not in demo_text]
    assert not missing, f"not in demo/articles.jsonl: {missing}"


def json_lines(page: str) -> list[dict]:
    blocks = re.findall(r"```json\n(.*?)```", (DOCS / page).read_text("utf-8"), flags=re.S)
    return [json.loads(line) for block in blocks for line in block.splitlines() if line.strip()]


def test_docs_pages_actor_examples_load_as_a_user_dictionary(tmp_path):
    text = (DOCS / "extending.md").read_text("utf-8")
    entries = [e for e in json_lines("extending.md") if e.get("type") in KINDS]
    entries += [json.loads(cell) for cell in re.findall(r"`(\{\"type\": .*?\})`", text)]
    assert {e["type"] for e in entries} == set(KINDS)
    user_file = tmp_path / "actors.jsonl"
    user_file.write_text("\n".join(json.dumps(e) for e in entries), "utf-8")
    dictionary = load_dictionary((str(user_file),))
    for name in ("Michael McCaul", "Volgaprom", "Quad", "Kosovo"):
        assert name in dictionary.names, name
    assert dictionary.role("monks") is not None


def test_docs_pages_trigger_and_place_examples_fit_their_files():
    examples = json_lines("extending.md")
    verbs = [e for e in examples if "lemmas" in e]
    assert verbs
    types = load_ontology().types
    for entry in verbs:
        assert entry["type"] in types
        assert entry.get("mode") is None or entry["mode"] in types[entry["type"]].modes
    aliases = [e for e in examples if "lat" in e]
    shipped = (ROOT / "src" / "dyad" / "data" / "places" / "aliases.jsonl").read_text("utf-8").splitlines()[0]
    assert aliases and all(set(a) == set(json.loads(shipped)) for a in aliases)
