# shellcheck shell=bash
# shellcheck source=jvm.sh
source "$(dirname "${BASH_SOURCE[0]}")/jvm.sh"
# Sourced by the benchmark scripts: builds a module with what it needs (tests skipped) and prints its test class
# path (its test classes, its classes, and every dependency in test scope).
build_and_print_test_classpath() {
  local module=$1
  ./mvnw -B -q -ntp -DskipTests -pl "$module" -am install >&2
  printf '%s' "$module/target/test-classes:$module/target/classes:"
  ./mvnw -B -q -ntp -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout
}

# The project version, as the build filtered it.
project_version() {
  sed -n 's/^version=//p' connect-common/target/classes/dev/cdcflow/common/version.properties
}

# A header for a benchmark's output: the command and the machine.
benchmark_header() {
  echo "# $*"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
}

# Runs a harness benchmark (a main class in a module's test sources that starts the local stack with the module's
# plugin) and writes its output, less the services' logging, to stdout and docs/benchmarks/<name>.txt. A Ctrl-C or
# SIGTERM stops its JVM with the script (scripts/lib/jvm.sh).
# Usage: run_local_stack_benchmark MODULE MAIN_CLASS NAME HEAP [java -D options...]
run_local_stack_benchmark() {
  local module=$1 main_class=$2 name=$3 heap=$4
  shift 4
  local classpath
  classpath=$(build_and_print_test_classpath "$module")
  benchmark_output=docs/benchmarks/$name.txt
  mkdir -p docs/benchmarks
  benchmark_header "scripts/bench-$name.sh $*" | tee "$benchmark_output"
  run_jvm_through benchmark_lines java "-Xmx$heap" -Dlog4j2.configurationFile=log4j2-test.xml \
    -Dlocalstack.plugins="$module/target/plugin/$module-$(project_version)" \
    -Dlocalstack.repo.dir="$PWD" "$@" -cp "$classpath" "$main_class"
}

# A benchmark's lines less the services' logging, on stdout and appended to $benchmark_output.
benchmark_lines() {
  grep --line-buffered -vE '^\s+at |INFO|WARN|Bootstrap metadata|Formatting metadata|^CREATE TABLE |^  `|^\) ENGINE|^PARTITION BY |^ORDER BY ' | tee -a "$benchmark_output"
}

# Standard input on stdout and appended to $benchmark_output.
append_to_output() {
  tee -a "$benchmark_output"
}
