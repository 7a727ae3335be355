#!/usr/bin/env bash
# The benchmark harness: one command, bounded, loopback only. See bench/README.md.
#   bench/run.sh [--orders 1000000] [--small-orders 100000] [--merchants 100] [--duration 10] [--warmup 3]
set -euo pipefail

ORDERS=1000000
SMALL_ORDERS=100000
MERCHANTS=100
DURATION=10
WARMUP=3
JIT_WARMUP=5
CONNECTIONS=(16 64)
while [ $# -gt 0 ]; do
    case "$1" in
        --orders) ORDERS=$2; shift 2 ;;
        --small-orders) SMALL_ORDERS=$2; shift 2 ;;
        --merchants) MERCHANTS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$SMALL_ORDERS" -lt "$ORDERS" ] || SMALL_ORDERS=$((ORDERS / 10))

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
WORK="$BENCH/work"
APP="$WORK/app"
PGROOT="$WORK/pg"
PGDATA="$PGROOT/data"
RAW="$WORK/raw"
HOST=127.0.0.1
PGPORT=55439
APIPORT=55080
RECEIVERPORT=55081
STAMP=$(date -u +%Y-%m-%d)
SERVICE_PID=""
RECEIVER_PID=""

log() { printf '\n== %s\n' "$*" >&2; }

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

PGBIN=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

cleanup() {
    set +e
    [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill -TERM "$SERVICE_PID"; for _ in $(seq 50); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$SERVICE_PID" 2>/dev/null
    fi
    if [ -f "$PGDATA/postmaster.pid" ]; then
        as_postgres "$PGBIN/pg_ctl" stop -D "$PGDATA" -m fast -w -t 60 >/dev/null 2>&1
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require_tools() {
    if ! command -v wrk >/dev/null 2>&1; then
        log "installing wrk (Debian package)"
        if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
        else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi
    fi
    [ -x "$PGBIN/pgbench" ] || { echo "pgbench not found in $PGBIN (install postgresql)" >&2; exit 1; }
}

build() {
    log "building the service (Release)"
    dotnet publish "$ROOT/src/OrderStatus.Api" -c Release -o "$APP" --nologo -v quiet >/dev/null
}

# Another process on one of our ports would silently take the measurements: refuse to start.
require_free_ports() {
    local port
    for port in "$PGPORT" "$APIPORT" "$RECEIVERPORT"; do
        if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
            echo "port $HOST:$port is already in use (a leftover run?); stop that process first" >&2; exit 1
        fi
    done
}

start_database() {
    log "starting PostgreSQL (durable: fsync and synchronous_commit on) on $HOST:$PGPORT"
    rm -rf "$PGROOT"; mkdir -p "$PGROOT"
    [ "$(id -u)" = 0 ] && chown postgres: "$PGROOT"
    as_postgres "$PGBIN/initdb" -D "$PGDATA" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
    cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '$HOST'
port = $PGPORT
unix_socket_directories = '$PGROOT'
max_connections = 300
shared_buffers = 2GB
effective_cache_size = 8GB
work_mem = 16MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
fsync = on
synchronous_commit = on
full_page_writes = on
CONF
    as_postgres "$PGBIN/pg_ctl" start -D "$PGDATA" -w -t 60 -l "$PGROOT/postgres.log" >/dev/null
    as_postgres "$PGBIN/createdb" -h "$HOST" -p "$PGPORT" -U bench orderstatus
}

export ConnectionStrings__Orders="Host=$HOST;Port=$PGPORT;Username=bench;Database=orderstatus;Maximum Pool Size=200;No Reset On Close=true"
export ASPNETCORE_ENVIRONMENT=Production
export Logs__MinimumLevel=Warning
export RateLimiting__Enabled=false
# S7 delivers to a receiver on 127.0.0.1, which Production refuses by default.
export Webhooks__AllowPrivateNetworks=true
# Production requires a shared token signing key; any fresh one will do for a benchmark.
export Auth__TokenSigningKey=$(head -c 32 /dev/urandom | base64)

seed() {  # seed <total orders>: brings the data set up to that many orders (appends)
    log "seeding up to $1 orders across $MERCHANTS merchants"
    /usr/bin/time -f "seed took %e s, peak RSS %M KiB" \
        dotnet "$APP/OrderStatus.Api.dll" seed --orders "$1" --merchants "$MERCHANTS" --targets "$WORK/targets.txt" --sample "$1"
    "$PGBIN/psql" -h "$HOST" -p "$PGPORT" -U bench -d orderstatus -qc "VACUUM ANALYZE" >/dev/null
    "$PGBIN/psql" -h "$HOST" -p "$PGPORT" -U bench -d orderstatus -Atc \
        "SELECT 'database now holds ' || (SELECT count(*) FROM orders) || ' orders, ' || (SELECT count(*) FROM order_events) || ' history events'" >&2
    SEEDED=$1
}

start_service() {
    log "starting the service (Release) on $HOST:$APIPORT"
    # From its own directory: the content root is watched for configuration changes, recursively,
    # and from the repository root that would include PostgreSQL's busy data directory.
    (cd "$APP" && exec dotnet OrderStatus.Api.dll --urls "http://$HOST:$APIPORT") > "$WORK/service.log" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 150); do
        kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }
        curl -fs "http://$HOST:$APIPORT/health/ready" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "service did not become ready" >&2; exit 1
}

