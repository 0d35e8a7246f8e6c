#!/usr/bin/env bash
# demo.sh — all set-up, then performa on the seed plan with the embedded
# SQLite store: builds the binary, imports the seed into ./performa.db, shows
# its summary and starts the web server (Ctrl+C to stop).
#
#   scripts/demo.sh [FILE]     # default: the seed in ../shared/seed
set -euo pipefail
cd "$(dirname "$0")/.."

seed=${1:-../shared/seed/000_5fc117f247c81c3e.txt}
[ -f "$seed" ] || { echo "demo: piano non trovato: $seed" >&2; exit 2; }

echo "== risorse web (npm ci, Bootstrap Italia)"
scripts/assets.sh

echo "== compilazione"
go build -o bin/performa ./cmd/performa

echo "== importazione di $seed in ${PERFORMA_DB:-./performa.db}"
bin/performa import "$seed" --by admin # the administrator serve creates on the first start

if [ "${PERFORMA_DEMO_NO_SERVE:-}" = 1 ]; then
	exit 0
fi
echo
echo "== server web (Ctrl+C per fermare)"
echo "Al primo avvio performa crea l'utente admin e ne stampa la password monouso;"
echo "se è andata persa: bin/performa user passwd admin"
exec bin/performa serve --addr "${PERFORMA_ADDR:-127.0.0.1:8080}"
