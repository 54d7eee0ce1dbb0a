#!/usr/bin/env bash
# The 1 August rush against nginx + two gunicorn pools + PostgreSQL, laid out as in
# deploy/, on loopback only and bounded in time.
# Usage: bash bench/load/run.sh [users ...]   (default: 50 200)
# LOAD_SEARCH_POOL=0 sends the search API to the main pool too (the layout before it had
# its own), for comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$#" -gt 0 ] && USERS=("$@") || USERS=(50 200)
DURATION=${LOAD_DURATION:-90s}
# Users arriving per second: at 5/s the 200 users are all in after 40 s, the rest of the
# run is the steady rush. A faster ramp measures a login storm instead.
SPAWN_RATE=${LOAD_SPAWN_RATE:-5}
PORT=${LOAD_PORT:-8765}
APP_PORT=$((PORT + 1))
SEARCH_PORT=$((PORT + 2))
SEARCH_POOL=${LOAD_SEARCH_POOL:-1}
DB=kvota_load
PY=.venv/bin/python
RESULTS=bench/results

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx (Debian package) for the proxy in front of gunicorn"
  apt-get update -qq
  # A policy-rc.d keeps the package from starting a system-wide nginx on port 80.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
  if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

$PY -m pip install --quiet -r requirements-bench.txt
mkdir -p "$RESULTS"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECRET_KEY="load-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export DJANGO_LOG_LEVEL=WARNING
$PY manage.py collectstatic --noinput -v 0
$PY bench/load/prepare.py --employers 1000
# Plain HTTP on loopback: the cookies cannot be Secure for the load client.
export DJANGO_SECURE_COOKIES=0

pids=()
cleanup() {
  [ -f "$run/nginx.pid" ] && kill "$(cat "$run/nginx.pid")" 2>/dev/null
  kill "${pids[@]}" 2>/dev/null || true
  rm -rf "$run"
}
run=$(mktemp -d)
chmod 755 "$run"
trap cleanup EXIT
.venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$APP_PORT --workers 4 --threads 4 \
  --access-logfile /dev/null quota_portal.wsgi:application &
pids+=($!)
if [ "$SEARCH_POOL" = 1 ]; then
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$SEARCH_PORT --workers 2 \
    --threads 4 --access-logfile /dev/null quota_portal.wsgi:application &
  pids+=($!)
else
  SEARCH_PORT=$APP_PORT
fi
sed -e "s#@RUN@#$run#g" -e "s#@PORT@#$PORT#g" -e "s#@APP_PORT@#$APP_PORT#g" \
  -e "s#@SEARCH_PORT@#$SEARCH_PORT#g" bench/load/nginx.conf.in >"$run/nginx.conf"
"$NGINX" -c "$run/nginx.conf" -e "$run/nginx-error.log"
for port in $APP_PORT $SEARCH_PORT $PORT; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done

offset=0
status=0
for users in "${USERS[@]}"; do
  echo "=== $users users for $DURATION (search pool: $SEARCH_POOL)"
  LOAD_ACCOUNT_OFFSET=$offset LOAD_RESULTS="$RESULTS/load_${users}.json" .venv/bin/locust \
    -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" -u "$users" \
    -r "$SPAWN_RATE" -t "$DURATION" --csv "$RESULTS/load_${users}" --only-summary 2>&1 | tail -n 40
  $PY bench/load/summary.py "$RESULTS/load_${users}_stats.csv" "$users" || status=1
  $PY bench/load/verify.py "$RESULTS/load_${users}.json" || status=1
  offset=$((offset + users))
done
exit $status
