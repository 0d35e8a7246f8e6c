#!/usr/bin/env bash
# test.sh — all set-up, then every test: go vet, and go test on SQLite and on
# a real PostgreSQL 15 server started here for the run (installed from
# Debian's packages when missing) and stopped at the end. The set-up also
# installs the npm packages and copies Bootstrap Italia into the binary's
# assets (scripts/assets.sh), and installs Debian's chromium for the browser
# tests and poppler-utils for reading the PDFs back when they are missing
# (as root; with CI=true those tests must run).
#
#   scripts/test.sh            # every test
#   scripts/test.sh -run Seed  # extra arguments go to go test
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go: moduli"
go mod download

echo "== risorse web (npm ci, Bootstrap Italia)"
scripts/assets.sh

echo "== Chromium per i test nel browser"
if ! command -v chromium >/dev/null 2>&1 && [ -z "${PERFORMA_CHROMIUM:-}" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		apt-get update >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null
	else
		echo "chromium manca e installarlo richiede root: i test nel browser saranno saltati (falliscono con CI=true)" >&2
	fi
fi

echo "== poppler-utils per rileggere i PDF (pdftotext, pdftoppm)"
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ]; then
		apt-get update >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils >/dev/null
	else
		echo "poppler-utils manca e installarlo richiede root: i test dei PDF saranno saltati (falliscono con CI=true)" >&2
	fi
fi

echo "== PostgreSQL di prova"
eval "$(scripts/pg-test-server.sh start)"
trap 'scripts/pg-test-server.sh stop >/dev/null 2>&1 || true' EXIT
export PERFORMA_TEST_POSTGRES

echo "== go vet"
go vet ./...

echo "== go test (SQLite e PostgreSQL)"
# The browser tests walk whole years of the seed: on a busy machine a
# package takes longer than go test's default 10 minutes.
go test -count=1 -timeout 45m "$@" ./...
