#!/usr/bin/env bash
# A real Kafka 4.1.1 broker for the local stack (KRaft, one node as broker + controller), run as a
# separate JVM from Maven Central jars (scripts/kafka/pom.xml). No download other than Maven.
#
#   scripts/kafka.sh start                 start it (formats the storage on first use), wait until it answers
#   scripts/kafka.sh stop                  SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT seconds
#   scripts/kafka.sh status                running or not, and the topics when it runs
#   scripts/kafka.sh clean                 stop, then delete the data directory
#   scripts/kafka.sh classpath             print the broker's classpath (resolved with Maven on first use)
#   scripts/kafka.sh tool CLASS [ARGS...]  run a main class from the Kafka jars (quiet logging), e.g.
#       scripts/kafka.sh tool org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --list
#       scripts/kafka.sh tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server localhost:9092 --topic t
#       scripts/kafka.sh tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server localhost:9092 --topic t --from-beginning
#
# Environment: KAFKA_HOME_DIR (default <repo>/.local/kafka), KAFKA_PORT (9092),
# KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP_OPTS (-Xmx512m), KAFKA_JVM_OPTS (-XX:+UseSerialGC
# -XX:TieredStopAtLevel=1: on a two-core machine shared with five services, C2 compilation and G1's threads cost
# more than they give at these rates; BENCHMARKS.md "JVM settings"), KAFKA_START_TIMEOUT (60),
# KAFKA_STOP_TIMEOUT (30), KAFKA_NICE (0; ./saga run starts the broker as nice as the other services behind the door).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KAFKA_HOME_DIR=${KAFKA_HOME_DIR:-$REPO_ROOT/.local/kafka}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx512m}
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-60}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}

POM=$REPO_ROOT/scripts/kafka/pom.xml
DATA_DIR=$KAFKA_HOME_DIR/data
CLASSPATH_FILE=$KAFKA_HOME_DIR/classpath.txt
SERVER_PROPERTIES=$KAFKA_HOME_DIR/server.properties
SERVER_LOG4J=$KAFKA_HOME_DIR/log4j2-server.properties
TOOLS_LOG4J=$KAFKA_HOME_DIR/log4j2-tools.properties
PID_FILE=$KAFKA_HOME_DIR/kafka.pid
LOG_FILE=$KAFKA_HOME_DIR/kafka.log
BOOTSTRAP=localhost:$KAFKA_PORT

log()  { printf '[kafka] %s\n' "$*"; }
die()  { printf '[kafka] ERROR: %s\n' "$*" >&2; exit 1; }

java_cmd() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java >/dev/null 2>&1 || die "no java on PATH (and JAVA_HOME is not set)"
    echo java
  fi
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---- classpath ------------------------------------------------------------------------------------
# Cached in $CLASSPATH_FILE; resolved again when the pom changed or a jar vanished from ~/.m2.
classpath_stale() {
  [[ -s $CLASSPATH_FILE ]] || return 0
  [[ $POM -nt $CLASSPATH_FILE ]] && return 0
  local jar
  local IFS=:
  for jar in $(<"$CLASSPATH_FILE"); do
    [[ -f $jar ]] || return 0
  done
  return 1
}

ensure_classpath() {
  mkdir -p "$KAFKA_HOME_DIR"
  if classpath_stale; then
    log "resolving the Kafka classpath with Maven (scripts/kafka/pom.xml)"
    local tmp=$CLASSPATH_FILE.tmp
    rm -f "$tmp"
    "$REPO_ROOT/mvnw" -B -q -f "$POM" dependency:build-classpath -Dmdep.outputFile="$tmp" \
      || die "could not resolve the Kafka jars (see the Maven output above)"
    [[ -s $tmp ]] || die "Maven wrote no classpath to $tmp"
    mv -f "$tmp" "$CLASSPATH_FILE"
  fi
  KAFKA_CLASSPATH=$(<"$CLASSPATH_FILE")
}

# ---- configuration --------------------------------------------------------------------------------
write_config() {
  mkdir -p "$KAFKA_HOME_DIR" "$DATA_DIR"
  cat >"$SERVER_PROPERTIES" <<EOF
# Written by scripts/kafka.sh on every start: edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
log.retention.hours=24
log.segment.bytes=104857600
EOF
  cat >"$SERVER_LOG4J" <<'EOF'
# Written by scripts/kafka.sh: the broker logs to stdout, which kafka.sh sends to kafka.log.
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
}

write_tools_log4j() {
  mkdir -p "$KAFKA_HOME_DIR"
  cat >"$TOOLS_LOG4J" <<'EOF'
# Written by scripts/kafka.sh: command-line tools only print warnings, to stderr.
status = warn
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
EOF
}