# The targets must work before any load is measured: one authenticated read of the first target.
check_targets() {
    local auth id code
    read -r auth id _ < "$WORK/targets.txt"
    code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -H "Authorization: Basic $auth" "http://$HOST:$APIPORT/api/v1/orders/$id/status")
    [ "$code" = 200 ] || { echo "a target read answered $code: $(cat "$WORK/check.json")" >&2; exit 1; }
}

stop_service() {
    [ -n "$SERVICE_PID" ] || return 0
    kill -TERM "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=""
RECEIVER_PID=""
}

peak_rss_kib() { awk '/VmHWM/ {print $2}' "/proc/$SERVICE_PID/status"; }

# A fresh service runs unoptimised (tier-0, instrumented) code until the JIT has tiered it up, which
# on 2 busy cores takes tens of seconds: run every scenario once before any measurement.
warm_up_jit() {
    local s
    for s in "${READS[@]}" "${WRITES[@]}"; do
        TARGETS="$WORK/targets.txt" BENCH_LUA="$BENCH/lua" S5_SLOT=0 \
            wrk -t2 -c16 -d"${JIT_WARMUP}s" -s "$BENCH/lua/$s.lua" "http://$HOST:$APIPORT" >/dev/null 2>&1 || true
    done
}

# run_wrk <label> <scenario> <connections>: warm-up, then a measured run; prints one RESULT line.
run_wrk() {
    local label=$1 scenario=$2 conns=$3 out="$RAW/$1-$2-c$3.wrk"
    # S5's slots of never-touched orders: 1/2 warm-up/measure at 16 connections, 3/4 at 64.
    local slot=$([ "$conns" -le 16 ] && echo 1 || echo 3)
    TARGETS="$WORK/targets.txt" BENCH_LUA="$BENCH/lua" S5_SLOT=$slot \
        wrk -t2 -c"$conns" -d"${WARMUP}s" -s "$BENCH/lua/$scenario.lua" "http://$HOST:$APIPORT" >/dev/null 2>&1 || true
    TARGETS="$WORK/targets.txt" BENCH_LUA="$BENCH/lua" S5_SLOT=$((slot + 1)) \
        wrk -t2 -c"$conns" -d"${DURATION}s" --timeout 5s -s "$BENCH/lua/$scenario.lua" "http://$HOST:$APIPORT" > "$out" 2>&1
    printf '%s %s %s %s\n' "$label" "$scenario" "$conns" "$(grep '^RESULT ' "$out" | sed 's/^RESULT //')" >> "$RAW/service.results"
}

