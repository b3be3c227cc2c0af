#!/usr/bin/env bash
# Brings the machine's PostgreSQL cluster up for the saga platform:
# logical replication on, enough slots / WAL senders / connections, pg_stat_statements (for ./saga profile),
# the roles and databases of every service plus the test role. Idempotent: safe on a fresh machine (cluster stopped) and on
# one where the cluster already runs; a second run changes nothing.
#
#   scripts/postgres.sh [up]                 configure, start (or restart if needed), create roles/dbs
#   scripts/postgres.sh status               cluster state, key settings, replication slots
#   scripts/postgres.sh drop-test-leftovers  drop the databases named sagatest_* and their slots (after a killed test JVM)
#   scripts/postgres.sh drop-service-databases  drop the service databases and their slots (./saga reset)
#   (both through stack/src/main/resources/io/sagaplatform/stack/drop-database.sql, the one teardown, see below)
#
# Environment: PG_VERSION / PG_CLUSTER select the Debian cluster (default: 15/main if present,
# otherwise the first cluster pg_lsclusters lists). Needs root (or the postgres user).
set -euo pipefail

# ---- what the platform needs ------------------------------------------------------------------
# Per service: a database, its application role (role name = database name = password; owns the
# database, no replication right) and its relay's replication role <database>_relay (REPLICATION, and
# in the database only what the service grants it: reading the outbox, writing the relay heartbeat).
# The databases are the stack module's service table's (./saga databases; ./saga passes them in SAGA_DATABASES).
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
read -r -a SERVICE_DATABASES <<<"${SAGA_DATABASES:-$("$REPO_ROOT/saga" databases | tr '\n' ' ')}"
((${#SERVICE_DATABASES[@]} > 0)) || { printf '[postgres] ERROR: no service database (./saga databases)\n' >&2; exit 1; }
# Test runs create and drop their own databases (sagatest_*) with this role.
TEST_ROLE=saga_test
# End-to-end tests run each relay's replication connection as this role, as the local stack does with
# <database>_relay: it proves the grants a service gives its relay are enough.
TEST_RELAY_ROLE=saga_test_relay
TEST_DB_PREFIX=sagatest_
PLATFORM_PORT=5432              # the port every service and test expects

WANT_WAL_LEVEL=logical
WANT_MAX_REPLICATION_SLOTS=64
WANT_MAX_WAL_SENDERS=64
WANT_MAX_CONNECTIONS=400
READY_TIMEOUT_SECONDS=60
CONF_FILE_NAME=saga-platform.conf

# ---- helpers -----------------------------------------------------------------------------------
log()  { printf '[postgres] %s\n' "$*"; }
warn() { printf '[postgres] WARNING: %s\n' "$*" >&2; }
die()  { printf '[postgres] ERROR: %s\n' "$*" >&2; exit 1; }
# The NOTICE lines of psql's output $1 (what a DO block reports), as log lines.
log_notices() { sed -n 's/.*NOTICE: *//p' <<<"$1" | sed 's/^/[postgres] /'; }

# Run a command as the postgres OS user, from a directory it can read, without PG* variables
# of the caller's environment steering psql somewhere else.
as_postgres() {
  local clean_env=(env -u PGHOST -u PGHOSTADDR -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSWORD
                   -u PGSERVICE -u PGSERVICEFILE -u PGPASSFILE -u PGOPTIONS -u PGSSLMODE)
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "${clean_env[@]}" "$@")
  elif [[ $(id -un) == postgres ]]; then
    (cd / && "${clean_env[@]}" "$@")
  else
    (cd / && sudo -n -u postgres "${clean_env[@]}" "$@")
  fi
}

# psql as the superuser over the local socket; extra args follow.
psql_su() {
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"
}

# One value from the superuser's connection (tuples only, unaligned).
sql_value() {
  psql_su -d postgres -tAc "$1"
}

require_privileges() {
  if [[ $(id -u) -ne 0 && $(id -un) != postgres ]] && ! sudo -n true 2>/dev/null; then
    die "run this as root (or as the postgres user): it configures and starts the PostgreSQL cluster"
  fi
}

# Sets PG_VERSION, PG_CLUSTER, PG_PORT, PG_STATUS, PG_LOGFILE, PG_CONF_DIR from pg_lsclusters.
find_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 \
    || die "PostgreSQL is not installed (no pg_lsclusters). Install it: apt-get install -y postgresql"
  local line
  if [[ -n ${PG_VERSION:-} || -n ${PG_CLUSTER:-} ]]; then
    local v=${PG_VERSION:-15} c=${PG_CLUSTER:-main}
    line=$(pg_lsclusters -h | awk -v v="$v" -v c="$c" '$1 == v && $2 == c' | head -n1)
    [[ -n $line ]] || die "cluster $v/$c not found (pg_lsclusters lists: $(pg_lsclusters -h | awk '{printf "%s/%s ", $1, $2}'))"
  else
    line=$(pg_lsclusters -h | awk '$1 == "15" && $2 == "main"' | head -n1)
    [[ -n $line ]] || line=$(pg_lsclusters -h | head -n1)
    [[ -n $line ]] || die "no PostgreSQL cluster exists. Create one: pg_createcluster 15 main"
  fi
  read -r PG_VERSION PG_CLUSTER PG_PORT _status _owner _datadir PG_LOGFILE <<<"$line"
  PG_CONF_DIR=/etc/postgresql/$PG_VERSION/$PG_CLUSTER
  [[ -d $PG_CONF_DIR ]] || die "configuration directory $PG_CONF_DIR of cluster $PG_VERSION/$PG_CLUSTER does not exist"
}

cluster_online() {
  local status
  status=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $4}')
  [[ $status == online* ]]
}

