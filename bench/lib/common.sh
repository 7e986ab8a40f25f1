# Settings and helpers shared by the benchmark scripts. Sourced by bench/run.sh; every setting
# can be overridden from the environment, except RESULTS, which run.sh names after its start time.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
WORK_DIR=${BENCH_WORK_DIR:-$BENCH_DIR/work}
export BENCH_LUA_DIR=$BENCH_DIR/lua

# Length of one wrk run, connection counts, and runs per scenario and connection count.
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-"1 8 32"}
RUNS=${RUNS:-3}
# Length of the unrecorded warm-up run before each scenario; 0s skips it. Valet's token issuance
# needed 20 to 30 s under load before its CPU cost per token stopped falling (C2 compiles late
# with the Tier4 thresholds of VALET_JAVA_OPTS).
WARMUP=${WARMUP:-30s}
# Scenarios to measure, separated by spaces, for example "api hello". Empty measures all of them.
SCENARIOS=${SCENARIOS:-}

VALET_PORT=${VALET_PORT:-8190}
KC_PORT=${KC_PORT:-8191}
KC_MANAGEMENT_PORT=${KC_MANAGEMENT_PORT:-9191}
PG_PORT=${PG_PORT:-5491}

# Seconds to wait for a server to become ready.
READY_TIMEOUT=${READY_TIMEOUT:-180}
# Seconds without requests before the second memory reading. Valet's JVM returns freed native
# memory to the system every 5 s (-XX:TrimNativeHeapInterval=5000), so 10 s covers two rounds.
MEMORY_SETTLE=${MEMORY_SETTLE:-10}

# Redirect URI of the benchmark clients. Nothing listens on port 9; wrk never follows it.
REDIRECT_URI=http://127.0.0.1:9/callback

RESULTS=${RESULTS:-$WORK_DIR/results.txt}

log() {
    printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
    log "ERROR: $*"
    exit 1
}

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is not installed; bench/README.md lists what the scripts need"
    done
}

now_ms() {
    echo $(( $(date +%s%N) / 1000000 ))
}

# wait_ready URL PID LOG: waits until URL returns 200 and prints the milliseconds since START_MS.
# Stops the benchmark at once when PID exits first, for example after a failed start.
wait_ready() {
    local url=$1 pid=$2 server_log=$3 deadline=$(( $(date +%s) + READY_TIMEOUT ))
    until curl -sf -o /dev/null "$url"; do
        kill -0 "$pid" 2>/dev/null || die "the server process exited before $url was ready; its log $server_log names the cause"
        (( $(date +%s) < deadline )) || die "$url was not ready after $READY_TIMEOUT s"
        sleep 0.05
    done
    echo $(( $(now_ms) - START_MS ))
}

# wait_port_free PORT: fails when something already listens on 127.0.0.1:PORT, so that a
# leftover server is never measured by mistake.
wait_port_free() {
    local port=$1 tries=100
    while curl -s -o /dev/null "http://127.0.0.1:$port/"; do
        (( --tries > 0 )) || die "port $port is in use; stop the process listening on it"
        sleep 0.1
    done
}

# rss_mb PID: prints the resident memory of PID and its children in MB. kc.sh runs Keycloak's
# JVM as a child process.
rss_mb() {
    local own children
    own=$(ps -o rss= -p "$1")
    children=$(ps -o rss= --ppid "$1" | awk '{ total += $1 } END { print total + 0 }')
    echo $(( (own + children) / 1024 ))
}

# peak_rss_mb PID: prints the largest resident memory that PID and each of its children have
# had (VmHWM), added up, in MB.
peak_rss_mb() {
    local total=0 pid peak
    for pid in "$1" $(ps -o pid= --ppid "$1"); do
        peak=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
        total=$(( total + ${peak:-0} ))
    done
    echo $(( total / 1024 ))
}

# record_memory SERVER PID: records the resident memory of PID and its children right after the
# load, again after MEMORY_SETTLE seconds without requests, and the peak during the server's life.
record_memory() {
    local server=$1 pid=$2 after_load
    after_load=$(rss_mb "$pid")
    sleep "$MEMORY_SETTLE"
    record "$server memory rss_after_load_mb=$after_load rss_settled_mb=$(rss_mb "$pid") peak_rss_mb=$(peak_rss_mb "$pid")"
}

