"""WSGI entry point for gunicorn: ``gunicorn -w 2 -b 127.0.0.1:8080 server.wsgi:app``.

Settings come from ``KG_*`` environment variables (see docs/sparql.md).
"""

from server import create_app

app = create_app()