show_log_tail() {
  if [[ -n ${PG_LOGFILE:-} && -r $PG_LOGFILE ]]; then
    printf '[postgres] last lines of %s:\n' "$PG_LOGFILE" >&2
    tail -n 20 "$PG_LOGFILE" >&2 || true
  fi
}

wait_until_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until pg_isready -q -h localhost -p "$PG_PORT" -t 2; do
    if ((SECONDS >= deadline)); then
      show_log_tail
      die "PostgreSQL $PG_VERSION/$PG_CLUSTER does not accept TCP connections on localhost:$PG_PORT after ${READY_TIMEOUT_SECONDS}s"
    fi
    sleep 1
  done
  # pg_isready is also happy while the server is still in recovery / starting up; make sure a real
  # query works over the socket as well.
  until sql_value 'SELECT 1' >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      show_log_tail
      die "PostgreSQL $PG_VERSION/$PG_CLUSTER accepts connections but does not answer queries after ${READY_TIMEOUT_SECONDS}s"
    fi
    sleep 1
  done
}

pg_ctl_cluster() {
  local action=$1
  if ! pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" "$action"; then
    show_log_tail
    die "pg_ctlcluster $PG_VERSION $PG_CLUSTER $action failed"
  fi
}

# ---- up: configuration -------------------------------------------------------------------------
desired_conf() {
  cat <<EOF
# Written by scripts/postgres.sh of the saga platform: do not edit, re-run the script instead.
# Debezium embedded reads each service's outbox through logical replication (pgoutput).
wal_level = $WANT_WAL_LEVEL
max_replication_slots = $WANT_MAX_REPLICATION_SLOTS
max_wal_senders = $WANT_MAX_WAL_SENDERS
max_connections = $WANT_MAX_CONNECTIONS
listen_addresses = 'localhost'
# An orphaned slot (killed test JVM, removed service) may pin at most this much WAL.
max_slot_wal_keep_size = '4GB'
wal_sender_timeout = '60s'
EOF
  if stat_statements_preloadable; then
    cat <<EOF
# Per-statement statistics for ./saga profile (bench/README.md "Profiling"); loaded at server start only.
shared_preload_libraries = 'pg_stat_statements'
EOF
  fi
}

# pg_stat_statements is loaded only when this cluster's installation has it (Debian ships it with the server)
# and postgresql.conf does not preload libraries of its own: our line would replace that list.
stat_statements_preloadable() {
  [[ -f /usr/lib/postgresql/$PG_VERSION/lib/pg_stat_statements.so ]] \
    && ! grep -Eq '^[[:space:]]*shared_preload_libraries[[:space:]]*=' "$PG_CONF_DIR/postgresql.conf"
}

