#!/usr/bin/env bash
# load.sh — a bounded load test of the web server on the seed plan: builds
# performa, imports the seed into a throwaway SQLite file (or the
# PostgreSQL of PERFORMA_DB), starts the server on 127.0.0.1:$PORT, signs in
# and runs wrk against the static CSS, /piano, the Cruscotto (/), the
# plan API and its scores, as a browser asks (Accept-Encoding: gzip, deflate, br).
# Installs wrk from Debian if missing. Measures; asserts nothing.
#
#   scripts/load.sh                      # wrk -t2 -c64 -d10s
#   PORT=8093 DURATION=10s CONNECTIONS=64 scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8093}
duration=${DURATION:-10s}
conns=${CONNECTIONS:-64}
seed=${SEED:-../shared/seed/000_5fc117f247c81c3e.txt}

if ! command -v wrk >/dev/null; then
	[ "$(id -u)" -eq 0 ] || { echo "load: wrk non trovato (apt-get install wrk)" >&2; exit 2; }
	apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >&2
fi
[ -d internal/web/static/vendor/bootstrap-italia ] || scripts/assets.sh

work=$(mktemp -d /tmp/performa-load-XXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/performa" ./cmd/performa
export PERFORMA_DB=${PERFORMA_DB:-$work/load.db}
"$work/performa" import "$seed" --by carico >/dev/null
echo "prova misura lenta 2026" | "$work/performa" user add carico --role admin --password-stdin --by carico >/dev/null
"$work/performa" serve --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

base=http://127.0.0.1:$port
curl -fs -c "$work/jar" -o /dev/null -d "nome=carico&password=prova+misura+lenta+2026" "$base/accedi"
cookie="performa_sessione=$(awk '$6 == "performa_sessione" {print $7}' "$work/jar")"
token=$("$work/performa" token create carico | grep -o 'pfm_[A-Za-z0-9_]*' | head -1)
plan=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/plans" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
css=$(curl -fs -H "Cookie: $cookie" "$base/" | grep -o '/static/[^"]*\.css[^"]*' | tail -1)

accept="Accept-Encoding: gzip, deflate, br"
size() { curl -s -o /dev/null -w '%{size_download}' -H "$accept" "$@"; }
echo "== byte trasferiti (compressi / non compressi)"
printf '%-22s %8s %8s\n' "$css" "$(size "$base$css")" "$(curl -s -o /dev/null -w '%{size_download}' "$base$css")"
printf '%-22s %8s %8s\n' /piano "$(size -H "Cookie: $cookie" "$base/piano")" "$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" "$base/piano")"
printf '%-22s %8s %8s\n' / "$(size -H "Cookie: $cookie" "$base/")" "$(curl -s -o /dev/null -w '%{size_download}' -H "Cookie: $cookie" "$base/")"
printf '%-22s %8s %8s\n' "/api/v1/plans/$plan" "$(size -H "Authorization: Bearer $token" "$base/api/v1/plans/$plan")" \
	"$(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $token" "$base/api/v1/plans/$plan")"

run() {
	local name=$1
	shift
	echo "== $name"
	wrk -t2 -c"$conns" -d"$duration" --latency -H "$accept" "$@" | grep -E 'Requests/sec|Non-2xx|99%|Latency  '
}
run "static CSS $css" "$base$css"
run "/piano" -H "Cookie: $cookie" "$base/piano"
run "Cruscotto /" -H "Cookie: $cookie" "$base/"
run "API /api/v1/plans/$plan" -H "Authorization: Bearer $token" "$base/api/v1/plans/$plan"
run "API /api/v1/plans/$plan/scores" -H "Authorization: Bearer $token" "$base/api/v1/plans/$plan/scores"
etag=$(curl -s -D - -o /dev/null -H "$accept" -H "Authorization: Bearer $token" "$base/api/v1/plans/$plan" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
run "API /api/v1/plans/$plan, If-None-Match (304)" -H "Authorization: Bearer $token" -H "If-None-Match: $etag" "$base/api/v1/plans/$plan"
