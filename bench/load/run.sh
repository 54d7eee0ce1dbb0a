#!/usr/bin/env bash
# The 1 August rush against gunicorn + PostgreSQL, on loopback only, bounded in time.
# Usage: bash bench/load/run.sh [users ...]   (default: 50 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$#" -gt 0 ] && USERS=("$@") || USERS=(50 200)
DURATION=${LOAD_DURATION:-60s}
PORT=${LOAD_PORT:-8765}
DB=kvota_load
PY=.venv/bin/python
$PY -m pip install --quiet -r requirements-bench.txt
mkdir -p bench/results
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECRET_KEY="load-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export DJANGO_LOG_LEVEL=WARNING
$PY manage.py collectstatic --noinput -v 0
$PY bench/load/prepare.py --employers 1000
# Plain HTTP on loopback: the cookies cannot be Secure for the load client.
export DJANGO_SECURE_COOKIES=0
.venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$PORT --workers 4 --threads 4 \
  --access-logfile /dev/null quota_portal.wsgi:application &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
offset=0
for users in "${USERS[@]}"; do
  echo "=== $users users for $DURATION"
  LOAD_ACCOUNT_OFFSET=$offset LOAD_RESULTS="bench/results/load_${users}.json" .venv/bin/locust -f bench/load/locustfile.py --headless \
    --host "http://127.0.0.1:$PORT" -u "$users" -r "$((users / 10 + 1))" -t "$DURATION" \
    --csv "bench/results/load_${users}" --only-summary 2>&1 | tail -n 40
  $PY bench/load/verify.py "bench/results/load_${users}.json"
  offset=$((offset + users))
done
