"""``dyad serve``: the HTTP API and the dashboard over a database."""

from __future__ import annotations

from pathlib import Path

import click

from dyad.cli.query import db_option
from dyad.store import default_db_path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep 127.0.0.1 unless others should reach it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--allow-ingest", is_flag=True,
              help="Open the database for writing and accept POST /api/ingest (needs a token).")
@click.option("--token", envvar="DYAD_TOKEN", default=None,
              help="The token POST /api/ingest must carry as 'Authorization: Bearer TOKEN' (default $DYAD_TOKEN).")
# Defaults as text: importing dyad.api (FastAPI) for them would slow every command's start.
@click.option("--rate-limit", type=click.FloatRange(0), default=None,
              help="Requests a second each client may make on average; 0: no limit; beyond it, 429.  [default: 50]")
@click.option("--rate-burst", type=click.IntRange(1), default=None,
              help="Requests a client may make at once before the rate limit applies.  [default: 200]")
def serve_cli(db: str | None, host: str, port: int, allow_ingest: bool, token: str | None,
              rate_limit: float | None, rate_burst: int | None) -> None:
    """Serve the dashboard and the JSON API (read-only unless --allow-ingest).

    Open http://HOST:PORT/ for the dashboard and /docs for the API.

    Example: dyad serve --db demo.duckdb --port 8000
    """
    import uvicorn

    from dyad.api import ServeSettings, create_app

    path = Path(db) if db else default_db_path()
    # On loopback, answer only loopback names (no DNS rebinding); elsewhere any name may reach it.
    hosts = LOOPBACK if host in LOOPBACK else None
    limits = {name: value for name, value in (("rate_limit", rate_limit), ("rate_burst", rate_burst))
              if value is not None}
    app = create_app(ServeSettings(db=path, allow_ingest=allow_ingest, token=token, hosts=hosts, **limits))
    mode = "read-write, ingest on" if allow_ingest else "read-only"
    click.echo(f"dyad: serving {path} ({mode}) at http://{host}:{port}/  (API docs: /docs; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
