-- Migration 5: `event_flat`, the `event_records` view materialised. Readers
-- filtered and paged the view, which aggregated every event's actors and joined
-- its article on each query (0.1 s and more on 40,000 events, and no filter
-- reached inside its aggregation). The store now writes one row per event here,
-- in the transaction that writes the event (dyad.store.db), from the macro
-- `event_flat_of`, so the table and its sources cannot disagree; the same macro
-- fills it here for the events already stored. `event_records` keeps its name
-- and columns and reads this table.

CREATE TABLE event_flat (
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
    date VARCHAR,
    date_precision VARCHAR,
    date_text VARCHAR,
    date_start DATE,
    date_end DATE,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    location_place VARCHAR,
    sourcing_kind VARCHAR,
    sourcing_name VARCHAR,
    sourcing_code VARCHAR,
    confidence DOUBLE,
    actor STRUCT(name VARCHAR, code VARCHAR, sector VARCHAR, entity VARCHAR)[] NOT NULL,
    recipient STRUCT(name VARCHAR, code VARCHAR, sector VARCHAR, entity VARCHAR)[] NOT NULL,
    day_start DATE,             -- the event's own date span, else the publication date
    day_end DATE,
    published VARCHAR,          -- the article's
    title VARCHAR,
    outlet VARCHAR,
    url VARCHAR,
    -- For filters: the codes of `actor` and `recipient` (same order, NULL where a
    -- reference has no code), and the evidence sentence in lower case.
    actor_codes VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    sentence_lower VARCHAR
);

-- The rows of event_flat for the events of these articles (NULL: of every article).
CREATE MACRO event_flat_of(article_ids) AS TABLE
WITH refs AS (
    SELECT article_id, event_id,
           list({'name': name, 'code': code, 'sector': sector, 'entity': entity} ORDER BY position)
               FILTER (WHERE role = 'actor') AS actor,
           list({'name': name, 'code': code, 'sector': sector, 'entity': entity} ORDER BY position)
               FILTER (WHERE role = 'recipient') AS recipient
    FROM event_actors
    WHERE article_ids IS NULL OR list_contains(article_ids, article_id)
    GROUP BY article_id, event_id
), flat AS (
    SELECT e.*,
           coalesce(r.actor, []) AS actor,
           coalesce(r.recipient, []) AS recipient,
           coalesce(e.date_start, try_cast(a.published AS DATE)) AS day_start,
           coalesce(e.date_end, try_cast(a.published AS DATE)) AS day_end,
           a.published, a.title, a.outlet, a.url
    FROM events e
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN refs r ON r.article_id = e.article_id AND r.event_id = e.id
    WHERE article_ids IS NULL OR list_contains(article_ids, e.article_id)
)
SELECT *,
       list_transform(actor, lambda ref: ref.code) AS actor_codes,
       list_transform(recipient, lambda ref: ref.code) AS recipient_codes,
       lower(sentence_text) AS sentence_lower
FROM flat;

INSERT INTO event_flat SELECT * FROM event_flat_of(NULL);

-- Same name and columns as migration 2's view.
CREATE OR REPLACE VIEW event_records AS
SELECT * EXCLUDE (actor_codes, recipient_codes, sentence_lower) FROM event_flat;
