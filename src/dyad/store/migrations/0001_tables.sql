-- Migration 1: the tables. Field names are those of dyad.model; nested records
-- are flattened with their field's name as prefix (trigger.start -> trigger_start).
-- No PRIMARY KEY / UNIQUE constraints: the store is the only writer and keeps
-- ids unique itself, and DuckDB's index constraints make delete-then-insert of
-- the same key in one transaction (reprocessing) fail.

CREATE TABLE schema_version (
    version INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

CREATE TABLE articles (
    id VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    title VARCHAR,
    published VARCHAR,          -- YYYY-MM-DD or NULL
    outlet VARCHAR,
    url VARCHAR,
    dateline VARCHAR,
    license VARCHAR,
    source VARCHAR,
    text VARCHAR NOT NULL,      -- kept so that every offset can be traced back
    warnings VARCHAR[],
    version VARCHAR NOT NULL,   -- EXTRACTOR_VERSION that coded it
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE events (
    article_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    quad TINYINT,
    score DOUBLE,
    modality VARCHAR NOT NULL,
    trigger_start INTEGER,
    trigger_end INTEGER,
    trigger_text VARCHAR,
    sentence_start INTEGER,
    sentence_end INTEGER,
    sentence_text VARCHAR,
    contexts VARCHAR[],
    date VARCHAR,               -- YYYY-MM-DD, YYYY-MM or YYYY
    date_precision VARCHAR,
    date_text VARCHAR,
    date_start DATE,            -- first and last day that `date` covers
    date_end DATE,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    location_place VARCHAR,
    sourcing_kind VARCHAR,
    sourcing_name VARCHAR,
    sourcing_code VARCHAR,
    confidence DOUBLE
);

CREATE TABLE event_actors (
    article_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,      -- actor | recipient
    position INTEGER NOT NULL,  -- order within the event's list
    name VARCHAR,
    code VARCHAR,
    sector VARCHAR,
    entity VARCHAR
);

CREATE TABLE entities (
    article_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    name VARCHAR,
    code VARCHAR,
    sector VARCHAR,
    kind VARCHAR,
    wikidata VARCHAR
);

CREATE TABLE places (
    article_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    name VARCHAR,
    country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    kind VARCHAR,
    geonames_id BIGINT
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,     -- entity | place
    owner_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR
);

CREATE TABLE quotes (
    article_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    kind VARCHAR,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    speaker_name VARCHAR,
    speaker_code VARCHAR,
    speaker_sector VARCHAR,
    speaker_entity VARCHAR,
    sourcing_kind VARCHAR,
    sourcing_name VARCHAR,
    sourcing_code VARCHAR,
    events VARCHAR[]
);

CREATE TABLE errors (
    item VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    seen INTEGER NOT NULL       -- how many runs met it
);
