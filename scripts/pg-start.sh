#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with a superuser role tochuc/tochuc and a
# database tochuc: the server the suite runs on with
#     DATABASE_URL=postgresql://tochuc:tochuc@127.0.0.1:5432/tochuc
# Idempotent. Installs Debian's postgresql when no server binaries are there, creates a cluster when
# there is none on port 5432, starts it. Meant to run as root (as CI does); elsewhere it needs sudo.
set -euo pipefail

PORT=5432
ROLE=${PG_ROLE:-tochuc}
PASSWORD=${PG_PASSWORD:-tochuc}
DB=${PG_DB:-tochuc}

say() { echo "pg-start: $*"; }
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

# 1. Server binaries.
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "no PostgreSQL server installed: installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq postgresql >/dev/null
fi
VERSION=$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n1 | cut -d/ -f5)

# 2. A running server on the port; a cluster for it if there is none.
if pg_isready -q -h 127.0.0.1 -p "$PORT"; then
    say "a server already answers on 127.0.0.1:$PORT"
else
    # pg_lsclusters -h: "version name port status owner datadir logfile"
    read -r CL_VERSION CL_NAME < <(pg_lsclusters -h | awk -v p="$PORT" '$3 == p {print $1, $2; exit}') || true
    if [ -z "${CL_VERSION:-}" ]; then
        CL_VERSION=$VERSION
        CL_NAME=main
        if pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {found=1} END {exit !found}'; then
            CL_NAME=tochuc  # a "main" cluster exists on another port: leave it alone
        fi
        say "creating cluster $CL_VERSION/$CL_NAME on port $PORT"
        as_root pg_createcluster --port "$PORT" "$CL_VERSION" "$CL_NAME" >/dev/null
    fi
    say "starting cluster $CL_VERSION/$CL_NAME"
    as_root pg_ctlcluster "$CL_VERSION" "$CL_NAME" start
    for _ in $(seq 1 60); do
        pg_isready -q -h 127.0.0.1 -p "$PORT" && break
        sleep 0.5
    done
    pg_isready -h 127.0.0.1 -p "$PORT"
fi

# 3. The role and the database.
psql_su() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qtAX "$@"; }
if [ "$(psql_su -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
    say "creating role $ROLE"
    psql_su -c "CREATE ROLE \"$ROLE\" LOGIN SUPERUSER PASSWORD '$PASSWORD'"
else
    psql_su -c "ALTER ROLE \"$ROLE\" LOGIN SUPERUSER PASSWORD '$PASSWORD'"
fi
if [ "$(psql_su -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    say "creating database $DB"
    psql_su -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
fi

PGPASSWORD=$PASSWORD psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DB" -qtAX -c "SELECT 1" >/dev/null
say "ready: postgresql://$ROLE:***@127.0.0.1:$PORT/$DB"
