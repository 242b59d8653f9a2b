# syntax=docker/dockerfile:1
# Build stage: install the project and collect static files.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY truvisory truvisory
COPY pages pages
COPY guides guides
RUN /venv/bin/pip install --upgrade pip && /venv/bin/pip install .
COPY . .
# Dummy values: collectstatic needs settings to import, not real secrets.
RUN DJANGO_SETTINGS_MODULE=truvisory.settings.production \
    SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --noinput

# Runtime stage: only the virtualenv, the code and the collected static files.
FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=truvisory.settings.production PORT=8000
RUN useradd --system --uid 10001 --home-dir /app truvisory
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build --chown=truvisory:truvisory /app /app
USER truvisory
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
# Migrations are a separate release step (see docker-compose.yml), never part of start-up.
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
