#!/usr/bin/env bash
# Records a JFR profile of Valet (H2, bench profile) during each named scenario and prints where
# the CPU samples fall. Usage: bench/profile.sh SCENARIO...  with SCENARIO one of
# client_credentials, refresh, introspect, api, hello, dance. Set VALET_TOKEN_SIGNING_ALGORITHM=ES256
# for ES256. Recordings go to bench/work/profile-<scenario>.jfr.
set -euo pipefail

# These defaults are set before common.sh, whose own defaults would otherwise win.
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
RUNS=1
source "$(dirname "$0")/lib/common.sh"
source "$BENCH_DIR/lib/valet.sh"

RESULTS=$WORK_DIR/profile-results.txt
FILTER=${FILTER:-'io\.valet\.|sun\.security|org\.hibernate\.internal\.SessionImpl\.managedFlush|jackson\.databind\.ObjectWriter'}

(( $# > 0 )) || die "name at least one scenario: client_credentials, refresh, introspect, api, hello or dance"
VALET_PID=
trap '[[ -n $VALET_PID ]] && valet_stop' EXIT
valet_reset_data
valet_start h2
valet_setup

for scenario in "$@"; do
    case $scenario in
        client_credentials) mode=shared script=client_credentials.lua ;;
        refresh) mode=per-connection script=refresh.lua ;;
        introspect) mode=shared script=introspect.lua ;;
        api | hello) mode=shared script=get.lua ;;
        dance) mode=per-connection script=dance_valet.lua ;;
        *) die "unknown scenario $scenario" ;;
    esac
    recording=$WORK_DIR/profile-$scenario.jfr
    jcmd "$VALET_PID" JFR.start name="$scenario" settings=profile filename="$recording" >/dev/null
    run_scenario valet "${VALET_TOKEN_SIGNING_ALGORITHM:-RS256}" "$scenario" "$mode" "$script" "$VALET_URL" \
        "valet_prepare_$scenario"
    jcmd "$VALET_PID" JFR.stop name="$scenario" >/dev/null
    "$BENCH_DIR/jfr-top.sh" "$recording" "$FILTER" 30
done
