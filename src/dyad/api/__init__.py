"""Dyad's HTTP API and dashboard server (FastAPI): ``create_app(ServeSettings(db=...))``."""

from dyad.api.app import ServeSettings, create_app

__all__ = ["ServeSettings", "create_app"]
