# Launchkit: one image for the web and worker processes. Release steps (migrate, load_demo) are one-off commands.
# The base is a build argument so CI can build on a locally made Debian bookworm image when no registry is reachable.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- Stage 1: a virtualenv with the pinned requirements -------------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DEFAULT_TIMEOUT=120 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

# --- Stage 2: runtime --------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# Stored pages are kept apart per release (config/settings/base.py, RELEASE): pass the commit being built.
ARG RELEASE=unknown
ENV RELEASE=${RELEASE} \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    DATABASE_URL=sqlite:////data/db.sqlite3 \
    EMAIL_FILE_PATH=/data/mail \
    PAGE_CACHE_DIR=/data/cache/pages \
    PORT=8000

# A system user with a home directory: gunicorn 27 keeps its control socket there.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /data/media /data/mail /data/cache/pages \
    && chown -R app:app /data

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code stays owned by root: the app user can read it, not change it.
COPY . /app

# collectstatic needs settings to import; the key below is a throwaway used for this one command only. It is set
# inline, so no layer's ENV carries it, and the production image refuses to start without a real one.
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0 \
    && python -m compileall -q /app/config /app/ops /app/home /app/blog /app/resources /app/newsletter /app/analytics

# Numeric, so orchestrators can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
EXPOSE 8000
VOLUME ["/data"]

# /healthz answers on any Host header and is exempt from the HTTPS redirect (ops/health.py).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

CMD ["gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"]
