"""Live feeds: follow outlets' RSS/Atom feeds, sitemaps and pages, and ingest
what is new into the store (``dyad fetch``, ``dyad watch``, ``dyad sources``).

    config.py   the sources file (TOML)
    fetch.py    polite HTTP: timeouts, retries, per-host rate limit, robots.txt, byte cap
    parse.py    feeds and sitemaps to lists of items
    page.py     a page to an Article (the reader HTML files go through)
    poll.py     one poll of one source, recorded in the store
    watch.py    polls of every source, once or on a schedule; the on_poll_done hooks
    notify.py   flagged items to a webhook and a log file
"""
