# Sourced by .ci/run before `make test`: a local PostgreSQL for the store tests.
# Exports KIEMCHUNG_TEST_PG_URL (tests/run/test_store.py runs every store test against it too).
# Idempotent: installs only when missing, starts only when down, creates role/db only once.
# Sourced, so no `set -e` here: failures are reported and the tests then fail loudly in CI.

_kc_pg_setup() {
  local user=kiemchung pass=kiemchung db=kiemchung_test port
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    if [ "$(id -u)" != "0" ]; then
      echo "ci_postgres: PostgreSQL is not installed and we are not root; store tests run on SQLite only" >&2
      return 1
    fi
    echo "==> installing postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null || return 1
  fi
  local line ver name status
  line=$(pg_lsclusters --no-header 2>/dev/null | head -n1)
  if [ -z "$line" ]; then
    ver=$(ls /usr/lib/postgresql | sort -V | tail -n1)
    pg_createcluster "$ver" main >/dev/null || return 1
    line=$(pg_lsclusters --no-header | head -n1)
  fi
  read -r ver name port status _ <<<"$line"
  if [ "$status" != "online" ]; then
    pg_ctlcluster "$ver" "$name" start || service postgresql start || return 1
  fi
  _kc_psql() { if [ "$(id -u)" = "0" ]; then su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -p $port -c \"$1\""; else psql -v ON_ERROR_STOP=1 -qtA -p "$port" -c "$1"; fi; }
  local i
  for i in $(seq 1 30); do _kc_psql "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
  if [ "$(_kc_psql "SELECT 1 FROM pg_roles WHERE rolname='$user'")" != "1" ]; then
    _kc_psql "CREATE ROLE $user LOGIN PASSWORD '$pass'" || return 1
  fi
  if [ "$(_kc_psql "SELECT 1 FROM pg_database WHERE datname='$db'")" != "1" ]; then
    _kc_psql "CREATE DATABASE $db OWNER $user" || return 1
  fi
  export KIEMCHUNG_TEST_PG_URL="postgresql+psycopg://$user:$pass@127.0.0.1:$port/$db"
  echo "ci_postgres: KIEMCHUNG_TEST_PG_URL set (port $port)" >&2
}
_kc_pg_setup || echo "ci_postgres: PostgreSQL setup failed" >&2
unset -f _kc_pg_setup _kc_psql 2>/dev/null
true
