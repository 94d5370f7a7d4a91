-- Migration 2: views that readers (query, exports, analysis) share.

-- One row per event with its actors and recipients as ordered lists, the
-- article's metadata, and `day_start`/`day_end`: the event's own date span, or
-- the publication date where the event has no date of its own.
CREATE VIEW event_records AS
WITH refs AS (
    SELECT article_id, event_id,
           list({'name': name, 'code': code, 'sector': sector, 'entity': entity} ORDER BY position)
               FILTER (WHERE role = 'actor') AS actor,
           list({'name': name, 'code': code, 'sector': sector, 'entity': entity} ORDER BY position)
               FILTER (WHERE role = 'recipient') AS recipient
    FROM event_actors
    GROUP BY article_id, event_id
)
SELECT e.*,
       coalesce(r.actor, []) AS actor,
       coalesce(r.recipient, []) AS recipient,
       coalesce(e.date_start, try_cast(a.published AS DATE)) AS day_start,
       coalesce(e.date_end, try_cast(a.published AS DATE)) AS day_end,
       a.published, a.title, a.outlet, a.url
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN refs r ON r.article_id = e.article_id AND r.event_id = e.id;

-- GDELT-like: one row per actor-recipient pair of each event (an event with no
-- recipient, or no actor, still has one row, with that side empty).
CREATE VIEW event_dyads AS
SELECT e.article_id, e.id AS event_id, e.day_start, e.date, e.date_precision,
       e.type AS event_type, e.mode, e.quad, e.score, e.modality,
       act.name AS actor_name, act.code AS actor_code, act.sector AS actor_sector,
       rec.name AS recipient_name, rec.code AS recipient_code, rec.sector AS recipient_sector,
       e.location_name, e.location_country, e.location_lat, e.location_lon,
       array_to_string(e.contexts, ';') AS contexts, e.sourcing_kind, e.sourcing_name,
       e.confidence, e.published, e.outlet, e.url, e.sentence_text
FROM event_records e
LEFT JOIN event_actors act
       ON act.article_id = e.article_id AND act.event_id = e.id AND act.role = 'actor'
LEFT JOIN event_actors rec
       ON rec.article_id = e.article_id AND rec.event_id = e.id AND rec.role = 'recipient';
