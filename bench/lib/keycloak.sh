# Starting Keycloak (the peer), configuring it through its admin REST API so that it matches
# Valet's benchmark setup, and the inputs of each scenario. Sourced by bench/run.sh.

KC_VERSION=26.7.3
KC_DIST_ZIP=${KC_DIST_ZIP:-$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip}
KC_HOME=${KC_HOME:-$WORK_DIR/keycloak-$KC_VERSION}
# Keycloak 26 needs Java 21 or later.
KC_JAVA_HOME=${KC_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
KC_URL=http://127.0.0.1:$KC_PORT
KC_REALM=bench
KC_REALM_URL=$KC_URL/realms/$KC_REALM
KC_TOKEN_PATH=/realms/$KC_REALM/protocol/openid-connect/token
KC_CLIENT_ID=bench-client

# Unpacks the Keycloak distribution from the local Maven repository when it is not there yet.
keycloak_unpack() {
    [[ -x $KC_HOME/bin/kc.sh ]] && return 0
    [[ -f $KC_DIST_ZIP ]] || die "$KC_DIST_ZIP is missing; fetch org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip with Maven"
    log "Unpacking $KC_DIST_ZIP into $(dirname "$KC_HOME")"
    unzip -q "$KC_DIST_ZIP" -d "$(dirname "$KC_HOME")"
}

# Starts Keycloak in development mode (embedded H2 database, like Valet's benchmark profile) on
# 127.0.0.1 and waits for /health/ready on the management port. Sets KC_PID and KC_READY_MS.
keycloak_start() {
    wait_port_free "$KC_PORT"
    wait_port_free "$KC_MANAGEMENT_PORT"
    KC_ADMIN_PASSWORD=${KC_ADMIN_PASSWORD:-$(openssl rand -hex 16)}
    START_MS=$(now_ms)
    JAVA_HOME=$KC_JAVA_HOME \
        KC_BOOTSTRAP_ADMIN_USERNAME=admin \
        KC_BOOTSTRAP_ADMIN_PASSWORD=$KC_ADMIN_PASSWORD \
        "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" \
        --http-management-port="$KC_MANAGEMENT_PORT" --health-enabled=true \
        >>"$WORK_DIR/keycloak.log" 2>&1 &
    KC_PID=$!
    KC_READY_MS=$(wait_ready "http://127.0.0.1:$KC_MANAGEMENT_PORT/health/ready" "$KC_PID" "$WORK_DIR/keycloak.log")
    log "Keycloak ready after $KC_READY_MS ms, pid $KC_PID"
}

keycloak_stop() {
    stop_pid "$KC_PID"
}

# Deletes Keycloak's development database, so that the bootstrap admin is created again.
keycloak_reset_data() {
    rm -rf "$KC_HOME/data/h2"
    unset KC_ADMIN_PASSWORD
}

keycloak_admin_token() {
    curl -sf "$KC_URL/realms/master/protocol/openid-connect/token" -d grant_type=password \
        -d client_id=admin-cli -d username=admin --data-urlencode "password=$KC_ADMIN_PASSWORD" | jq -r .access_token
}

# keycloak_admin METHOD PATH [BODY]: calls the admin REST API of the benchmark realm's server.
keycloak_admin() {
    local method=$1 path=$2 body=${3:-}
    local args=(-sf -X "$method" -H "Authorization: Bearer $(keycloak_admin_token)" "$KC_URL/admin/realms$path")
    if [[ -n $body ]]; then
        args+=(-H 'Content-Type: application/json' -d "$body")
    fi
    curl "${args[@]}" || die "Keycloak admin API: $method $path failed"
}

# Creates the realm, a confidential client with service accounts (the counterpart of Valet's
# benchmark client) and a user. Refresh tokens rotate and may be used once, as in Valet, and
# access tokens live an hour so that the introspected token stays active.
keycloak_setup() {
    keycloak_admin POST "" "{\"realm\": \"$KC_REALM\", \"enabled\": true, \"accessTokenLifespan\": 3600,
        \"revokeRefreshToken\": true, \"refreshTokenMaxReuse\": 0}"
    KC_CLIENT_SECRET=$(openssl rand -hex 24)
    keycloak_admin POST "/$KC_REALM/clients" "{\"clientId\": \"$KC_CLIENT_ID\", \"secret\": \"$KC_CLIENT_SECRET\",
        \"publicClient\": false, \"serviceAccountsEnabled\": true, \"standardFlowEnabled\": true,
        \"directAccessGrantsEnabled\": true, \"redirectUris\": [\"$REDIRECT_URI\"],
        \"attributes\": {\"pkce.code.challenge.method\": \"S256\"}}"
    KC_BASIC=$(basic_credentials "$KC_CLIENT_ID" "$KC_CLIENT_SECRET")
    # Keycloak 26.7 returns {"active": false} to a client that is not in the token's audience,
    # so the client's own tokens name it in aud.
    local client_uuid
    client_uuid=$(keycloak_admin GET "/$KC_REALM/clients?clientId=$KC_CLIENT_ID" | jq -r '.[0].id')
    keycloak_admin POST "/$KC_REALM/clients/$client_uuid/protocol-mappers/models" "{\"name\": \"bench-audience\",
        \"protocol\": \"openid-connect\", \"protocolMapper\": \"oidc-audience-mapper\",
        \"config\": {\"included.client.audience\": \"$KC_CLIENT_ID\", \"access.token.claim\": \"true\",
        \"introspection.token.claim\": \"true\"}}"
    BENCH_PASSWORD=${BENCH_PASSWORD:-$(openssl rand -hex 16)}
    keycloak_admin POST "/$KC_REALM/users" "{\"username\": \"$BENCH_USERNAME\", \"enabled\": true,
        \"email\": \"bench-user@example.test\", \"emailVerified\": true, \"firstName\": \"Bench\", \"lastName\": \"User\",
        \"credentials\": [{\"type\": \"password\", \"value\": \"$BENCH_PASSWORD\", \"temporary\": false}]}"
}

# Makes ES256 the access token algorithm: an ecdsa-generated P-256 key provider with a higher
# priority than the realm's RSA key, and the client attribute that selects ES256.
keycloak_use_es256() {
    local realm_id client_uuid
    realm_id=$(keycloak_admin GET "/$KC_REALM" | jq -r .id)
    keycloak_admin POST "/$KC_REALM/components" "{\"name\": \"bench-es256\", \"providerId\": \"ecdsa-generated\",
        \"providerType\": \"org.keycloak.keys.KeyProvider\", \"parentId\": \"$realm_id\",
        \"config\": {\"priority\": [\"200\"], \"ecdsaEllipticCurveKey\": [\"P-256\"], \"active\": [\"true\"], \"enabled\": [\"true\"]}}"
    client_uuid=$(keycloak_admin GET "/$KC_REALM/clients?clientId=$KC_CLIENT_ID" | jq -r '.[0].id')
    keycloak_admin PUT "/$KC_REALM/clients/$client_uuid" "{\"clientId\": \"$KC_CLIENT_ID\",
        \"attributes\": {\"access.token.signed.response.alg\": \"ES256\"}}"
}

keycloak_client_token() {
    curl -sf -H "Authorization: Basic $KC_BASIC" "$KC_URL$KC_TOKEN_PATH" -d grant_type=client_credentials \
        -d scope=$CC_SCOPE | jq -r .access_token
}

keycloak_prepare_client_credentials() {
    export BENCH_TOKEN_PATH=$KC_TOKEN_PATH BENCH_BASIC=$KC_BASIC BENCH_SCOPE=$CC_SCOPE
}

# One new user session, and so one chain of refresh tokens, per connection. Keycloak's password
# grant replaces Valet's code exchange here because it starts a chain without a browser.
keycloak_prepare_refresh() {
    local connections=$1 i tokens=()
    for (( i = 0; i < connections; i++ )); do
        tokens+=("$(curl -sf -H "Authorization: Basic $KC_BASIC" "$KC_URL$KC_TOKEN_PATH" -d grant_type=password \
            -d "username=$BENCH_USERNAME" --data-urlencode "password=$BENCH_PASSWORD" | jq -r .refresh_token)")
    done
    export BENCH_TOKEN_PATH=$KC_TOKEN_PATH BENCH_BASIC=$KC_BASIC
    BENCH_REFRESH_TOKENS=$(IFS=,; echo "${tokens[*]}")
    export BENCH_REFRESH_TOKENS
}

keycloak_prepare_introspect() {
    export BENCH_INTROSPECT_PATH=$KC_TOKEN_PATH/introspect BENCH_BASIC=$KC_BASIC
    BENCH_ACCESS_TOKEN=$(keycloak_client_token)
    export BENCH_ACCESS_TOKEN
}
