#!/usr/bin/env bash
# pg-test-server.sh — a throwaway PostgreSQL 15 for performa's tests.
#
#   eval "$(scripts/pg-test-server.sh start)"   # sets PERFORMA_TEST_POSTGRES
#   go test ./...
#   scripts/pg-test-server.sh stop
#
# start installs PostgreSQL 15 when it is missing (Debian package
# postgresql-15), creates a data directory under ${TMPDIR:-/tmp}, runs the
# server as the postgres user with trust authentication, listening only on
# 127.0.0.1:${PERFORMA_PG_PORT:-54329}, waits until it accepts connections and
# prints the export line on stdout (everything else goes to stderr). When a
# server already answers on that port it only prints the line. stop stops the
# server that start made and removes its directory.
#
# The server is for tests only: no password, fsync off (set
# PERFORMA_PG_FSYNC=on to measure with it), data thrown away at stop.
set -euo pipefail

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PORT=${PERFORMA_PG_PORT:-54329}
FSYNC=${PERFORMA_PG_FSYNC:-off}
BASE=${TMPDIR:-/tmp}
STATE_FILE=$BASE/performa-pg-$PORT.state # holds the data directory's path
URL="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"

log() { echo "pg-test-server: $*" >&2; }
die() { log "$*"; exit 1; }

# as_postgres runs a command as the postgres user: initdb and the server
# refuse to run as root. A non-root caller runs them as itself.
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

ensure_installed() {
	if [ -x "$PG_BIN/initdb" ]; then
		return
	fi
	[ "$(id -u)" -eq 0 ] || die "PostgreSQL $PG_VERSION is missing and installing it needs root"
	log "installing postgresql-$PG_VERSION"
	apt-get update >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y "postgresql-$PG_VERSION" >&2
	[ -x "$PG_BIN/initdb" ] || die "postgresql-$PG_VERSION installed no $PG_BIN/initdb"
}

ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

start() {
	ensure_installed
	if ready; then
		log "a server already answers on 127.0.0.1:$PORT"
		echo "export PERFORMA_TEST_POSTGRES='$URL'"
		return
	fi
	# A state file without a live server is left by a crash: clean it up.
	[ ! -f "$STATE_FILE" ] || stop
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "user postgres is missing (the package creates it)"
	fi
	local dir
	dir=$(mktemp -d "$BASE/performa-pg-XXXX")
	# The postgres user must reach the directory: mktemp makes it 0700.
	chmod 0755 "$dir"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
	echo "$dir" >"$STATE_FILE"
	as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust \
		--encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	# pg_ctl hands the options to a shell: they must stay on one line.
	local opts="-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$dir"
	opts+=" -c fsync=$FSYNC -c synchronous_commit=$FSYNC -c full_page_writes=$FSYNC"
	opts+=" -c max_connections=200"
	as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start >&2 ||
		{ cat "$dir/server.log" >&2; die "the server did not start"; }
	for _ in $(seq 1 60); do
		if ready; then
			log "PostgreSQL $PG_VERSION on 127.0.0.1:$PORT, data in $dir"
			echo "export PERFORMA_TEST_POSTGRES='$URL'"
			return
		fi
		sleep 0.5
	done
	cat "$dir/server.log" >&2
	die "the server does not accept connections"
}

stop() {
	if [ ! -f "$STATE_FILE" ]; then
		log "no server started by this script on port $PORT"
		return
	fi
	local dir
	dir=$(cat "$STATE_FILE")
	case "$dir" in
	"$BASE"/performa-pg-*) ;;
	*) die "unexpected directory in $STATE_FILE: $dir" ;;
	esac
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
	fi
	rm -rf "$dir"
	rm -f "$STATE_FILE"
	log "stopped, $dir removed"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