# run_pgbench <label> <scenario> <connections>: the same statements straight against PostgreSQL.
run_pgbench() {
    local label=$1 scenario=$2 conns=$3 out="$RAW/$1-$2-c$3.pgbench"
    # S2 and S6 send the service's S1 statement (bench/sql/s1_status.sql).
    local sql=$scenario
    case "$scenario" in s2_order|s6_not_modified) sql=s1_status ;; esac
    "$PGBIN/pgbench" -h "$HOST" -p "$PGPORT" -U bench -n -M prepared -c "$conns" -j 2 -T "$DURATION" \
        -D orders="$SEEDED" -D merchants="$MERCHANTS" -f "$BENCH/sql/$sql.sql" orderstatus > "$out" 2>&1 || true
    printf '%s %s %s %s\n' "$label" "$scenario" "$conns" \
        "$(python3 "$BENCH/lib/pgbench_result.py" "$out")" >> "$RAW/pgbench.results"
}

# S7: every merchant subscribes a local receiver to all events, S4 creates orders for 10 s, and the
# dispatcher's rate is the deliveries it completes from the start of that load until the backlog is
# drained (at most 180 s more). Writes raw/s7.json.
run_s7() {
    log "S7: webhook dispatch to a local receiver"
    python3 "$BENCH/lib/receiver.py" "$RECEIVERPORT" & RECEIVER_PID=$!
    sleep 0.5
    local auth
    for auth in $(awk '{print $1}' "$WORK/targets.txt" | sort -u); do
        curl -fs -o /dev/null -H "Authorization: Basic $auth" -H 'Content-Type: application/json' \
            -d "{\"url\":\"http://$HOST:$RECEIVERPORT/hook\",\"eventTypes\":[\"*\"]}" "http://$HOST:$APIPORT/api/v1/webhooks"
    done
    local before started events delivered=0 elapsed
    before=$("$PGBIN/psql" -h "$HOST" -p "$PGPORT" -U bench -d orderstatus -Atc "SELECT count(*) FROM outbox_messages")
    started=$(python3 -c 'import time; print(time.time())')
    TARGETS="$WORK/targets.txt" BENCH_LUA="$BENCH/lua" \
        wrk -t2 -c16 -d10s -s "$BENCH/lua/s4_create.lua" "http://$HOST:$APIPORT" > "$RAW/s7-load.wrk" 2>&1 || true
    events=$(( $("$PGBIN/psql" -h "$HOST" -p "$PGPORT" -U bench -d orderstatus -Atc "SELECT count(*) FROM outbox_messages") - before ))
    for _ in $(seq 900); do
        delivered=$(curl -fs "http://$HOST:$RECEIVERPORT/count" || echo 0)
        [ "$delivered" -ge "$events" ] && break
        sleep 0.2
    done
    elapsed=$(python3 -c "import time; print(round(time.time() - $started, 2))")
    printf '{"events": %s, "delivered": %s, "seconds": %s}\n' "$events" "$delivered" "$elapsed" > "$RAW/s7.json"
    kill "$RECEIVER_PID" 2>/dev/null; RECEIVER_PID=""
}

READS=(s1_status s2_order s3_list s6_not_modified)
WRITES=(s4_create s5_transition)

main() {
    local started=$SECONDS
    require_tools
    require_free_ports
    rm -rf "$RAW"; mkdir -p "$RAW" "$BENCH/results"
    build
    start_database
    dotnet "$APP/OrderStatus.Api.dll" migrate >/dev/null

    seed "$SMALL_ORDERS"
    start_service
    check_targets
    warm_up_jit
    for s in "${READS[@]}"; do run_wrk small "$s" 16; run_pgbench small "$s" 16; done
    stop_service

    seed "$ORDERS"
    start_service
    check_targets
    warm_up_jit
    for c in "${CONNECTIONS[@]}"; do
        for s in "${READS[@]}" "${WRITES[@]}"; do run_wrk full "$s" "$c"; run_pgbench full "$s" "$c"; done
    done
    local rss; rss=$(peak_rss_kib)
    run_s7 || echo "S7 failed; see $RAW" >&2
    stop_service

    python3 "$BENCH/lib/report.py" --raw "$RAW" --out "$BENCH/results/$STAMP" \
        --orders "$ORDERS" --small-orders "$SMALL_ORDERS" --merchants "$MERCHANTS" \
        --duration "$DURATION" --peak-rss-kib "$rss" --elapsed $((SECONDS - started)) \
        --commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

main