# cpu_ticks PID: prints the CPU time, user plus system, that PID and its children have used so
# far, in clock ticks (getconf CLK_TCK per second).
cpu_ticks() {
    local pid total=0 fields
    for pid in "$1" $(ps -o pid= --ppid "$1"); do
        # Fields 14 and 15 of /proc/PID/stat; the command name in field 2 may contain spaces.
        fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        total=$(( total + $(awk '{ print $12 + $13 }' <<<"$fields") ))
    done
    echo "$total"
}

# cpu_us_per_request TICKS_BEFORE TICKS_AFTER RESULT: prints the server's CPU time per request in
# microseconds. Unlike the rate, this figure hardly depends on what else the machine runs.
cpu_us_per_request() {
    local requests
    requests=$(grep -o 'requests=[0-9]*' <<<"$3" | cut -d= -f2)
    awk -v ticks=$(( $2 - $1 )) -v hz="$(getconf CLK_TCK)" -v requests="${requests:-0}" \
        'BEGIN { if (requests > 0) printf "%.0f", ticks * 1000000 / hz / requests; else print 0 }'
}

# server_pid SERVER: prints the process id of the server that a scenario loads.
server_pid() {
    case $1 in
        keycloak*) echo "$KC_PID" ;;
        *) echo "$VALET_PID" ;;
    esac
}

# wait_server_idle PID: waits, for at most 10 s, until PID and its children use less than 5 % of
# one core over half a second. A server keeps working on requests whose connections wrk closed at
# the end of a run (logins of the dance take seconds at 32 connections), and that work must not
# fall into the next run.
wait_server_idle() {
    local before after attempt
    for (( attempt = 0; attempt < 20; attempt++ )); do
        before=$(cpu_ticks "$1")
        sleep 0.5
        after=$(cpu_ticks "$1")
        (( (after - before) * 1000 / $(getconf CLK_TCK) < 25 )) && return 0
    done
    log "the server still used CPU 10 s after the run; the next run starts anyway"
}

# stop_pid PID: stops a server this script started and waits until it has exited.
stop_pid() {
    local pid=$1 tries=300
    kill "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        (( --tries > 0 )) || { kill -9 "$pid" 2>/dev/null; break; }
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
}

basic_credentials() {
    printf '%s:%s' "$1" "$2" | base64 -w0
}

