#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the JDBC store's tests and benchmarks.
#
#   .ci/postgres.sh start   # install (root + apt only, if missing), init and start on 127.0.0.1:$PGCI_PORT
#   .ci/postgres.sh stop    # stop it and delete its data directory
#   .ci/postgres.sh status
#
# Settings (environment): PGCI_PORT (default 54329), PGCI_DIR (default ${TMPDIR:-/tmp}/mllifecycle-pgci),
# PGCI_USER (the OS user that owns the cluster when run as root; default pgci).
# The tests connect to jdbc:postgresql://127.0.0.1:$PGCI_PORT/postgres as user postgres (trust auth,
# local connections only); set LIFECYCLE_TEST_JDBC_URL / LIFECYCLE_TEST_JDBC_USER to use another server.
set -euo pipefail

PORT="${PGCI_PORT:-54329}"
DIR="${PGCI_DIR:-${TMPDIR:-/tmp}/mllifecycle-pgci}"
OS_USER="${PGCI_USER:-pgci}"
DATA="$DIR/data"
LOG="$DIR/postgres.log"

find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

install_postgres() {
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "postgres.sh: PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in" \
             "/usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: sudo apt-get install -y postgresql)" \
             "or point LIFECYCLE_TEST_JDBC_URL at a server you run." >&2
        exit 1
    fi
    echo "postgres.sh: installing PostgreSQL from Debian packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# Runs a command as the cluster's owner: postgres refuses to run as root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$OS_USER" -- "$@"
    else
        "$@"
    fi
}

start() {
    local bin
    bin="$(find_bin)" || { install_postgres; bin="$(find_bin)"; } || {
        echo "postgres.sh: PostgreSQL was installed but initdb is still not found" >&2; exit 1; }
    if [ "$(id -u)" -eq 0 ] && ! id "$OS_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
    fi
    mkdir -p "$DIR"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$OS_USER" "$DIR"
    fi
    if [ -f "$DATA/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        echo "postgres.sh: already running on 127.0.0.1:$PORT (data in $DATA)"
        return 0
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR -c max_connections=200" >/dev/null
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT" \
         "(data in $DATA); tests use jdbc:postgresql://127.0.0.1:$PORT/postgres as user postgres"
    if [ "$PORT" != "54329" ]; then
        echo "postgres.sh: not the tests' default port: export LIFECYCLE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:$PORT/postgres"
    fi
}

stop() {
    local bin
    if [ -f "$DATA/postmaster.pid" ] && bin="$(find_bin)"; then
        as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$DIR"
    echo "postgres.sh: stopped and removed $DIR"
}

status() {
    local bin
    if [ -f "$DATA/postmaster.pid" ] && bin="$(find_bin)" && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        echo "postgres.sh: running on 127.0.0.1:$PORT (data in $DATA)"
    else
        echo "postgres.sh: not running"
        return 3
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
