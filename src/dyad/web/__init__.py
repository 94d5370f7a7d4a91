"""The dashboard: server-side page shells (Jinja2) and the static JS/CSS that fill them from /api."""
