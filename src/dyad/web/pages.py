"""Dashboard pages: one template per page; the page's script fetches its data from /api.

Every page reads its filters from the query string, so each view can be
shared as a URL. The world map's country shapes are the SVG shipped by the
pinned ``pygal_maps_world`` package, served from here (no tile server).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from dyad.version import __version__

_HERE = files("dyad.web")
templates = Jinja2Templates(directory=str(_HERE / "templates"))

# path -> (template, page title); each template names its own script.
PAGES = {
    "/": ("overview.html", "Overview"),
    "/events": ("events.html", "Events"),
    "/articles": ("articles.html", "Articles"),
    "/actors": ("actors.html", "Actors"),
    "/map": ("map.html", "Map"),
    "/dyad": ("dyad.html", "Dyad"),
}
NAV = [(path, title) for path, (_, title) in PAGES.items()]


def world_map_path() -> str:
    return str(files("pygal_maps_world") / "worldmap.svg")


def install_pages(app: FastAPI) -> None:
    for path, (template, title) in PAGES.items():
        app.add_api_route(path, _page(template, title), methods=["GET"], include_in_schema=False,
                          response_class=HTMLResponse)

    @app.get("/articles/{article_id}", include_in_schema=False, response_class=HTMLResponse)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        return _render(request, "article.html", "Article", subject=article_id)

    @app.get("/actors/{code}", include_in_schema=False, response_class=HTMLResponse)
    def actor_page(request: Request, code: str) -> HTMLResponse:
        return _render(request, "actor.html", f"Actor {code.upper()}", subject=code.upper())

    @app.get("/static/world.svg", include_in_schema=False)
    def world_map() -> FileResponse:
        return FileResponse(world_map_path(), media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")


def _page(template: str, title: str) -> Any:
    def page(request: Request) -> HTMLResponse:
        return _render(request, template, title)

    page.__name__ = f"page_{template.removesuffix('.html')}"
    return page


def _render(request: Request, template: str, title: str, *, subject: str | None = None) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {
        "title": title, "subject": subject, "nav": NAV, "version": __version__,
        "db": request.app.state.store.path.name,
    })
