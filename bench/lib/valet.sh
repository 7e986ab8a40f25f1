# Starting Valet, preparing its clients and account through the public APIs, and the inputs
# of each scenario. Sourced by bench/run.sh after common.sh.

VALET_URL=http://127.0.0.1:$VALET_PORT
VALET_JAVA=${VALET_JAVA:-java}
# The JVM settings that README.md recommends for one Valet process: a small heap, the serial
# collector, and freed native memory handed back to the system every 5 s. Without -Xmx the JVM
# takes a quarter of the machine's memory and grows the heap instead of collecting. The Tier4
# thresholds, ten times the JVM's defaults, make the C2 compiler wait for more calls of a method,
# so that it leaves more of the second core to the start.
VALET_JAVA_OPTS=${VALET_JAVA_OPTS--XX:+UseSerialGC -Xmx64m -XX:TrimNativeHeapInterval=5000 -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000}
# glibc's malloc arenas for Valet's process, as README.md recommends; empty for glibc's default.
VALET_MALLOC_ARENA_MAX=${VALET_MALLOC_ARENA_MAX-2}
# 1: Valet starts with a class data sharing archive of its own classes (README.md, "JVM
# settings"), made by valet_train_archive. 0: without one.
VALET_CDS=${VALET_CDS:-1}
# uber-jar: the one-jar package (valet.jar) that README.md recommends for the fastest start.
# fast-jar: Quarkus's default layout (quarkus-run.jar and lib/), built for H2 only.
VALET_PACKAGE=${VALET_PACKAGE:-uber-jar}
VALET_ADMIN_ID=bench-admin
VALET_COOKIES=$WORK_DIR/valet-cookies.txt
BENCH_USERNAME=bench-user
# Scope of client_credentials tokens on both servers: a scope that both know.
CC_SCOPE=profile
# Scope of the authorization code dance and the refresh chains.
USER_SCOPE=contacts:read

