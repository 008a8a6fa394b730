# One image for web, worker and beat (compose.yaml). Debian bookworm, Python 3.11, as in CI.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint's libraries, the fonts of the minuta, gettext, and pg_dump/pg_restore for backups.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
      postgresql-client curl \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home --uid 1000 acuerdos
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=acuerdos:acuerdos . .
# Static files are collected into the image (WhiteNoise serves them); a throwaway key only here.
RUN DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=sqlite:///:memory: \
      python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var/media && chown -R acuerdos:acuerdos /app/var
USER acuerdos
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "tracker.wsgi"]
