#!/usr/bin/env bash
# Builds the Valet packages that the benchmarks run into bench/work. valet-h2 (bench profile) and
# valet-postgresql (default prod profile) are each one runnable jar, valet.jar, built as Quarkus's
# uber-jar. valet-h2-fast-jar is the H2 package in Quarkus's default fast-jar layout, whose start
# the benchmark compares. The database kind is fixed at build time, so each database needs its
# own build.
set -euo pipefail

source "$(dirname "$0")/lib/common.sh"
mkdir -p "$WORK_DIR"
cd "$REPO_DIR"

# build_uber_jar DIRECTORY [MAVEN OPTION...]: packages Valet as one jar into WORK_DIR/DIRECTORY.
build_uber_jar() {
    local directory=$1
    shift
    rm -f target/*-runner.jar
    ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=uber-jar "$@"
    rm -rf "${WORK_DIR:?}/$directory"
    mkdir -p "$WORK_DIR/$directory"
    cp target/*-runner.jar "$WORK_DIR/$directory/valet.jar"
}

log "Building the bench (H2) package"
build_uber_jar valet-h2 -Dquarkus.profile=bench

log "Building the prod (PostgreSQL) package"
build_uber_jar valet-postgresql

log "Building the bench (H2) package in the fast-jar layout"
./mvnw -B -q package -DskipTests -Dquarkus.profile=bench
rm -rf "$WORK_DIR/valet-h2-fast-jar"
cp -r target/quarkus-app "$WORK_DIR/valet-h2-fast-jar"
