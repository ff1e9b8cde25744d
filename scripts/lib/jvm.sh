# shellcheck shell=bash
# Sourced by the scripts that run a JVM of the local stack: run it so that it never outlives the script. The JVM runs
# in a session of its own (a Ctrl-C in the terminal reaches this script only, not the JVM's PostgreSQL and ClickHouse
# at the same moment); a Ctrl-C or SIGTERM to the script is passed on to the JVM as SIGTERM, whose shutdown stops
# Connect first and the servers after it; the script waits for that and then ends with 130 or 143. (A SIGKILL of the
# script cannot be passed on: its JVM stops by itself only when it is done.)

jvm_stop_signal=""

# Waits for the background JVM $1 and returns its exit status; a Ctrl-C or SIGTERM meanwhile is passed on to the JVM,
# whose shutdown it waits out, and noted in jvm_stop_signal.
await_jvm() {
  local jvm=$1 status=0
  trap 'jvm_stop_signal=INT; kill -TERM '"$jvm"' 2>/dev/null || true' INT
  trap 'jvm_stop_signal=TERM; kill -TERM '"$jvm"' 2>/dev/null || true' TERM
  wait "$jvm" || status=$?
  # A trapped signal ends wait early: wait again until the JVM has really gone.
  while kill -0 "$jvm" 2>/dev/null; do
    status=0
    wait "$jvm" || status=$?
  done
  trap - INT TERM
  return "$status"
}

# Ends the script when a Ctrl-C or SIGTERM stopped the JVM, with the status a shell gives such a stop.
exit_if_stopped() {
  case "$jvm_stop_signal" in
    INT) echo "Stopped (Ctrl-C)." >&2; exit 130 ;;
    TERM) echo "Stopped (SIGTERM)." >&2; exit 143 ;;
  esac
}

# run_jvm COMMAND...: runs a JVM command in a session of its own and waits for it (await_jvm).
run_jvm() {
  local status=0
  setsid "$@" &
  await_jvm $! || status=$?
  exit_if_stopped
  return "$status"
}

# run_jvm_through FILTER COMMAND...: as run_jvm, with the JVM's standard output read by FILTER (a command or
# function reading standard input), which is waited for too.
run_jvm_through() {
  local filter=$1 fifo status=0
  shift
  fifo=$(mktemp -u -t cdcflow-jvm-XXXXXX)
  mkfifo "$fifo"
  "$filter" < "$fifo" &
  local reader=$!
  setsid "$@" > "$fifo" &
  local jvm=$!
  await_jvm "$jvm" || status=$?
  wait "$reader" || true
  rm -f "$fifo"
  exit_if_stopped
  return "$status"
}