# jwt_alg TOKEN: prints the alg of a JWT's header.
jwt_alg() {
    local header=${1%%.*}
    header=$(printf '%s' "$header" | tr '_-' '/+')
    while (( ${#header} % 4 )); do header+="="; done
    printf '%s' "$header" | base64 -d | jq -r .alg
}

# A PKCE pair (RFC 7636 §4.1, §4.2): CODE_VERIFIER and its S256 CODE_CHALLENGE.
new_pkce_pair() {
    CODE_VERIFIER=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
    CODE_CHALLENGE=$(printf '%s' "$CODE_VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')
}

# wait_for_quiet: polls the 1-minute load average every 30 s until it is below QUIET_LOAD,
# for at most QUIET_WAIT_MINUTES, and records what it saw in LOAD_LOG.
wait_for_quiet() {
    local limit=${QUIET_LOAD:-2.5} minutes=${QUIET_WAIT_MINUTES:-25}
    local deadline=$(( $(date +%s) + minutes * 60 )) load
    while true; do
        uptime | tee -a "$LOAD_LOG" >&2
        load=$(cut -d' ' -f1 /proc/loadavg)
        if awk -v l="$load" -v m="$limit" 'BEGIN { exit !(l < m) }'; then
            log "1-minute load average $load is below $limit"
            return 0
        fi
        if (( $(date +%s) >= deadline )); then
            log "1-minute load average $load is still above $limit after $minutes minutes; measuring anyway"
            echo "NOTE: measured with load average $load above $limit" >>"$LOAD_LOG"
            return 0
        fi
        sleep 30
    done
}

# scenario_selected SCENARIO: succeeds when SCENARIOS is empty or names SCENARIO.
scenario_selected() {
    [[ -z $SCENARIOS || " $SCENARIOS " == *" $1 "* ]]
}

# run_scenario SERVER ALGORITHM SCENARIO THREADS_MODE LUA URL PREPARE
# Runs LUA against URL once to warm up, then RUNS times for every connection count, and
# appends one line per recorded run to RESULTS. THREADS_MODE is "per-connection" (wrk -t N -c N, for scripts that keep state
# per connection) or "shared" (at most 2 threads, one per core). PREPARE names a function
# that is called with the connection count before each run to export the script's inputs.
# Does nothing when SCENARIOS does not name SCENARIO.
run_scenario() {
    run_alternating "$1" "$2" "$4" "$5" "$6" "$3" "$7"
}

# run_alternating SERVER ALGORITHM THREADS_MODE LUA URL SCENARIO PREPARE [SCENARIO PREPARE]...
# Does what run_scenario does for each SCENARIO of the same script that SCENARIOS names. After
# all warm-ups, the scenarios take turns for each recorded run. Two scenarios whose ratio
# matters thus see the same changes in the load of a shared machine.
run_alternating() {
    local server=$1 algorithm=$2 mode=$3 script=$4 url=$5
    shift 5
    local -a scenarios=() prepares=()
    local connections run i
    while (( $# >= 2 )); do
        if scenario_selected "$1"; then
            scenarios+=("$1")
            prepares+=("$2")
        fi
        shift 2
    done
    (( ${#scenarios[@]} > 0 )) || return 0

    uptime >>"${LOAD_LOG:-/dev/null}"
    for i in "${!scenarios[@]}"; do
        warm_up "$server" "$mode" "$script" "$url" "${prepares[i]}"
    done
    for connections in $CONNECTIONS; do
        for (( run = 1; run <= RUNS; run++ )); do
            for i in "${!scenarios[@]}"; do
                recorded_run "$server" "$algorithm" "${scenarios[i]}" "$mode" "$script" "$url" "${prepares[i]}" \
                    "$connections" "$run"
            done
        done
    done
}

# wrk_threads THREADS_MODE CONNECTIONS: prints wrk's thread count for a run.
wrk_threads() {
    if [[ $1 == shared ]] && (( $2 > 2 )); then
        echo 2
    else
        echo "$2"
    fi
}

# warm_up SERVER THREADS_MODE LUA URL PREPARE: runs LUA unrecorded for WARMUP at the largest
# connection count, so that the JIT compiler has compiled the scenario's path before the first
# recorded run.
warm_up() {
    local server=$1 mode=$2 script=$3 url=$4 prepare=$5 largest
    [[ $WARMUP != 0s ]] || return 0
    largest=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -1)
    "$prepare" "$largest"
    wrk -t "$(wrk_threads "$mode" "$largest")" -c "$largest" -d "$WARMUP" --timeout 10s \
        -s "$BENCH_LUA_DIR/$script" "$url" >/dev/null 2>&1 || true
    wait_server_idle "$(server_pid "$server")"
}

# recorded_run SERVER ALGORITHM SCENARIO THREADS_MODE LUA URL PREPARE CONNECTIONS RUN: runs LUA
# for DURATION and appends its result, with the server's CPU time per request, to RESULTS.
recorded_run() {
    local server=$1 algorithm=$2 scenario=$3 mode=$4 script=$5 url=$6 prepare=$7 connections=$8 run=$9
    local output result ticks_before ticks_after
    "$prepare" "$connections"
    ticks_before=$(cpu_ticks "$(server_pid "$server")")
    output=$(wrk -t "$(wrk_threads "$mode" "$connections")" -c "$connections" -d "$DURATION" --timeout 10s \
        -s "$BENCH_LUA_DIR/$script" "$url" 2>&1) || true
    ticks_after=$(cpu_ticks "$(server_pid "$server")")
    result=$(grep '^RESULT' <<<"$output" | cut -d' ' -f2-)
    if [[ -z $result ]]; then
        log "wrk failed: $output"
        result="rate=0 p50_ms=0 p99_ms=0 errors=-1 requests=0"
    fi
    result="$result server_cpu_us=$(cpu_us_per_request "$ticks_before" "$ticks_after" "$result")"
    printf '%s %s %s c=%s run=%s %s\n' "$server" "$algorithm" "$scenario" "$connections" "$run" "$result" \
        | tee -a "$RESULTS"
    wait_server_idle "$(server_pid "$server")"
}

# record KEY VALUE...: appends a measurement that is not a wrk run (start-up time, memory,
# signing rates) to RESULTS.
record() {
    printf '%s\n' "$*" | tee -a "$RESULTS"
}
