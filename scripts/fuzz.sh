#!/usr/bin/env bash
# `make fuzz`: schemathesis over the whole OpenAPI document of a running instance, as staff and as a partner,
# bounded in time; it fails on any server error (5xx) and prints the server's tracebacks.
#
# The instance runs under gunicorn (three workers, DEBUG off) on a throwaway PostgreSQL database holding the
# demo data, which is dropped afterwards. Generated documents are queued on an in-memory broker and never
# rendered: rendering has its own tests, and the fuzz is about the API's answers.
#
#   FUZZ_DATABASE_URL  the throwaway database, dropped and created (default postgres://postgres@127.0.0.1:5432/clusterflow_fuzz)
#   FUZZ_PORT          where the instance listens (default 8765)
#   FUZZ_SECONDS       time budget of each user's run; they run side by side (default 150)
#   FUZZ_EXAMPLES      generated cases per operation and round (default 10)
# Each user's full schemathesis output and the instance's log stay in var/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="$(cd "${BIN:-.venv/bin}" && pwd)"  # the Makefile passes its virtualenv
database_url="${FUZZ_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/clusterflow_fuzz}"
port="${FUZZ_PORT:-8765}"
seconds="${FUZZ_SECONDS:-150}"
examples="${FUZZ_EXAMPLES:-10}"
password="fuzz-demo-password"
base="http://127.0.0.1:$port"

server_url="${database_url%/*}"  # the same server, its maintenance database for DROP/CREATE
database="${database_url##*/}"
work="$(mktemp -d)"
logs="$PWD/var/fuzz"
mkdir -p "$logs"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null
psql -q "$server_url/postgres" -c "CREATE DATABASE \"$database\"" >/dev/null

export DJANGO_SETTINGS_MODULE=config.settings.local DEBUG=false SECRET_KEY="fuzz-only-$(date +%s)-$RANDOM$RANDOM"
export ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL="$database_url" CELERY_BROKER_URL=memory:// CACHE_URL=
export MEDIA_ROOT="$work/media" LOG_LEVEL=WARNING

echo "== fuzz: migrate and load the demo data into $database"
$BIN/python manage.py migrate --no-input >/dev/null
$BIN/python manage.py demo --password "$password" >/dev/null

echo "== fuzz: gunicorn on $base"
$BIN/gunicorn config.wsgi --bind "127.0.0.1:$port" --workers 3 --timeout 60 >"$logs/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 60); do
  curl -sf -o /dev/null "$base/api/schema/?format=json" && break
  sleep 1
done

token() {
  curl -sf -X POST "$base/api/auth/token/" -d "username=$1" -d "password=$password" \
    | $BIN/python -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
staff_token="$(token office)"
partner_token="$(token partner.gmt)"

# Half of the path ids (and file versions) are ones the demo data has, so that detail, change, download and
# transition operations reach their logic instead of answering 404 to a random id.
cat >"$work/schemathesis.toml" <<'TOML'
[dictionaries.demo_ids]
values = ["1", "2", "3", "4", "5"]  # path ids are strings of digits in the schema

[parameters]
"path.id" = { dictionary = "demo_ids", probability = 0.5 }
"path.project_id" = { dictionary = "demo_ids", probability = 0.5 }
"path.version" = { dictionary = "demo_ids", probability = 0.5 }
TOML

run() {  # user, token; from the scratch folder: schemathesis reads schemathesis.toml there and keeps its cache
  # One worker each: Python 3.11's ast.parse, which hypothesis calls, is not safe across threads.
  cd "$work" && "$BIN/schemathesis" run "$base/api/schema/?format=json" \
    --checks not_a_server_error \
    --header "Authorization: Token $2" \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" --max-time "$seconds" \
    --workers 1 --request-timeout 60 --suppress-health-check all \
    --output-truncate false >"$logs/$1.log" 2>&1
}

echo "== fuzz: schemathesis as office (staff) and partner.gmt (partner), ${seconds}s each, side by side"
status=0
run staff "$staff_token" & staff_pid=$!
run partner "$partner_token" & partner_pid=$!
wait "$staff_pid" || status=1
wait "$partner_pid" || status=1

for user in staff partner; do
  echo "---- schemathesis as $user ($logs/$user.log)"
  # Its failures and errors with the requests that reproduce them, then the summary.
  if grep -q '^=* \(FAILURES\|ERRORS\) =*$' "$logs/$user.log"; then
    sed -n '/^=* \(FAILURES\|ERRORS\) =*$/,$p' "$logs/$user.log" | head -n 300
  else
    sed -n '/^=* SUMMARY =*$/,$p' "$logs/$user.log"
  fi
done
if grep -q "Internal Server Error" "$logs/server.log"; then
  echo "---- server errors in the instance's log ($logs/server.log)"
  grep -A 40 "Internal Server Error" "$logs/server.log" | head -n 400
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED — the failures (5xx) or schemathesis errors above" >&2
else
  echo "fuzz: no server error"
fi
exit "$status"
