#!/usr/bin/env bash
# Checks that every command that runs a JVM ends with it and leaves nothing behind (the README's test command runs
# this first). The scripts start their JVMs only through scripts/lib/jvm.sh (run_jvm, run_jvm_through; the soak
# through await_jvm): checked here by reading them. jvm.sh itself is run on a stand-in JVM that waits to be stopped
# (a JVM's shutdown): a SIGTERM or a Ctrl-C to the script reaches it, the script waits for it and ends with 143 or
# 130, and no process is left. CommandsStopTest does the same with the real main command and the soak.
set -euo pipefail
# Job control: a command started in the background then takes a Ctrl-C (SIGINT) as in a terminal, instead of
# ignoring it as a non-interactive shell's background commands do.
set -m
cd "$(dirname "$0")/.."

# Every java the scripts start goes through jvm.sh: run_jvm or run_jvm_through, or (the soak, which must kill its
# JVM itself) a setsid java awaited with await_jvm.
unguarded=$(grep -nE '(^|[[:space:]])java[[:space:]].*-(cp|jar)[[:space:]]' scripts/*.sh scripts/lib/*.sh \
  | grep -v 'run_jvm' | grep -v '^scripts/soak-pipeline.sh:' || true)
if [ -n "$unguarded" ]; then
  echo "scripts that start a JVM without scripts/lib/jvm.sh (it would outlive a Ctrl-C or SIGTERM):" >&2
  echo "$unguarded" >&2
  exit 1
fi
# shellcheck disable=SC2016 # the text to find, not an expansion
grep -qF 'await_jvm "$soak"' scripts/soak-pipeline.sh \
  || { echo "soak-pipeline.sh does not await its JVM" >&2; exit 1; }
for script in scripts/run-pipeline.sh scripts/test-worker-compat.sh scripts/lib/benchmark.sh scripts/bench-transforms.sh; do
  grep -q 'run_jvm' "$script" || { echo "$script does not run its JVM through scripts/lib/jvm.sh" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A stand-in JVM: on SIGTERM it takes a moment to stop, as a JVM's shutdown does, and says so.
cat > "$work/fake-jvm" <<'FAKE'
#!/usr/bin/env bash
trap 'sleep 1; echo stopped >> "$1"; exit 143' TERM
echo started >> "$1"
while true; do sleep 0.1; done
FAKE
chmod +x "$work/fake-jvm"
cat > "$work/command.sh" <<COMMAND
#!/usr/bin/env bash
set -euo pipefail
source "$PWD/scripts/lib/jvm.sh"
filter() { cat > /dev/null; }
if [ "\$1" = through ]; then run_jvm_through filter "$work/fake-jvm" "\$2"; else run_jvm "$work/fake-jvm" "\$2"; fi
COMMAND

# check MODE SIGNAL EXPECTED: the command stopped by SIGNAL ends with EXPECTED once its JVM has stopped.
check() {
  local mode=$1 signal=$2 expected=$3 marker="$work/$1-$2" status=0
  # Through perl, which puts SIGINT back to its default, as a terminal has it: started from a background shell,
  # this script may have got SIGINT ignored, which a shell can neither trap nor reset.
  perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "cannot run @ARGV: $!";' \
    bash "$work/command.sh" "$mode" "$marker" > /dev/null 2>&1 &
  local command=$!
  for _ in $(seq 1 50); do [ -s "$marker" ] && break; sleep 0.1; done
  kill "-$signal" "$command"
  # Bounded: a command that never ends is what this checks for.
  for _ in $(seq 1 100); do kill -0 "$command" 2> /dev/null || break; sleep 0.1; done
  if kill -0 "$command" 2> /dev/null; then
    kill -KILL "$command"
    pkill -KILL -f "$marker" || true
    echo "jvm.sh ($mode, SIG$signal): the command did not end within 10 s" >&2
    exit 1
  fi
  wait "$command" || status=$?
  if [ "$status" -ne "$expected" ] || [ "$(cat "$marker")" != "$(printf 'started\nstopped')" ]; then
    echo "jvm.sh ($mode, SIG$signal): exit $status, the JVM said: $(tr '\n' ' ' < "$marker")" >&2
    exit 1
  fi
  if pgrep -f "$marker" > /dev/null; then
    echo "jvm.sh ($mode, SIG$signal): a process was left behind" >&2
    exit 1
  fi
}
check run TERM 143
check run INT 130
check through TERM 143
check through INT 130
echo "commands: every script runs its JVM through jvm.sh; SIGTERM and Ctrl-C reach it, are waited for, leave nothing"
