-- Stories and wire copies (docs/analytics.md): what dyad.store.stories derives
-- from the articles and events after each ingest. Every row of these tables is
-- derived; `dyad stories --rebuild` recomputes them all from the articles.

-- Every article checked for wire copies, by the version of it that was checked
-- (`ingested_at` of the article then): an article stored again (reprocessed)
-- no longer matches and is checked, and its events clustered, anew.
-- `signature` is its MinHash (empty for texts too short to compare).
CREATE TABLE wire_articles (
    article_id VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    signature HUGEINT[] NOT NULL   -- values reach 2^70 (densified bins), beyond BIGINT
);

-- The LSH band keys of each signature: a new article is compared only with the
-- articles sharing a key, so only their signatures are read.
CREATE TABLE wire_bands (
    article_id VARCHAR NOT NULL,
    band_key VARCHAR NOT NULL
);

-- Near-duplicate articles: `article_id` is a copy of `original_id` (the first
-- article of its group of copies); `similarity` is their estimated Jaccard
-- similarity of word 3-grams.
CREATE TABLE wire_copies (
    article_id VARCHAR NOT NULL,
    original_id VARCHAR NOT NULL,
    similarity DOUBLE
);

-- The story of each event mention. `link_group` labels the group of linked
-- mentions that one or more stories were cut from (by date); it lets a later
-- mention that links into the group cut it anew exactly as a rebuild would.
CREATE TABLE story_events (
    article_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL,
    canonical BOOLEAN NOT NULL,
    link_group VARCHAR NOT NULL
);

-- One row per story: its canonical mention and its reach.
CREATE TABLE stories (
    story_id VARCHAR NOT NULL,
    canonical_article_id VARCHAR NOT NULL,
    canonical_event_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    quad TINYINT,
    score DOUBLE,
    modality VARCHAR NOT NULL,     -- of the canonical mention
    day DATE,                      -- the canonical mention's day (own date, else publication)
    actor_codes VARCHAR[],         -- every code named by a mention
    recipient_codes VARCHAR[],
    first_report VARCHAR,          -- first and last publication day (YYYY-MM-DD)
    last_report VARCHAR,
    n_events INTEGER NOT NULL,     -- event mentions
    n_articles INTEGER NOT NULL,   -- independent reports (wire copies counted once)
    n_outlets INTEGER NOT NULL,    -- outlets of the independent reports
    n_copies INTEGER NOT NULL,     -- wire copies absorbed
    outlets VARCHAR[],
    sentence VARCHAR               -- the canonical evidence sentence
);
