#!/usr/bin/env bash
# test.sh — all set-up, then every test: go vet, and go test on SQLite and on
# a real PostgreSQL 15 server started here for the run (installed from
# Debian's packages when missing) and stopped at the end.
#
#   scripts/test.sh            # every test
#   scripts/test.sh -run Seed  # extra arguments go to go test
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go: moduli"
go mod download

echo "== PostgreSQL di prova"
eval "$(scripts/pg-test-server.sh start)"
trap 'scripts/pg-test-server.sh stop >/dev/null 2>&1 || true' EXIT
export PERFORMA_TEST_POSTGRES

echo "== go vet"
go vet ./...

echo "== go test (SQLite e PostgreSQL)"
go test -count=1 "$@" ./...
