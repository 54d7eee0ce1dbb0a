#!/usr/bin/env bash
# Load tests against nginx + gunicorn pools + PostgreSQL + Redis, laid out as in deploy/, on
# loopback only and bounded in time.
#
#   bash bench/load/run.sh [users ...]   the 1 August rush with locust (default: 50 200)
#   bash bench/load/run.sh ratio         each endpoint's throughput as a share of the static
#                                        floor, with wrk at 32 connections (bench/load/ratio.py)
#
# LOAD_SEARCH_POOL=0 sends the search API to the main pool too (the layout before it had
# its own), for comparison. LOAD_INSTANCES=2 runs two portal instances (each its own
# gunicorn and search pool) behind one nginx, on one PostgreSQL and one Redis.
# LOAD_CACHE_URL names the Redis to use (default: a private redis-server for the run).
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=rush
if [ "${1:-}" = ratio ]; then
  MODE=ratio
  shift
fi
[ "$#" -gt 0 ] && USERS=("$@") || USERS=(50 200)
DURATION=${LOAD_DURATION:-90s}
# Users arriving per second: at 5/s the 200 users are all in after 40 s, the rest of the
# run is the steady rush. A faster ramp measures a login storm instead.
SPAWN_RATE=${LOAD_SPAWN_RATE:-5}
PORT=${LOAD_PORT:-8765}
SEARCH_POOL=${LOAD_SEARCH_POOL:-1}
INSTANCES=${LOAD_INSTANCES:-1}
# The ratio mode measures the issue's baseline: 2 workers x 4 threads for the portal.
if [ "$MODE" = ratio ]; then APP_WORKERS=${LOAD_APP_WORKERS:-2}; else APP_WORKERS=${LOAD_APP_WORKERS:-4}; fi
# A worker restarted by max_requests rebuilds its search index: at the floor's rate the
# deployed 50,000 requests come within a minute, in the field within hours. The ratio run
# measures the steady state, so its workers are not recycled (GUNICORN_MAX_REQUESTS to set).
if [ "$MODE" = ratio ]; then export GUNICORN_MAX_REQUESTS=${GUNICORN_MAX_REQUESTS:-0}; fi
DB=${LOAD_DB:-kvota_load}
PY=.venv/bin/python
RESULTS=bench/results

install_debian() {  # install_debian COMMAND PACKAGE
  command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ] && return 0
  echo "installing $2 (Debian package) for the load test"
  apt-get update -qq
  # A policy-rc.d keeps the package from starting a system-wide service.
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
}
install_debian nginx nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ "$MODE" = ratio ] && install_debian wrk wrk
[ -z "${LOAD_CACHE_URL:-}" ] && install_debian redis-server redis-server

$PY -m pip install --quiet -r requirements-bench.txt
mkdir -p "$RESULTS"

pids=()
cleanup() {
  [ -f "$run/nginx.pid" ] && kill "$(cat "$run/nginx.pid")" 2>/dev/null
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$run"
}
run=$(mktemp -d)
chmod 755 "$run"
trap cleanup EXIT

if [ -n "${LOAD_CACHE_URL:-}" ]; then
  export DJANGO_CACHE_URL=$LOAD_CACHE_URL
else
  redis_port=$((PORT + 9))
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
    --maxmemory 256mb --maxmemory-policy allkeys-lru --dir "$run" --daemonize no \
    --logfile "$run/redis.log" &
  pids+=($!)
  export DJANGO_CACHE_URL="redis://127.0.0.1:$redis_port/0"
fi

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECRET_KEY="load-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export DJANGO_LOG_LEVEL=WARNING
# Every simulated user comes from 127.0.0.1: the API's limit per client would measure
# itself, not the portal.
export DJANGO_API_RATE_LIMIT=${LOAD_API_RATE_LIMIT:-1000000/s}
$PY manage.py collectstatic --noinput -v 0
$PY bench/load/prepare.py --employers 1000
# Pages cached by an earlier run on another database must not answer in this one.
$PY manage.py shell -c "from django.core.cache import cache; cache.clear()"
# Plain HTTP on loopback: the cookies cannot be Secure for the load client.
export DJANGO_SECURE_COOKIES=0

app_servers="" search_servers="" ports=()
for i in $(seq 0 $((INSTANCES - 1))); do
  app_port=$((PORT + 1 + 2 * i))
  search_port=$((PORT + 2 + 2 * i))
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$app_port --workers "$APP_WORKERS" \
    --threads 4 --access-logfile /dev/null --pid "$run/app$i.pid" quota_portal.wsgi:application &
  pids+=($!)
  app_servers+="server 127.0.0.1:$app_port; "
  ports+=("$app_port")
  if [ "$SEARCH_POOL" = 1 ]; then
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$search_port --workers 2 \
      --threads 4 --access-logfile /dev/null --pid "$run/search$i.pid" quota_portal.wsgi:application &
    pids+=($!)
    search_servers+="server 127.0.0.1:$search_port; "
    ports+=("$search_port")
  else
    search_servers+="server 127.0.0.1:$app_port; "
  fi
done
sed -e "s#@RUN@#$run#g" -e "s#@PORT@#$PORT#g" -e "s#@APP_SERVERS@#$app_servers#g" \
  -e "s#@SEARCH_SERVERS@#$search_servers#g" bench/load/nginx.conf.in >"$run/nginx.conf"
"$NGINX" -c "$run/nginx.conf" -e "$run/nginx-error.log"
for port in "${ports[@]}" $PORT; do
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done
echo "=== $INSTANCES instance(s), portal $APP_WORKERS workers x 4 threads, search pool: $SEARCH_POOL, cache $DJANGO_CACHE_URL"

memory() {  # resident memory of every gunicorn worker, after the run
  for pidfile in "$run"/*.pid; do
    [ "$(basename "$pidfile")" = nginx.pid ] && continue
    ps -o pid=,rss= --ppid "$(cat "$pidfile")" |
      awk -v pool="$(basename "$pidfile" .pid)" '{printf "%s worker %s: %.0f MiB\n", pool, $1, $2 / 1024}'
  done
}

status=0
if [ "$MODE" = ratio ]; then
  vacancy=$(psql -h 127.0.0.1 -U postgres -d "$DB" -tAc "SELECT min(id) FROM vacancies_vacancy")
  $PY bench/load/ratio.py "http://127.0.0.1:$PORT" --vacancy "$vacancy" \
    --duration "${LOAD_RATIO_SECONDS:-5}" --rounds "${LOAD_RATIO_ROUNDS:-3}" || status=1
  memory
  exit $status
fi

offset=0
for users in "${USERS[@]}"; do
  echo "=== $users users for $DURATION (search pool: $SEARCH_POOL)"
  LOAD_ACCOUNT_OFFSET=$offset LOAD_RESULTS="$RESULTS/load_${users}.json" .venv/bin/locust \
    -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" -u "$users" \
    -r "$SPAWN_RATE" -t "$DURATION" --csv "$RESULTS/load_${users}" --only-summary 2>&1 | tail -n 40
  $PY bench/load/summary.py "$RESULTS/load_${users}_stats.csv" "$users" || status=1
  $PY bench/load/verify.py "$RESULTS/load_${users}.json" || status=1
  offset=$((offset + users))
done
memory
exit $status
