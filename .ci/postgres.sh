#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages when missing, starts it, creates
# the test database and prints its URL (for SALKKU_TEST_POSTGRES).
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$ver main"; then
	pg_createcluster "$ver" main >&2
fi
pg_ctlcluster "$ver" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
	su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
	sleep 1
done
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'salkku'\"" >&2
su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname='salkku_test'\"" | grep -q 1 ||
	su postgres -c "createdb salkku_test" >&2
echo "postgres://postgres:salkku@127.0.0.1:5432/salkku_test?sslmode=disable"
