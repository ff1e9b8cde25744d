# shellcheck shell=bash
# Sourced by the scripts in scripts/: the jars of a Kafka Connect worker of one release, from Maven Central, for the
# local stack to run as a worker of its own JVM (LocalStack.Builder.workerRuntime).

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
  "$(dirname "${BASH_SOURCE[0]}")/../../mvnw" -B -q -ntp -f "$dir/pom.xml" dependency:copy-dependencies -DoutputDirectory=lib >&2
  echo "$dir/lib"
}