# valet_start DATABASE [JAVA OPTION...]: starts Valet from the jar built for DATABASE (h2 or
# postgresql) and waits for /q/health/ready. Sets VALET_PID and VALET_READY_MS. The H2 data
# stays in WORK_DIR/valet-data until valet_reset_data deletes it.
valet_start() {
    local database=$1
    shift
    wait_port_free "$VALET_PORT"
    local app jar options
    app=$(valet_package_dir "$database")
    jar=$(valet_package_jar "$database")
    if [[ $database == h2 ]]; then
        options=(-Dquarkus.profile=bench)
    else
        # The prod profile listens on every address by default; the benchmark listens on loopback only.
        options=(-Dquarkus.http.host=127.0.0.1 -Dvalet.issuer="$VALET_URL"
            -Dmp.jwt.verify.publickey.location="$VALET_URL/jwks")
    fi
    [[ -f $jar ]] || die "$jar is missing; run bench/build.sh first"
    VALET_ADMIN_SECRET=${VALET_ADMIN_SECRET:-$(openssl rand -hex 24)}
    # The signing keys in the database are encrypted with this key, so it lives as long as the data.
    VALET_ENCRYPTION_KEY=${VALET_ENCRYPTION_KEY:-$(openssl rand -base64 32)}

    local archive=()
    if [[ $VALET_CDS == 1 && -f $app/valet.jsa ]]; then
        archive=(-XX:SharedArchiveFile="$app/valet.jsa")
    fi

    local log=$WORK_DIR/valet-$database.log logged=0
    [[ -f $log ]] && logged=$(stat -c %s "$log")

    START_MS=$(now_ms)
    MALLOC_ARENA_MAX=$VALET_MALLOC_ARENA_MAX \
        VALET_BENCH_DATA_DIR=$WORK_DIR/valet-data \
        VALET_ADMIN_CLIENT_ID=$VALET_ADMIN_ID \
        VALET_ADMIN_CLIENT_SECRET=$VALET_ADMIN_SECRET \
        VALET_KEYS_ENCRYPTION_KEY=$VALET_ENCRYPTION_KEY \
        "$VALET_JAVA" $VALET_JAVA_OPTS "${archive[@]}" "${options[@]}" -Dquarkus.http.port="$VALET_PORT" "$@" \
        -jar "$jar" >>"$log" 2>&1 &
    VALET_PID=$!
    VALET_READY_MS=$(wait_ready "$VALET_URL/q/health/ready" "$VALET_PID" "$log")
    # A JVM that cannot map the archive (another JDK, a file cut short) starts without it and logs
    # one warning. Such a start must not be recorded as one with the archive.
    if (( ${#archive[@]} > 0 )) && tail -c +$(( logged + 1 )) "$log" | grep -q 'Unable to use shared archive'; then
        die "the JVM failed to map $app/valet.jsa; delete it so that the next run makes a new one"
    fi
    log "Valet ($database) ready after $VALET_READY_MS ms, pid $VALET_PID"
}

# valet_package_dir DATABASE: the directory of the package of DATABASE in VALET_PACKAGE's layout.
valet_package_dir() {
    if [[ $VALET_PACKAGE == fast-jar ]]; then
        [[ $1 == h2 ]] || die "bench/build.sh builds the fast-jar layout for H2 only"
        echo "$WORK_DIR/valet-$1-fast-jar"
    else
        echo "$WORK_DIR/valet-$1"
    fi
}

# valet_package_jar DATABASE: the runnable jar of that package.
valet_package_jar() {
    if [[ $VALET_PACKAGE == fast-jar ]]; then
        echo "$(valet_package_dir "$1")/quarkus-run.jar"
    else
        echo "$(valet_package_dir "$1")/valet.jar"
    fi
}

valet_stop() {
    stop_pid "$VALET_PID"
}

# valet_train_archive DATABASE: makes the class data sharing archive of the DATABASE package
# with one training run (start, a token, stop), as README.md describes. The JVM writes it on
# exit. It fits only the package and JVM it was made with, so bench/build.sh deletes it with the
# old package.
valet_train_archive() {
    local app
    app=$(valet_package_dir "$1")
    [[ $VALET_CDS == 1 && ! -f $app/valet.jsa ]] || return 0
    log "Training run for Valet's class data sharing archive"
    VALET_CDS=0 valet_start "$1" -XX:ArchiveClassesAtExit="$app/valet.jsa"
    valet_admin_token >/dev/null
    valet_stop
    VALET_PID=
    [[ -f $app/valet.jsa ]] || die "the training run failed: $app/valet.jsa is missing; see $WORK_DIR/valet-$1.log"
}

# Deletes the H2 database, so that the next start creates the schema and a signing key.
valet_reset_data() {
    rm -rf "$WORK_DIR/valet-data"
    unset VALET_ADMIN_SECRET VALET_ENCRYPTION_KEY
}

valet_admin_token() {
    curl -sf -u "$VALET_ADMIN_ID:$VALET_ADMIN_SECRET" "$VALET_URL/token" \
        -d grant_type=client_credentials -d scope=valet:admin | jq -r .access_token
}

# Registers the benchmark client and account through the admin API, logs the account in with
# curl as a browser would, and approves the client once, so that later dances skip consent.
valet_setup() {
    local admin client
    admin=$(valet_admin_token)
    [[ -n $admin && $admin != null ]] || die "the admin client got no token from $VALET_URL/token"
    client=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
        "$VALET_URL/admin/clients" -d @- <<JSON
{"client_name": "Benchmark client", "redirect_uris": ["$REDIRECT_URI"],
 "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
 "response_types": ["code"], "token_endpoint_auth_method": "client_secret_basic",
 "scope": "$USER_SCOPE $CC_SCOPE"}
JSON
    ) || die "POST /admin/clients failed"
    VALET_CLIENT_ID=$(jq -r .client_id <<<"$client")
    VALET_CLIENT_SECRET=$(jq -r .client_secret <<<"$client")
    VALET_BASIC=$(basic_credentials "$VALET_CLIENT_ID" "$VALET_CLIENT_SECRET")

    BENCH_PASSWORD=$(openssl rand -hex 16)
    curl -sf -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
        "$VALET_URL/admin/accounts" -d "{\"username\": \"$BENCH_USERNAME\", \"password\": \"$BENCH_PASSWORD\"}" \
        || die "POST /admin/accounts failed"

    new_pkce_pair
    valet_browser_login
}

valet_authorize_url() {
    printf '%s/authorize?response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=bench&code_challenge=%s&code_challenge_method=S256' \
        "$VALET_URL" "$VALET_CLIENT_ID" "$(jq -rn --arg v "$REDIRECT_URI" '$v|@uri')" \
        "$(jq -rn --arg v "$USER_SCOPE" '$v|@uri')" "$CODE_CHALLENGE"
}

csrf_token_of() {
    sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1
}

valet_browser_login() {
    local location request csrf
    rm -f "$VALET_COOKIES"
    location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$VALET_COOKIES" -b "$VALET_COOKIES" "$(valet_authorize_url)")
    request=${location##*request=}
    csrf=$(curl -s -c "$VALET_COOKIES" -b "$VALET_COOKIES" "$VALET_URL/login?request=$request" | csrf_token_of)
    curl -s -o /dev/null -c "$VALET_COOKIES" -b "$VALET_COOKIES" "$VALET_URL/login" \
        --data-urlencode "request=$request" --data-urlencode "csrf_token=$csrf" \
        --data-urlencode "username=$BENCH_USERNAME" --data-urlencode "password=$BENCH_PASSWORD"
    csrf=$(curl -s -c "$VALET_COOKIES" -b "$VALET_COOKIES" "$VALET_URL/authorize/continue?request=$request" | csrf_token_of)
    [[ -n $csrf ]] || die "Valet showed no consent page after the login"
    location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$VALET_COOKIES" -b "$VALET_COOKIES" "$VALET_URL/consent" \
        --data-urlencode "request=$request" --data-urlencode "csrf_token=$csrf" -d decision=approve)
    [[ $location == *code=* ]] || die "the consent form did not redirect with a code: $location"
}

# Prints the token response of a new authorization: a code from the logged-in browser session,
# exchanged at the token endpoint.
valet_new_authorization() {
    local location code
    location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$VALET_COOKIES" -b "$VALET_COOKIES" "$(valet_authorize_url)")
    code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$location")
    [[ -n $code ]] || die "GET /authorize returned no code: $location"
    curl -sf -u "$VALET_CLIENT_ID:$VALET_CLIENT_SECRET" "$VALET_URL/token" -d grant_type=authorization_code \
        -d "code=$code" --data-urlencode "redirect_uri=$REDIRECT_URI" -d "code_verifier=$CODE_VERIFIER"
}

valet_prepare_client_credentials() {
    export BENCH_TOKEN_PATH=/token BENCH_BASIC=$VALET_BASIC BENCH_SCOPE=$CC_SCOPE
}

# One new authorization, and so one chain of refresh tokens, per connection.
valet_prepare_refresh() {
    local connections=$1 i tokens=()
    for (( i = 0; i < connections; i++ )); do
        tokens+=("$(valet_new_authorization | jq -r .refresh_token)")
    done
    export BENCH_TOKEN_PATH=/token BENCH_BASIC=$VALET_BASIC
    BENCH_REFRESH_TOKENS=$(IFS=,; echo "${tokens[*]}")
    export BENCH_REFRESH_TOKENS
}

valet_prepare_introspect() {
    export BENCH_INTROSPECT_PATH=/introspect BENCH_BASIC=$VALET_BASIC
    BENCH_ACCESS_TOKEN=$(curl -sf -u "$VALET_CLIENT_ID:$VALET_CLIENT_SECRET" "$VALET_URL/token" \
        -d grant_type=client_credentials -d scope=$CC_SCOPE | jq -r .access_token)
    export BENCH_ACCESS_TOKEN
}

valet_prepare_api() {
    export BENCH_PATH=/api/contacts
    BENCH_ACCESS_TOKEN=$(valet_new_authorization | jq -r .access_token)
    export BENCH_ACCESS_TOKEN
}

valet_prepare_hello() {
    export BENCH_PATH=/bench/hello BENCH_ACCESS_TOKEN=
}

valet_prepare_dance() {
    export BENCH_BASIC=$VALET_BASIC BENCH_CLIENT_ID=$VALET_CLIENT_ID BENCH_REDIRECT_URI=$REDIRECT_URI \
        BENCH_SCOPE=$USER_SCOPE BENCH_USERNAME BENCH_PASSWORD BENCH_CODE_VERIFIER=$CODE_VERIFIER \
        BENCH_CODE_CHALLENGE=$CODE_CHALLENGE
}