CONF_CHANGED=0
write_conf() {
  local conf_d=$PG_CONF_DIR/conf.d main_conf=$PG_CONF_DIR/postgresql.conf
  [[ -f $main_conf ]] || die "$main_conf not found"
  if ! grep -Eq "^[[:space:]]*include_dir[[:space:]]*=?[[:space:]]*'?conf\.d'?" "$main_conf"; then
    log "$main_conf does not include conf.d: adding include_dir = 'conf.d'"
    printf "\n# Added by scripts/postgres.sh of the saga platform\ninclude_dir = 'conf.d'\n" >>"$main_conf"
    CONF_CHANGED=1
  fi
  if [[ ! -d $conf_d ]]; then
    install -d -o postgres -g postgres -m 0755 "$conf_d"
  fi
  local target=$conf_d/$CONF_FILE_NAME
  if [[ -f $target ]] && diff -q <(desired_conf) "$target" >/dev/null; then
    log "configuration $target is up to date"
  else
    desired_conf >"$target.tmp"
    chown postgres:postgres "$target.tmp"
    chmod 0644 "$target.tmp"
    mv -f "$target.tmp" "$target"
    log "wrote $target"
    CONF_CHANGED=1
  fi
}

# Prints the reasons why the running server needs a restart (nothing when it does not).
restart_reasons() {
  sql_value "
    SELECT reason FROM (
      SELECT 'wal_level is ' || current_setting('wal_level') || ', want $WANT_WAL_LEVEL' AS reason
        WHERE current_setting('wal_level') <> '$WANT_WAL_LEVEL'
      UNION ALL
      SELECT 'max_replication_slots is ' || current_setting('max_replication_slots') || ', want >= $WANT_MAX_REPLICATION_SLOTS'
        WHERE current_setting('max_replication_slots')::int < $WANT_MAX_REPLICATION_SLOTS
      UNION ALL
      SELECT 'max_wal_senders is ' || current_setting('max_wal_senders') || ', want >= $WANT_MAX_WAL_SENDERS'
        WHERE current_setting('max_wal_senders')::int < $WANT_MAX_WAL_SENDERS
      UNION ALL
      SELECT 'max_connections is ' || current_setting('max_connections') || ', want >= $WANT_MAX_CONNECTIONS'
        WHERE current_setting('max_connections')::int < $WANT_MAX_CONNECTIONS
      UNION ALL
      SELECT name || ' changed and needs a restart' FROM pg_settings WHERE pending_restart
    ) r"
}

