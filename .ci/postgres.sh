# shellcheck shell=bash
# Starts a throwaway PostgreSQL on 127.0.0.1 and exports DATABASE_URL, so `npm test` also runs
# the PostgreSQL storage and ledger contracts (test/contract/postgres-*.test.ts).
#
#   source .ci/postgres.sh   # from .ci/run, after `set -euo pipefail`
#
# - Keeps a DATABASE_URL that is already set (a CI service container, a developer's database).
# - Installs PostgreSQL from the distribution's packages only when no server binaries are found.
# - Creates the cluster in a temporary directory, owned by an unprivileged user when run as root
#   (postgres refuses to run as root), with durability off: it is deleted on exit.
# - Stops the server and removes the directory when the sourcing shell exits (EXIT trap), keeping
#   that shell's exit status.

ci_postgres_log() { printf 'ci-postgres: %s\n' "$*" >&2; }

# The newest installed server's bin directory (Debian keeps them outside PATH), or nothing.
ci_postgres_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

ci_postgres_install() {
  if [[ $EUID -ne 0 ]]; then
    ci_postgres_log 'PostgreSQL is not installed and installing it needs root'
    return 1
  fi
  ci_postgres_log 'installing PostgreSQL from the distribution packages'
  export DEBIAN_FRONTEND=noninteractive
  # The package would create and start a default cluster; this script makes its own.
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/switchboard-ci.conf
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# A TCP port on 127.0.0.1 that nothing listens on (bash's /dev/tcp connects only when taken).
ci_postgres_free_port() {
  local port tries
  for tries in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  ci_postgres_log "no free port found after $tries tries"
  return 1
}

ci_postgres_stop() {
  if [[ -n "${CI_POSTGRES_DIR:-}" && -d "$CI_POSTGRES_DIR" ]]; then
    ${CI_POSTGRES_AS:-} "$CI_POSTGRES_BIN/pg_ctl" -D "$CI_POSTGRES_DIR/data" -m immediate -s stop >/dev/null 2>&1 || true
    rm -rf "$CI_POSTGRES_DIR"
  fi
}

ci_postgres_start() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    ci_postgres_log 'DATABASE_URL is already set; using that database'
    return 0
  fi
  CI_POSTGRES_BIN="$(ci_postgres_bindir)"
  if [[ -z "$CI_POSTGRES_BIN" ]]; then
    ci_postgres_install
    CI_POSTGRES_BIN="$(ci_postgres_bindir)"
    [[ -n "$CI_POSTGRES_BIN" ]] || { ci_postgres_log 'PostgreSQL server binaries not found after install'; return 1; }
  fi

  local user=''
  CI_POSTGRES_AS=''
  if [[ $EUID -eq 0 ]]; then
    user=postgres
    id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    CI_POSTGRES_AS="runuser -u $user --"
  fi

  # Under /tmp when root: the server's user must be able to reach the directory.
  CI_POSTGRES_DIR="$(mktemp -d "$([[ -n "$user" ]] && echo /tmp || echo "${TMPDIR:-/tmp}")/switchboard-pg.XXXXXX")"
  trap ci_postgres_stop EXIT
  [[ -z "$user" ]] || chown "$user" "$CI_POSTGRES_DIR"
  chmod 700 "$CI_POSTGRES_DIR"

  local port
  port="$(ci_postgres_free_port)"
  $CI_POSTGRES_AS "$CI_POSTGRES_BIN/initdb" -D "$CI_POSTGRES_DIR/data" -U postgres -A trust -E UTF8 --no-locale \
    --no-sync --no-instructions >"$CI_POSTGRES_DIR/initdb.log" 2>&1 ||
    { cat "$CI_POSTGRES_DIR/initdb.log" >&2; return 1; }
  # Durability off (a throwaway cluster); enough connections for parallel test files, each with two pools.
  $CI_POSTGRES_AS "$CI_POSTGRES_BIN/pg_ctl" -D "$CI_POSTGRES_DIR/data" -l "$CI_POSTGRES_DIR/server.log" -w -t 30 -s \
    -o "-h 127.0.0.1 -p $port -k $CI_POSTGRES_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start || { cat "$CI_POSTGRES_DIR/server.log" >&2; return 1; }
  # The cluster is throwaway, so its default database is the test database (no psql needed).
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  ci_postgres_log "PostgreSQL $("$CI_POSTGRES_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port; DATABASE_URL is set"
}

ci_postgres_start
