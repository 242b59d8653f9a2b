# syntax=docker/dockerfile:1
# Build stage: install the locked dependencies and the project, and collect static files.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1 UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/venv UV_NO_CACHE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
# The uv that uv.lock pins installs exactly what the lock pins (no dev extra): first the
# dependencies, a layer that changes only with the lock, then the project itself.
RUN pip install --quiet "uv==$(sed -n '/^name = "uv"$/{n;s/^version = "\(.*\)"$/\1/p;}' uv.lock)" \
    && uv sync --locked --no-editable --no-install-project
COPY truvisory truvisory
COPY pages pages
COPY guides guides
COPY analytics analytics
COPY page_cache page_cache
COPY accounts accounts
COPY machine_readable machine_readable
COPY search search
COPY worker worker
RUN uv sync --locked --no-editable
COPY . .
# Dummy values: collectstatic needs settings to import, not real secrets.
RUN DJANGO_SETTINGS_MODULE=truvisory.settings.production \
    SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --noinput

# Runtime stage: only the virtualenv, the code and the collected static files.
FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=truvisory.settings.production PORT=8000 MEDIA_ROOT=/app/media
RUN useradd --system --uid 10001 --home-dir /app truvisory
WORKDIR /app
COPY --from=build /venv /venv
# The code stays root's, read-only to the app. Uploads and share cards are written to
# MEDIA_ROOT, which the app's user owns; a new volume mounted there takes this owner.
COPY --from=build /app /app
RUN mkdir -p /app/media && chown truvisory:truvisory /app/media
USER truvisory
EXPOSE 8000
# No HEALTHCHECK here: the same image runs the worker, the scheduler and migrate, which
# serve no /healthz. docker-compose.yml gives `web` its health check.
# Migrations are a separate release step (see docker-compose.yml), never part of start-up.
# The same image runs the task worker: `python manage.py db_worker` (worker/worker.py).
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
