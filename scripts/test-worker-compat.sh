#!/usr/bin/env bash
# Runs the storefront pipeline on Connect workers of other Kafka releases: for each version, the worker's own jars
# (connect-runtime and its dependencies, from Maven Central) in a JVM of its own, this repository's plugins and
# Debezium on its plugin.path, and every plugin checked end to end (dev.cdcflow.pipeline.compat.WorkerCompat).
#
# Usage: scripts/test-worker-compat.sh [VERSION...]   (default: every supported version, connect.tested.versions
#   in pom.xml)
#   COMPAT_JAVA=/path/to/java to run the workers with another Java (default: the java on PATH)
#   COMPAT_OUTPUT=file for the table (default docs/benchmarks/worker-compat.txt)
#   COMPAT_SKIP_BUILD=true when the plugins and the pipeline module are built already (the test command)
# Output on stdout and in the table file (version x plugin x pass).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/ensure-clickhouse.sh
source scripts/lib/ensure-clickhouse.sh
ensure_clickhouse_server

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  # The supported versions, as the parent pom declares them for the plugins' manifests.
  read -r -a versions <<< "$(sed -n 's:.*<connect.tested.versions>\(.*\)</connect.tested.versions>.*:\1:p' pom.xml)"
fi
java_bin=${COMPAT_JAVA:-$(command -v java)}
java_version=$("$java_bin" -version 2>&1 | head -1)

output=${COMPAT_OUTPUT:-docs/benchmarks/worker-compat.txt}
if [ "${COMPAT_SKIP_BUILD:-false}" != true ]; then
  ./mvnw -B -q -ntp -DskipTests -pl pipeline -am package
fi

# The worker's jars: connect-runtime and connect-json of that release, with a logging binding of its generation.
worker_lib() {
  local version=$1 dir=target/worker-compat/$1
  local logging
  if [[ $version == 3.* ]]; then
    logging='<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>'
  else
    logging='<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.24.3</version></dependency>'
    logging+='<dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>'
  fi
  mkdir -p "$dir"
  cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.cdcflow.compat</groupId><artifactId>worker-$version</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-json</artifactId><version>$version</version></dependency>
    $logging
  </dependencies>
</project>
POM
  rm -rf "${dir:?}/lib"
  ./mvnw -B -q -ntp -f "$dir/pom.xml" dependency:copy-dependencies -DoutputDirectory=lib >&2
  echo "$dir/lib"
}

results=$(mktemp)
status=0
for version in "${versions[@]}"; do
  echo "Kafka Connect $version ..." >&2
  lib=$(worker_lib "$version")
  if ! java -Xmx2g -cp "pipeline/target/classes:pipeline/target/lib/*" \
      dev.cdcflow.pipeline.compat.WorkerCompat --kafka "$version" --worker-lib "$lib" --java "$java_bin" \
      --plugins pipeline/target/plugins | grep '^|' | tee -a "$results"; then
    status=1
  fi
done

mkdir -p "$(dirname "$output")"
{
  echo "# scripts/test-worker-compat.sh ${versions[*]}"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, workers run with $java_version"
  echo "| Kafka Connect | plugin | result | detail |"
  echo "| --- | --- | --- | --- |"
  cat "$results"
} | tee "$output"
rm -f "$results"
if grep -q '| FAIL |' "$output"; then
  status=1
fi
exit $status
