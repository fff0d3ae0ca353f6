# tracker: the web app and API. Configure with DATABASE_URL, TRACKER_SECRET_KEY, etc.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    TRACKER_DATA_DIR=/data

RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 tracker \
    && mkdir -p /data /backups && chown tracker /data /backups

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY tracker ./tracker
RUN pip install .

USER tracker
VOLUME ["/data"]
EXPOSE 8000
# The same command the README documents for serving.
CMD ["tracker", "serve", "--host", "0.0.0.0", "--port", "8000"]