run_tool() {
  local main=$1
  shift
  [[ -f $TOOLS_LOG4J ]] || write_tools_log4j
  "$(java_cmd)" -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$TOOLS_LOG4J" \
    -cp "$KAFKA_CLASSPATH" "$main" "$@"
}

format_storage_once() {
  if [[ -f $DATA_DIR/meta.properties ]]; then
    return
  fi
  local cluster_id
  cluster_id=$(run_tool kafka.tools.StorageTool random-uuid) || die "could not generate a cluster id"
  log "formatting $DATA_DIR (cluster id $cluster_id)"
  run_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$SERVER_PROPERTIES" --standalone \
    || die "kafka.tools.StorageTool format failed"
}

# ---- process --------------------------------------------------------------------------------------
# Prints the pid of the running broker started from this home dir (nothing when it does not run).
running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must be our kafka.Kafka with our server.properties.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $SERVER_PROPERTIES" || return 1
  echo "$pid"
}

broker_answers() {
  run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1
}

cmd_start() {
  local pid
  if pid=$(running_pid); then
    log "already running (pid $pid) on $BOOTSTRAP, home $KAFKA_HOME_DIR"
    return 0
  fi
  rm -f "$PID_FILE"
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port $p is already in use by another process (not the broker of $KAFKA_HOME_DIR); set KAFKA_PORT / KAFKA_CONTROLLER_PORT or stop it"
    fi
  done
  ensure_classpath
  write_config
  format_storage_once

  # Keep one previous log around, start a fresh one.
  [[ -f $LOG_FILE ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  local java
  java=$(java_cmd)
  log "starting Kafka 4.1.1 on $BOOTSTRAP (controller localhost:$KAFKA_CONTROLLER_PORT), log $LOG_FILE"
  # setsid: its own session, so a Ctrl-C in the launching terminal does not hit it directly
  # (./saga run stops it in order from its trap).
  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS and KAFKA_JVM_OPTS hold several options on purpose
  setsid "$REPO_ROOT/scripts/nice-session" "${KAFKA_NICE:-0}" "$java" $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$SERVER_LOG4J" \
    -cp "$KAFKA_CLASSPATH" kafka.Kafka "$SERVER_PROPERTIES" \
    >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"

  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until port_open "$KAFKA_PORT" && grep -qs 'Kafka Server started' "$LOG_FILE"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2 || true
      die "the broker exited during start-up (log above, full log in $LOG_FILE)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$LOG_FILE" >&2 || true
      cmd_stop >/dev/null 2>&1 || true
      die "the broker did not start within ${KAFKA_START_TIMEOUT}s (full log in $LOG_FILE)"
    fi
    sleep 0.5
  done
  until broker_answers; do
    if ((SECONDS >= deadline)); then
      cmd_stop >/dev/null 2>&1 || true
      die "the broker listens on $BOOTSTRAP but does not answer an admin request within ${KAFKA_START_TIMEOUT}s (log: $LOG_FILE)"
    fi
    sleep 1
  done
  log "running (pid $pid) on $BOOTSTRAP"
}

cmd_stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "still running after ${KAFKA_STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if pid=$(running_pid); then
    log "running (pid $pid) on $BOOTSTRAP, home $KAFKA_HOME_DIR, log $LOG_FILE"
    ensure_classpath
    local topics
    if topics=$(run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --list 2>/dev/null); then
      log "topics: $(tr '\n' ' ' <<<"${topics:-(none)}")"
    else
      log "the process runs but does not answer an admin request on $BOOTSTRAP"
      return 1
    fi
  else
    log "not running (home $KAFKA_HOME_DIR)"
    return 3
  fi
}

cmd_clean() {
  cmd_stop
  if [[ -d $DATA_DIR ]]; then
    rm -rf "$DATA_DIR"
    log "deleted $DATA_DIR"
  else
    log "no data directory to delete"
  fi
}

# Only the classpath on stdout (Maven's and our own messages go to stderr): for callers that start the
# broker themselves, e.g. testing/KafkaProcess.
cmd_classpath() {
  ensure_classpath >&2
  printf '%s\n' "$KAFKA_CLASSPATH"
}

cmd_tool() {
  [[ $# -ge 1 ]] || die "usage: scripts/kafka.sh tool CLASS [ARGS...]"
  ensure_classpath
  run_tool "$@"
}

usage() {
  awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  clean) cmd_clean ;;
  classpath) cmd_classpath ;;
  tool) shift; cmd_tool "$@" ;;
  -h|--help|help) usage ;;
  '') usage >&2; exit 2 ;;
  *) usage >&2; die "unknown subcommand: $1" ;;
esac
