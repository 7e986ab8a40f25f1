#!/usr/bin/env bash
# Measures Valet and, in the same run, Keycloak on this machine; bench/README.md explains each
# scenario. Usage: bench/run.sh [limits] [valet] [keycloak] [growth]  (no argument: all four)
# Raw results go to bench/work/results-<time>.txt, one line per wrk run; bench/summarize.sh
# turns them into medians and ratios.
set -euo pipefail

source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/valet.sh"
source "$BENCH_DIR/lib/keycloak.sh"
source "$BENCH_DIR/lib/postgres.sh"

STAMP=$(date +%Y%m%dT%H%M%S)
RESULTS=$WORK_DIR/results-$STAMP.txt
LOAD_LOG=$WORK_DIR/load-$STAMP.txt
GROWTH_ROWS=${GROWTH_ROWS:-1000000}
GROWTH_CONNECTIONS=${GROWTH_CONNECTIONS:-8}

VALET_PID=
KC_PID=
POSTGRES_STARTED=

cleanup() {
    [[ -n $VALET_PID ]] && stop_pid "$VALET_PID"
    [[ -n $KC_PID ]] && stop_pid "$KC_PID"
    [[ -n $POSTGRES_STARTED ]] && postgres_stop
    return 0
}
trap cleanup EXIT

describe_machine() {
    {
        echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
        echo "uptime: $(uptime)"
        lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|CPU max MHz|Hypervisor)'
        free -g
        "$VALET_JAVA" -version 2>&1 | sed 's/^/valet java: /'
        "$KC_JAVA_HOME/bin/java" -version 2>&1 | sed 's/^/keycloak java: /'
        { wrk -v 2>&1 || true; } | head -1
        openssl version
        echo "settings: DURATION=$DURATION RUNS=$RUNS CONNECTIONS='$CONNECTIONS' GROWTH_ROWS=$GROWTH_ROWS" \
            "SCENARIOS='$SCENARIOS'"
    } >"$WORK_DIR/machine-$STAMP.txt"
    cat "$WORK_DIR/machine-$STAMP.txt" >&2
}

# sign_rate ROW_LABEL: prints the sign/s column of the `openssl speed` row that starts with
# ROW_LABEL. The row has one field per label word before the header's columns.
sign_rate() {
    awk -v label="$1" '
        / sign\/s / { for (i = 1; i <= NF; i++) if ($i == "sign/s") column = i; columns = NF }
        index($0, label) && column { printf "%.0f", $(NF - columns + column) }'
}

# The machine's signing rates: the ceiling for client_credentials issuance on two cores.
measure_limits() {
    local rsa ecdsa
    rsa=$(openssl speed -seconds 3 rsa2048 2>/dev/null | sign_rate 'rsa 2048 bits')
    ecdsa=$(openssl speed -seconds 3 ecdsap256 2>/dev/null | sign_rate '256 bits ecdsa')
    record "limit openssl rsa2048 sign_per_s=$rsa two_cores=$(( rsa * 2 ))"
    record "limit openssl ecdsap256 sign_per_s=$ecdsa two_cores=$(( ecdsa * 2 ))"
    # The same signatures with the JDK's own providers, which Keycloak signs with, and with the
    # Amazon Corretto Crypto Provider that Valet's package bundles and signs with.
    "$VALET_JAVA" "$BENCH_DIR/lib/SignSpeed.java" 2 3 | while read -r name rate threads; do
        record "limit java $name two_cores=${rate#sign_per_s=} $threads"
    done
    local corretto
    corretto=$(ls "$WORK_DIR"/valet-h2-fast-jar/lib/main/software.amazon.cryptools.AmazonCorrettoCryptoProvider-*.jar)
    "$VALET_JAVA" -cp "$corretto" "$BENCH_DIR/lib/SignSpeed.java" 2 3 corretto | while read -r name rate threads; do
        record "limit java $name two_cores=${rate#sign_per_s=} $threads"
    done
}