# The configuration files are read again by this query (pg_file_settings), so it tells what the
# server will run with after its next (re)start: catches e.g. an ALTER SYSTEM that overrides us.
check_file_settings() {
  local overridden
  overridden=$(sql_value "
    SELECT format('%s = %s in %s:%s', name, setting, sourcefile, sourceline)
    FROM (SELECT DISTINCT ON (name) name, setting, sourcefile, sourceline
          FROM pg_file_settings
          WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders', 'max_connections')
          ORDER BY name, seqno DESC) last
    WHERE sourcefile NOT LIKE '%/$CONF_FILE_NAME'
      AND CASE name WHEN 'wal_level' THEN setting <> '$WANT_WAL_LEVEL'
                    WHEN 'max_replication_slots' THEN setting::int < $WANT_MAX_REPLICATION_SLOTS
                    WHEN 'max_wal_senders' THEN setting::int < $WANT_MAX_WAL_SENDERS
                    ELSE setting::int < $WANT_MAX_CONNECTIONS END") \
    || die "could not read the configuration files' settings (pg_file_settings)"
  if [[ -n $overridden ]]; then
    printf '%s\n' "$overridden" | sed 's/^/[postgres]   - /' >&2
    die "a configuration file read after conf.d/$CONF_FILE_NAME overrides what the platform needs; remove that line (ALTER SYSTEM RESET <name> for postgresql.auto.conf) and re-run"
  fi
}

settings_origin() {
  sql_value "SELECT format('  %s = %s (from %s:%s)', name, setting, coalesce(sourcefile, source), coalesce(sourceline::text, '-'))
             FROM pg_settings
             WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders', 'max_connections')
             ORDER BY name" >&2 || true
}

start_or_restart() {
  if ! cluster_online; then
    log "cluster $PG_VERSION/$PG_CLUSTER is down: starting it"
    pg_ctl_cluster start
    wait_until_ready
  else
    log "cluster $PG_VERSION/$PG_CLUSTER is running"
    wait_until_ready
    check_file_settings
    if ((CONF_CHANGED)); then
      log "reloading the configuration"
      pg_ctl_cluster reload
      sleep 1
    fi
    local reasons
    reasons=$(restart_reasons) || die "could not read the server's settings"
    if [[ -n $reasons ]]; then
      log "restarting cluster $PG_VERSION/$PG_CLUSTER:"
      printf '%s\n' "$reasons" | sed 's/^/[postgres]   - /'
      pg_ctl_cluster restart
      wait_until_ready
    fi
  fi
  local still
  still=$(restart_reasons) || die "could not read the server's settings"
  still=$(grep -v 'needs a restart' <<<"$still" || true)
  if [[ -n $still ]]; then
    printf '%s\n' "$still" | sed 's/^/[postgres]   - /' >&2
    settings_origin
    die "the running server still does not have the settings the platform needs (another file overrides $PG_CONF_DIR/conf.d/$CONF_FILE_NAME: postgresql.auto.conf after ALTER SYSTEM?)"
  fi
  if [[ $PG_PORT != "$PLATFORM_PORT" ]]; then
    warn "cluster $PG_VERSION/$PG_CLUSTER listens on port $PG_PORT, the services and tests expect $PLATFORM_PORT"
  fi
}

# ---- up: statement statistics ------------------------------------------------------------------
# The extension's views live in the postgres database, from where they show every database's statements.
ensure_stat_statements() {
  local loaded
  loaded=$(sql_value "SELECT count(*) FROM pg_settings WHERE name = 'shared_preload_libraries'
                        AND 'pg_stat_statements' = ANY (string_to_array(replace(setting, ' ', ''), ','))")
  if [[ $loaded != 1 ]]; then
    log "pg_stat_statements is not loaded: ./saga profile will report no statements"
    return 0
  fi
  if [[ $(sql_value "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'") != 1 ]]; then
    sql_value 'CREATE EXTENSION pg_stat_statements' >/dev/null || die "could not create extension pg_stat_statements"
    log "created extension pg_stat_statements in database postgres"
  fi
}

# ---- up: pg_hba --------------------------------------------------------------------------------
# Is there a rule allowing a password (or trust) TCP login from 127.0.0.1 for the given database
# keyword ('all' or 'replication'), and is it the first matching one?
hba_allows() {
  local dbkw=$1
  sql_value "
    WITH rules AS (
      SELECT line_number, auth_method
      FROM pg_hba_file_rules
      WHERE error IS NULL
        AND type IN ('host', 'hostnossl')
        AND '$dbkw' = ANY (database)
        AND 'all' = ANY (user_name)
        AND (address IN ('all', 'samehost', 'samenet')
             OR (netmask IS NOT NULL AND address ~ '^[0-9.]+\$'
                 AND ('127.0.0.1'::inet & netmask::inet) = (address::inet & netmask::inet)))
      ORDER BY line_number
      LIMIT 1)
    SELECT count(*) FROM rules WHERE auth_method IN ('scram-sha-256', 'md5', 'password', 'trust')"
}

ensure_hba() {
  local hba
  hba=$(sql_value 'SHOW hba_file')
  local missing=()
  [[ $(hba_allows all) == 1 ]] || missing+=("host    all             all             127.0.0.1/32            scram-sha-256")
  [[ $(hba_allows replication) == 1 ]] || missing+=("host    replication     all             127.0.0.1/32            scram-sha-256")
  if ((${#missing[@]} == 0)); then
    log "pg_hba allows password logins over TCP from 127.0.0.1 (databases and replication)"
    return
  fi
  log "adding to $hba (before the other rules, so they take effect):"
  printf '[postgres]   %s\n' "${missing[@]}"
  local tmp
  tmp=$(mktemp)
  {
    echo "# Added by scripts/postgres.sh of the saga platform: password logins over TCP from localhost"
    printf '%s\n' "${missing[@]}"
    cat "$hba"
  } >"$tmp"
  cat "$tmp" >"$hba"   # keep the file's owner and mode
  rm -f "$tmp"
  pg_ctl_cluster reload
  sleep 1
  [[ $(hba_allows all) == 1 && $(hba_allows replication) == 1 ]] \
    || die "pg_hba still does not allow password TCP logins from 127.0.0.1 after editing $hba; check it by hand (SELECT * FROM pg_hba_file_rules)"
}

# ---- up: roles and databases -------------------------------------------------------------------
# Creates the role if missing and gives it exactly the wanted attributes; never touches the
# password of an existing role here (see ensure_password).
ensure_role() {
  local role=$1 createdb=$2 replication=$3   # true|false each
  local out
  out=$(psql_su -d postgres -tA -v role="$role" -v createdb="$createdb" -v replication="$replication" 2>&1 <<'SQL'
SELECT set_config('saga.role', :'role', false), set_config('saga.createdb', :'createdb', false),
       set_config('saga.replication', :'replication', false) \g /dev/null
DO $$
DECLARE
  r text := current_setting('saga.role');
  want_createdb boolean := current_setting('saga.createdb')::boolean;
  want_replication boolean := current_setting('saga.replication')::boolean;
  attributes text := CASE WHEN want_createdb THEN 'CREATEDB' ELSE 'NOCREATEDB' END || ' '
                  || CASE WHEN want_replication THEN 'REPLICATION' ELSE 'NOREPLICATION' END
                  || ' NOSUPERUSER NOCREATEROLE NOBYPASSRLS';
  rec record;
BEGIN
  SELECT rolcanlogin, rolreplication, rolcreatedb, rolsuper, rolcreaterole, rolbypassrls INTO rec
    FROM pg_roles WHERE rolname = r;
  IF NOT FOUND THEN
    EXECUTE format('CREATE ROLE %I LOGIN %s PASSWORD %L', r, attributes, r);
    RAISE NOTICE 'created role % (%)', r, attributes;
  ELSIF NOT rec.rolcanlogin OR rec.rolreplication <> want_replication OR rec.rolcreatedb <> want_createdb
        OR rec.rolsuper OR rec.rolcreaterole OR rec.rolbypassrls THEN
    EXECUTE format('ALTER ROLE %I LOGIN %s', r, attributes);
    RAISE NOTICE 'fixed attributes of role % (%)', r, attributes;
  END IF;
END
$$;
SQL
  ) || die "could not create role $role: $out"
  log_notices "$out"
}

ensure_database() {
  local db=$1 owner=$2 current_owner
  current_owner=$(psql_su -d postgres -tA -v db="$db" <<<"SELECT o.rolname FROM pg_database d JOIN pg_roles o ON o.oid = d.datdba WHERE d.datname = :'db'")
  if [[ -z $current_owner ]]; then
    psql_su -d postgres -v db="$db" -v owner="$owner" >/dev/null <<'SQL' || die "could not create database $db"
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner') \gexec
SQL
    log "created database $db owned by $owner"
  elif [[ $current_owner != "$owner" ]]; then
    psql_su -d postgres -v db="$db" -v owner="$owner" >/dev/null <<'SQL' || die "could not change the owner of database $db"
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'owner') \gexec
SQL
    log "database $db was owned by $current_owner: now owned by $owner"
  fi
}

# Logs in over TCP with the documented password; resets the password only when that fails.
try_login() {
  local role=$1 db=$2
  PGCONNECT_TIMEOUT=5 psql -X -q -tA \
    "host=localhost port=$PG_PORT dbname=$db user=$role password=$role" \
    -c 'SELECT 1' >/dev/null 2>&1
}

ensure_password() {
  local role=$1 db=$2
  if try_login "$role" "$db"; then
    return
  fi
  log "password login of role $role failed: resetting its password to the documented one"
  psql_su -d postgres -v role="$role" <<'SQL' >/dev/null
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'role') \gexec
SQL
  try_login "$role" "$db" || die "role $role still cannot log in over TCP (localhost:$PG_PORT, database $db) with its password"
}

verify_replication_login() {
  local role=$1 db=$2
  PGCONNECT_TIMEOUT=5 psql -X -q -tA \
    "host=localhost port=$PG_PORT dbname=$db user=$role password=$role replication=database" \
    -c 'IDENTIFY_SYSTEM;' >/dev/null 2>&1 \
    || die "role $role cannot open a logical replication connection to $db over TCP (check pg_hba 'replication' lines)"
}

cmd_up() {
  require_privileges
  find_cluster
  log "using cluster $PG_VERSION/$PG_CLUSTER (port $PG_PORT, $PG_CONF_DIR)"
  write_conf
  start_or_restart
  ensure_hba
  ensure_stat_statements

  # the test role plays both parts in its throw-away databases (and drops their slots)
  ensure_role "$TEST_ROLE" true true
  ensure_password "$TEST_ROLE" postgres
  ensure_role "$TEST_RELAY_ROLE" false true
  ensure_password "$TEST_RELAY_ROLE" postgres
  # the test role ends a relay's leftover walsender when it drops a test database and its slot
  psql_su -d postgres -v member="$TEST_ROLE" -v role="$TEST_RELAY_ROLE" >/dev/null <<'SQL' || die "could not grant $TEST_RELAY_ROLE to $TEST_ROLE"
SELECT format('GRANT %I TO %I', :'role', :'member')
 WHERE NOT pg_has_role(:'member', :'role', 'MEMBER') \gexec
SQL
  local db
  for db in "${SERVICE_DATABASES[@]}"; do
    ensure_role "$db" false false
    ensure_role "${db}_relay" false true
    ensure_database "$db" "$db"
    ensure_password "$db" "$db"
    ensure_password "${db}_relay" "$db"
  done
  verify_replication_login "${SERVICE_DATABASES[0]}_relay" "${SERVICE_DATABASES[0]}"

  log "ready: postgresql://localhost:$PG_PORT (wal_level=$(sql_value 'SHOW wal_level'), max_replication_slots=$(sql_value 'SHOW max_replication_slots'), max_wal_senders=$(sql_value 'SHOW max_wal_senders'), max_connections=$(sql_value 'SHOW max_connections'))"
  log "databases: ${SERVICE_DATABASES[*]}; per database an application role (same name, no replication) and a <database>_relay replication role (password = role name); test role $TEST_ROLE/$TEST_ROLE (CREATEDB, REPLICATION)"
}

# ---- status --------------------------------------------------------------------------------------
cmd_status() {
  require_privileges
  find_cluster
  pg_lsclusters
  if ! cluster_online; then
    log "cluster $PG_VERSION/$PG_CLUSTER is down (start it with: scripts/postgres.sh up)"
    return 0
  fi
  psql_su -d postgres -P footer=off <<'SQL'
SELECT name, setting, unit FROM pg_settings
WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders', 'max_connections',
               'max_slot_wal_keep_size', 'wal_sender_timeout', 'listen_addresses', 'port')
ORDER BY name;
SELECT slot_name, database, plugin, slot_type, active, active_pid, wal_status,
       pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal
FROM pg_replication_slots
ORDER BY database, slot_name;
SQL
  local count
  count=$(sql_value 'SELECT count(*) FROM pg_replication_slots')
  log "$count replication slot(s)"
}

# ---- dropping databases ---------------------------------------------------------------------------
# The teardown of one database is written once, as SQL: the stack module's drop-database.sql (connections blocked,
# every session and walsender on it ended, its replication slots dropped - retried for 15 s while one turns active
# again - then the database). This script runs it through psql as the superuser; testing's TestDatabase runs the
# same file over JDBC as the test role for each test's own database. One SQL file rather than a program both call,
# because the two log in differently (superuser over the socket here, saga_test over TCP with the JDBC driver there).
DROP_DATABASE_SQL=$REPO_ROOT/stack/src/main/resources/io/sagaplatform/stack/drop-database.sql

# Drops, each with its replication slots, the databases whose name (datname) satisfies the condition $1.
drop_databases() {
  local name_cond=$1 what=$2
  find_cluster
  cluster_online || { log "cluster $PG_VERSION/$PG_CLUSTER is down: nothing to drop"; return 0; }
  wait_until_ready
  local dbs db out
  dbs=$(sql_value "SELECT datname FROM pg_database WHERE $name_cond ORDER BY 1")
  if [[ -z $dbs ]]; then
    log "no $what"
    return 0
  fi
  for db in $dbs; do
    # on stdin: the postgres user need not be able to read the checkout
    out=$(psql_su -d postgres -v database="$db" -f - <"$DROP_DATABASE_SQL" 2>&1 >/dev/null) \
      || die "could not drop database $db: $out"
    log_notices "$out"
    log "dropped database $db"
  done
}

cmd_drop_test_leftovers() {
  require_privileges
  drop_databases "starts_with(datname, '$TEST_DB_PREFIX')" "test leftovers (no database named $TEST_DB_PREFIX*)"
}

cmd_drop_service_databases() {
  require_privileges
  local list
  list=$(printf "'%s'," "${SERVICE_DATABASES[@]}")
  drop_databases "datname IN (${list%,})" "service database (${SERVICE_DATABASES[*]})"
}

usage() {
  awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"
}

case ${1:-up} in
  up) cmd_up ;;
  status) cmd_status ;;
  drop-test-leftovers) cmd_drop_test_leftovers ;;
  drop-service-databases) cmd_drop_service_databases ;;
  -h|--help|help) usage ;;
  *) usage >&2; die "unknown subcommand: $1" ;;
esac
