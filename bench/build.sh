#!/usr/bin/env bash
# Builds the two Valet packages that the benchmarks run, into bench/work: valet-h2 with the bench
# profile and valet-postgresql with the default prod profile. The database kind is fixed at build
# time, so each database needs its own build.
set -euo pipefail

source "$(dirname "$0")/lib/common.sh"
mkdir -p "$WORK_DIR"
cd "$REPO_DIR"

log "Building the bench (H2) package"
./mvnw -B -q package -DskipTests -Dquarkus.profile=bench
rm -rf "$WORK_DIR/valet-h2"
cp -r target/quarkus-app "$WORK_DIR/valet-h2"

log "Building the prod (PostgreSQL) package"
./mvnw -B -q package -DskipTests
rm -rf "$WORK_DIR/valet-postgresql"
cp -r target/quarkus-app "$WORK_DIR/valet-postgresql"
