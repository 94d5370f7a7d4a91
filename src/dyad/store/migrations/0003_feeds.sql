-- Migration 3: the state of live feeds (dyad fetch / watch / sources).
-- One row per source (its health and the validators of its last response),
-- one per item URL met in a listing (what became of it), one per poll of a
-- source (a log). Kept by dyad.store.feeds; no key constraints (see 0001).

CREATE TABLE feed_sources (
    name VARCHAR NOT NULL,          -- as in the sources file
    url VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,          -- feed | sitemap | page
    outlet VARCHAR,
    language VARCHAR,               -- as the sources file declares it
    license VARCHAR,
    etag VARCHAR,                   -- validators of the last listing fetched, for conditional requests
    last_modified VARCHAR,
    last_poll TIMESTAMP,
    last_success TIMESTAMP,
    last_failure TIMESTAMP,
    last_error_kind VARCHAR,        -- timeout | network | http | robots | redirect | too_large | malformed ...
    last_error VARCHAR,
    consecutive_failures INTEGER NOT NULL,
    polls INTEGER NOT NULL,
    failures INTEGER NOT NULL
);

CREATE TABLE feed_items (
    source VARCHAR NOT NULL,        -- the source that first listed it
    url VARCHAR NOT NULL,           -- normalised: no fragment, no tracking parameters
    status VARCHAR NOT NULL,        -- stored | duplicate | rejected | failed (failed is retried)
    kind VARCHAR,                   -- why rejected or failed: language, http, timeout, robots ...
    reason VARCHAR,
    article_id VARCHAR,             -- the stored article (for duplicate: the copy already stored)
    text_hash VARCHAR,
    title VARCHAR,
    author VARCHAR,                 -- the article model has no author; kept here
    published VARCHAR,
    attempts INTEGER NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL
);

CREATE TABLE feed_polls (
    source VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    outcome VARCHAR NOT NULL,       -- ok | not_modified | failed
    error_kind VARCHAR,
    error VARCHAR,
    listed INTEGER NOT NULL,        -- items in the listing
    new INTEGER NOT NULL,           -- of them, not met before
    stored INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    failed INTEGER NOT NULL
);
