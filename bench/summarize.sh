#!/usr/bin/env bash
# Prints the medians per scenario and connection count, and the ratios that the targets in
# BENCHMARKS.md name, from one results file of bench/run.sh. Usage: bench/summarize.sh bench/work/results-<time>.txt
set -euo pipefail

[[ $# == 1 && -f $1 ]] || { echo "usage: $0 RESULTS_FILE" >&2; exit 2; }

awk '
function value(field,    i, parts) {
    for (i = 1; i <= NF; i++) {
        split($i, parts, "=")
        if (parts[1] == field) return parts[2]
    }
    return ""
}
function median(list,    n, values, i, j, t) {
    n = split(list, values, " ")
    for (i = 2; i <= n; i++) {
        t = values[i] + 0
        for (j = i - 1; j >= 1 && values[j] + 0 > t; j--) values[j + 1] = values[j]
        values[j + 1] = t
    }
    if (n == 0) return 0
    if (n % 2) return values[(n + 1) / 2]
    return (values[n / 2] + values[n / 2 + 1]) / 2
}
function ratio(a, b) {
    return (b > 0 && a != "") ? sprintf("%.2f", a / b) : "n/a"
}
$1 == "limit" { limit[$3] = value("two_cores"); tool[$3] = $2; next }
$2 == "startup" {
    if (value("first_start_ms") != "") first[$1] = value("first_start_ms")
    if (value("restart_ms") != "") restart[$1] = restart[$1] " " value("restart_ms")
    if (value("restart_without_archive_ms") != "") plain[$1] = plain[$1] " " value("restart_without_archive_ms")
    if (value("restart_fast_jar_ms") != "") fast[$1] = fast[$1] " " value("restart_fast_jar_ms")
    next
}
$2 == "memory" {
    rss[$1] = value("rss_after_load_mb")
    settled[$1] = value("rss_settled_mb")
    peak[$1] = value("peak_rss_mb")
    next
}
$4 ~ /^c=/ {
    key = $1 " " $2 " " $3 " " $4
    if (!(key in runs)) order[++keys] = key
    runs[key]++
    rates[key] = rates[key] " " value("rate")
    p50[key] = p50[key] " " value("p50_ms")
    p99[key] = p99[key] " " value("p99_ms")
    cpu[key] = cpu[key] " " value("server_cpu_us")
    errors[key] += value("errors")
    connections[substr($4, 3)] = 1
}
END {
    printf "%-17s %-6s %-19s %5s %10s %9s %9s %7s %5s %14s\n", "server", "alg", "scenario", "conns", "rate/s", "p50_ms", "p99_ms", "errors", "runs", "server_cpu_us"
    for (i = 1; i <= keys; i++) {
        key = order[i]
        split(key, k, " ")
        rate[key] = median(rates[key])
        printf "%-17s %-6s %-19s %5s %10.1f %9.2f %9.2f %7d %5d %14d\n", k[1], k[2], k[3], substr(k[4], 3), rate[key], median(p50[key]), median(p99[key]), errors[key], runs[key], median(cpu[key])
    }

    print ""
    printf "%-50s %5s %8s\n", "ratio (medians)", "conns", "value"
    n = 0
    for (c in connections) sorted[++n] = c + 0
    for (i = 2; i <= n; i++) {
        t = sorted[i]
        for (j = i - 1; j >= 1 && sorted[j] > t; j--) sorted[j + 1] = sorted[j]
        sorted[j + 1] = t
    }
    for (i = 1; i <= n; i++) {
        c = sorted[i]
        cc = "c=" c
        printf "%-50s %5s %8s\n", "client_credentials RS256 valet/keycloak", c, ratio(rate["valet RS256 client_credentials " cc], rate["keycloak RS256 client_credentials " cc])
        printf "%-50s %5s %8s\n", "client_credentials RS256 valet/(2 x rsa2048 sign)", c, ratio(rate["valet RS256 client_credentials " cc], limit["rsa2048"])
        printf "%-50s %5s %8s\n", "client_credentials RS256 valet/(JDK RS256 sign)", c, ratio(rate["valet RS256 client_credentials " cc], limit["rs256"])
        printf "%-50s %5s %8s\n", "client_credentials RS256 valet/(Corretto RS256 sign)", c, ratio(rate["valet RS256 client_credentials " cc], limit["rs256-corretto"])
        printf "%-50s %5s %8s\n", "client_credentials ES256 valet/keycloak", c, ratio(rate["valet ES256 client_credentials " cc], rate["keycloak ES256 client_credentials " cc])
        printf "%-50s %5s %8s\n", "client_credentials ES256 valet/(2 x p256 sign)", c, ratio(rate["valet ES256 client_credentials " cc], limit["ecdsap256"])
        printf "%-50s %5s %8s\n", "client_credentials ES256 valet/(JDK ES256 sign)", c, ratio(rate["valet ES256 client_credentials " cc], limit["es256"])
        printf "%-50s %5s %8s\n", "client_credentials ES256 valet/(Corretto ES256 sign)", c, ratio(rate["valet ES256 client_credentials " cc], limit["es256-corretto"])
        printf "%-50s %5s %8s\n", "refresh RS256 valet/keycloak", c, ratio(rate["valet RS256 refresh " cc], rate["keycloak RS256 refresh " cc])
        printf "%-50s %5s %8s\n", "introspect valet/keycloak", c, ratio(rate["valet RS256 introspect " cc], rate["keycloak RS256 introspect " cc])
        printf "%-50s %5s %8s\n", "api/hello (valet)", c, ratio(rate["valet RS256 api " cc], rate["valet RS256 hello " cc])
        printf "%-50s %5s %8s\n", "postgresql refresh grown/empty", c, ratio(rate["valet-postgresql RS256 refresh-grown " cc], rate["valet-postgresql RS256 refresh-empty " cc])
    }

    print ""
    for (server in first) printf "%s start to ready: first start %s ms, restarts median %s ms (%s)\n", server, first[server], median(restart[server]), restart[server]
    for (server in plain) printf "%s restarts without the class data sharing archive: median %s ms (%s)\n", server, median(plain[server]), plain[server]
    for (server in fast) printf "%s restarts of the fast-jar package: median %s ms (%s)\n", server, median(fast[server]), fast[server]
    for (server in rss) {
        if (settled[server] == "") {
            printf "%s resident memory after load: %s MB\n", server, rss[server]
        } else {
            printf "%s resident memory: %s MB right after the load, %s MB after it settled, peak %s MB\n", server, rss[server], settled[server], peak[server]
        }
    }
    for (name in limit) printf "%s %s sign/s on two cores: %s\n", tool[name], name, limit[name]
}
' "$1" | sed 's/ *$//'
