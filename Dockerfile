# Rapport's team server: the web workers (`rapport serve`) and the job worker
# (`rapport worker`) run from this one image; compose.yaml wires them to PostgreSQL.
# See docs/deployment.md, "Containers".
#   docker build -t rapport .

# --- build: the Rapport wheel (catalogs compiled) and the wheels of its dependencies ---
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml setup.py README.md ./
COPY src ./src
# The extra [team] brings PostgreSQL's driver and the job queue.
RUN pip wheel --wheel-dir /wheels ".[team]"

# --- run: a small image with the installed wheels, as an unprivileged user -------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RAPPORT_MODE=team \
    RAPPORT_HOST=0.0.0.0 \
    RAPPORT_PORT=8000 \
    RAPPORT_DATA_DIR=/var/lib/rapport
RUN useradd --system --uid 10001 --user-group --no-log-init \
        --home-dir /var/lib/rapport --create-home --shell /usr/sbin/nologin rapport
# Only the wheels built above, nothing fetched: pinned by the build stage.
# hadolint ignore=DL3013
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels "rapport[team]"
USER 10001:10001
WORKDIR /var/lib/rapport
EXPOSE 8000
# 200 while the server and its database answer, 503 while the database does not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('RAPPORT_PORT', '8000')}/healthz\", timeout=4)"]
ENTRYPOINT ["rapport"]
CMD ["serve", "--workers", "2"]
