"""The JSON API over a small ingested database, in process (FastAPI's TestClient)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from api_corpus import HAND_ID, HAND_TEXT, build_db
from dyad.api import ServeSettings, create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("api") / "api.duckdb")


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(ServeSettings(db=db))) as test_client:
        yield test_client


def get(client, url, **params):
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def all_events(client, **params):
    return get(client, "/api/events", limit=500, **params)["items"]


def codes(refs):
    return {ref["code"] for ref in refs}


@pytest.mark.parametrize(("params", "check"), [
    ({"actor": "RUS"}, lambda e: "RUS" in codes(e["actor"])),
    ({"recipient": "rus"}, lambda e: "RUS" in codes(e["recipient"])),
    ({"actor": "RUS,UKR"}, lambda e: codes(e["actor"]) & {"RUS", "UKR"}),
    ({"type": "ASSAULT"}, lambda e: e["type"] == "ASSAULT"),
    ({"quad": "4"}, lambda e: e["quad"] == 4),
    ({"quad": "1,2"}, lambda e: e["quad"] in (1, 2)),
    ({"country": "UKR"}, lambda e: e["location_country"] == "UKR"),
    ({"modality": "asserted"}, lambda e: e["modality"] == "asserted"),
    ({"search": "SANCTION"}, lambda e: "sanction" in e["sentence_text"].lower()),
    ({"from": "2022-02-20", "to": "2022-02-28"}, lambda e: "2022-02-20" <= e["day_start"] <= "2022-02-28"),
    ({"article": HAND_ID}, lambda e: e["article_id"] == HAND_ID),
])
def test_api_events_filters_keep_only_matching_events(client, params, check):
    found = all_events(client, **params)
    everything = all_events(client)
    assert found, f"no events for {params}"
    assert all(check(event) for event in found)
    # The filter drops exactly the events that fail the check.
    assert len(found) == sum(1 for event in everything if check(event))


def test_api_events_pages_cover_the_whole_list_once(client):
    everything = all_events(client)
    assert len(everything) > 5
    pages, offset = [], 0
    while offset < len(everything):
        body = get(client, "/api/events", limit=3, offset=offset)
        assert body["total"] == len(everything) and body["limit"] == 3 and body["offset"] == offset
        pages.extend(body["items"])
        offset += 3
    assert [(e["article_id"], e["id"]) for e in pages] == [(e["article_id"], e["id"]) for e in everything]


@pytest.mark.parametrize(("sort", "key"), [("score", "score"), ("day", "day_start"), ("type", "type")])
def test_api_events_sort_orders_both_ways(client, sort, key):
    ascending = [e[key] for e in all_events(client, sort=sort, order="asc")]
    descending = [e[key] for e in all_events(client, sort=sort, order="desc")]
    assert ascending == sorted(ascending)
    assert descending == sorted(descending, reverse=True)


def test_api_actors_count_events_per_role(client):
    body = get(client, "/api/actors", limit=100)
    by_code = {item["code"]: item for item in body["items"]}
    assert body["total"] == len(by_code)
    for code in ("RUS", "UKR", "USA"):
        assert by_code[code]["as_actor"] == get(client, "/api/events", actor=code, limit=0)["total"]
        assert by_code[code]["as_recipient"] == get(client, "/api/events", recipient=code, limit=0)["total"]
    totals = [item["total"] for item in body["items"]]
    assert totals == sorted(totals, reverse=True)
    assert {item["code"] for item in get(client, "/api/actors", q="germ")["items"]} == {"DEU"}


def test_api_actor_profile_lists_counterparts_both_ways(client):
    profile = get(client, "/api/actors/ukr")
    counterparts = {c["code"]: c for c in profile["counterparts"]}
    assert counterparts["RUS"]["incoming"] >= 1  # Russia shelled Kharkiv (Ukraine)
    assert counterparts["DEU"]["outgoing"] >= 1  # Ukraine asked Germany
    assert profile["quotes"] == get(client, "/api/quotes", speaker="UKR", limit=0)["total"] >= 1
    assert client.get("/api/actors/XXX").status_code == 404


def test_api_series_counts_asserted_stories_per_period(client):
    body = get(client, "/api/series", actor="RUS", recipient="UKR", interval="day")
    stories = get(client, "/api/stories", actor="RUS", limit=500)["items"]
    pair = [s for s in stories if s["modality"] == "asserted"
            and {"RUS", "UKR"} <= set(s["actor"]) | set(s["recipient"])]
    assert body["modality"] == ["asserted"]
    assert sum(p["events"] for p in body["points"]) == len(pair) > 0
    for point in body["points"]:
        assert sum(point["counts"].values()) == point["events"] == len(point["stories"])
    days = [dt.date.fromisoformat(p["period"]) for p in body["points"]]
    assert all((b - a).days == 1 for a, b in zip(days, days[1:]))  # gaps filled with zeros


def test_api_series_by_week_starts_on_mondays_and_sums_scores(client):
    body = get(client, "/api/series", actor="USA", interval="week", modality="asserted,future")
    stories = [s for s in get(client, "/api/stories", actor="USA", limit=500)["items"]
               if s["modality"] in ("asserted", "future") and s["day"]]
    assert all(dt.date.fromisoformat(p["period"]).weekday() == 0 for p in body["points"])
    assert sum(p["score_sum"] for p in body["points"]) == pytest.approx(sum(s["score"] for s in stories))


def test_api_series_needs_one_actor(client):
    response = client.get("/api/series")
    assert response.status_code == 422 and response.json()["ok"] is False


def test_api_stories_count_each_happening_once(client):
    body = get(client, "/api/stories", limit=500)
    mentions = sum(story["mentions"] for story in body["items"])
    assert body["total"] == len(body["items"]) > 0
    assert mentions == get(client, "/api/events", limit=0)["total"] >= body["total"]
    assert all(story["evidence"] and story["outlets"] for story in body["items"])


def test_api_overview_counts_match_the_events(client):
    body = get(client, "/api/overview")
    asserted = all_events(client, modality="asserted")
    assert body["counts"]["events"] == len(asserted)
    assert sum(body["counts"]["by_quad"].values()) == len(asserted)
    assert body["counts"]["articles"] == 5
    assert sum(p["events"] for p in body["timeline"]) == sum(1 for e in asserted if e["day_start"])
    movers = {(m["actor"], m["recipient"]): m for m in body["movers"]["items"]}
    assert movers[("RUS", "UKR")]["recent_events"] >= 1


def test_api_map_places_events_with_coordinates(client):
    body = get(client, "/api/map")
    by_name = {p["name"]: p for p in body["points"]}
    assert by_name["Kharkiv"]["lat"] == pytest.approx(49.99) and by_name["Kharkiv"]["q4"] == 1
    ukraine = next(c for c in body["countries"] if c["country"] == "UKR")
    assert ukraine["iso2"] == "ua"
    assert all(point["q1"] > 0 and not point["q4"] for point in get(client, "/api/map", quad="1")["points"])


def test_api_quotes_by_speaker_and_text(client):
    assert all(q["speaker_code"] == "UKR" for q in get(client, "/api/quotes", speaker="ukr")["items"])
    body = get(client, "/api/quotes", speaker="ukr", article=HAND_ID)
    assert body["total"] == 1
    quote = body["items"][0]
    assert HAND_TEXT[quote["start"]:quote["end"]] == quote["text"]
    assert get(client, "/api/quotes", q="REBUILD")["total"] == 1
    assert get(client, "/api/quotes", q="surrender")["total"] == 0


def test_api_article_annotations_point_into_its_text(client):
    article = get(client, f"/api/articles/{HAND_ID}")
    text = article["text"]
    spans = [(e["trigger_start"], e["trigger_end"], e["trigger_text"]) for e in article["events"]]
    spans += [(m["start"], m["end"], m["text"]) for kind in ("entities", "places") for x in article[kind]
              for m in x["mentions"]]
    spans += [(q["start"], q["end"], q["text"]) for q in article["quotes"]]
    assert len(spans) == 2 + 3 + 2 + 1
    assert all(text[start:end] == words for start, end, words in spans)


def test_api_article_events_of_a_real_article_quote_their_trigger(client):
    listed = get(client, "/api/articles", limit=100)
    assert listed["total"] == 5
    with_events = [a for a in listed["items"] if a["events"] and a["id"] != HAND_ID]
    assert with_events
    article = get(client, f"/api/articles/{with_events[0]['id']}")
    for event in article["events"]:
        assert article["text"][event["trigger_start"]:event["trigger_end"]] == event["trigger_text"]
        assert event["trigger_text"] in event["sentence_text"]


def test_api_search_finds_each_kind_of_record(client):
    body = get(client, "/api/search", q="Kharkiv")
    assert body["events"]["total"] == 1
    assert [a["id"] for a in body["articles"]["items"]] == [HAND_ID]
    assert get(client, "/api/search", q="rebuild")["quotes"]["total"] == 1
    assert get(client, "/api/search", q="Germany")["actors"]["items"][0]["code"] == "DEU"
