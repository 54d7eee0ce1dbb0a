# Production image of the Kvota Portalı: gunicorn serving Django, WhiteNoise serving static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
# WeasyPrint's libraries and a font with every Azerbaijani and Cyrillic letter (PDFs).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /app kvota
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# collectstatic needs a production-shaped environment but no database.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-key-build-only-key-build-only-key-xxxxxxxx \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput
USER kvota
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "quota_portal.wsgi:application"]
