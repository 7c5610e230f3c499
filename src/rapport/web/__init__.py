"""Web adapter: the FastAPI app (REST API under /api, HTML pages)."""