measure_valet() {
    valet_reset_data
    valet_train_archive h2
    VALET_PACKAGE=fast-jar valet_train_archive h2
    valet_reset_data
    valet_start h2
    record "valet startup first_start_ms=$VALET_READY_MS"
    # The bench profile must run on H2: the file exists, and the readiness check, which includes
    # the datasource, passed without any PostgreSQL server.
    [[ -f $WORK_DIR/valet-data/valet.mv.db ]] || die "Valet did not create its H2 database; check the bench profile"
    record "valet database h2 file=$WORK_DIR/valet-data/valet.mv.db"
    valet_setup
    [[ $(jwt_alg "$(curl -sf -u "$VALET_CLIENT_ID:$VALET_CLIENT_SECRET" "$VALET_URL/token" \
        -d grant_type=client_credentials | jq -r .access_token)") == RS256 ]] || die "Valet does not sign with RS256"

    run_scenario valet RS256 client_credentials shared client_credentials.lua "$VALET_URL" valet_prepare_client_credentials
    run_scenario valet RS256 refresh per-connection refresh.lua "$VALET_URL" valet_prepare_refresh
    run_scenario valet RS256 introspect shared introspect.lua "$VALET_URL" valet_prepare_introspect
    run_alternating valet RS256 shared get.lua "$VALET_URL" api valet_prepare_api hello valet_prepare_hello
    run_scenario valet RS256 dance per-connection dance_valet.lua "$VALET_URL" valet_prepare_dance
    record_memory valet "$VALET_PID"
    valet_stop
    VALET_PID=

    local run
    for (( run = 1; run <= RUNS; run++ )); do
        valet_start h2
        record "valet startup restart_ms=$VALET_READY_MS run=$run cds=$VALET_CDS"
        valet_stop
        VALET_PID=
        # The same restart without the class data sharing archive, for comparison. With VALET_CDS=0
        # the restart above already ran without it.
        if [[ $VALET_CDS == 1 ]]; then
            VALET_CDS=0 valet_start h2
            record "valet startup restart_without_archive_ms=$VALET_READY_MS run=$run"
            valet_stop
            VALET_PID=
        fi
        # The same application in Quarkus's default fast-jar layout, with an archive of its own.
        VALET_PACKAGE=fast-jar valet_start h2
        record "valet startup restart_fast_jar_ms=$VALET_READY_MS run=$run cds=$VALET_CDS"
        valet_stop
        VALET_PID=
    done

    scenario_selected client_credentials || return 0
    valet_reset_data
    VALET_TOKEN_SIGNING_ALGORITHM=ES256 valet_start h2
    valet_setup
    [[ $(jwt_alg "$(curl -sf -u "$VALET_CLIENT_ID:$VALET_CLIENT_SECRET" "$VALET_URL/token" \
        -d grant_type=client_credentials | jq -r .access_token)") == ES256 ]] || die "Valet does not sign with ES256"
    run_scenario valet ES256 client_credentials shared client_credentials.lua "$VALET_URL" valet_prepare_client_credentials
    valet_stop
    VALET_PID=
}

measure_keycloak() {
    keycloak_unpack
    keycloak_reset_data
    keycloak_start
    record "keycloak startup first_start_ms=$KC_READY_MS"
    keycloak_setup
    run_scenario keycloak RS256 client_credentials shared client_credentials.lua "$KC_URL" keycloak_prepare_client_credentials
    run_scenario keycloak RS256 refresh per-connection refresh.lua "$KC_URL" keycloak_prepare_refresh
    run_scenario keycloak RS256 introspect shared introspect.lua "$KC_URL" keycloak_prepare_introspect
    record_memory keycloak "$KC_PID"

    keycloak_use_es256
    [[ $(jwt_alg "$(keycloak_client_token)") == ES256 ]] || die "Keycloak does not sign with ES256"
    run_scenario keycloak ES256 client_credentials shared client_credentials.lua "$KC_URL" keycloak_prepare_client_credentials
    keycloak_stop
    KC_PID=

    local run
    for (( run = 1; run <= RUNS; run++ )); do
        keycloak_start
        record "keycloak startup restart_ms=$KC_READY_MS run=$run"
        keycloak_stop
        KC_PID=
    done
}

# Refresh rotation on PostgreSQL with an empty database, then with GROWTH_ROWS stored grants,
# token authorizations and refresh tokens. Each rotation reads a refresh token and its
# authorization, marks the token used and inserts the next one.
measure_growth() {
    postgres_start_empty
    POSTGRES_STARTED=1
    VALET_DB_URL=$PG_URL VALET_DB_USER=valet VALET_DB_PASSWORD=valet valet_start postgresql
    valet_setup
    CONNECTIONS=$GROWTH_CONNECTIONS run_scenario valet-postgresql RS256 refresh-empty per-connection refresh.lua \
        "$VALET_URL" valet_prepare_refresh
    log "Inserting $GROWTH_ROWS grants, token authorizations and refresh tokens"
    local started=$(now_ms)
    postgres_insert_bulk "$GROWTH_ROWS"
    record "valet-postgresql growth insert_ms=$(( $(now_ms) - started )) refresh_tokens=$(postgres_count refresh_token)" \
        "token_authorizations=$(postgres_count token_authorization) grants=$(postgres_count consent_grant)"
    CONNECTIONS=$GROWTH_CONNECTIONS run_scenario valet-postgresql RS256 refresh-grown per-connection refresh.lua \
        "$VALET_URL" valet_prepare_refresh
    valet_stop
    VALET_PID=
    postgres_stop
    POSTGRES_STARTED=
}

main() {
    local parts=("$@")
    (( ${#parts[@]} > 0 )) || parts=(limits valet keycloak growth)
    require_tools wrk curl jq openssl unzip awk
    mkdir -p "$WORK_DIR"
    describe_machine
    wait_for_quiet
    local part
    for part in "${parts[@]}"; do
        log "Measuring $part; results in $RESULTS"
        case $part in
            limits) measure_limits ;;
            valet) measure_valet ;;
            keycloak) measure_keycloak ;;
            growth) measure_growth ;;
            *) die "unknown part $part; expected limits, valet, keycloak or growth" ;;
        esac
    done
    uptime | tee -a "$LOAD_LOG" >&2
    "$BENCH_DIR/summarize.sh" "$RESULTS"
}

main "$@"
