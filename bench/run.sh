#!/usr/bin/env bash
# The benchmark harness: one command, bounded, loopback only. See bench/README.md.
#   bench/run.sh [--orders 1000000] [--small-orders 100000] [--merchants 100] [--duration 20] [--warmup 5] [--runs 3]
#                [--scenarios S1,S2,…] [--no-small] [--no-high] [--no-standby] [--capture-sql] [--out PATH]
#                [--no-build] [--jit-warmup S] [--service-env "NAME=value …"]
set -euo pipefail

ORDERS=1000000
SMALL_ORDERS=100000
MERCHANTS=100
DURATION=20
WARMUP=5
JIT_WARMUP=5
RUNS=3
SCENARIOS=""        # empty: every scenario (S1–S7); else a comma-separated list of ids
NO_SMALL=""
NO_HIGH=""
NO_STANDBY=""
CAPTURE_SQL=""
NO_BUILD=""
OUT=""
EXTRA_SERVICE_ENV=()
# The targets are set at 16 connections: each scenario there runs RUNS interleaved pairs. 64
# connections is reported for comparison with one shorter pair per scenario (the 30-minute budget).
HIGH_CONNS=64
HIGH_DURATION=10
while [ $# -gt 0 ]; do
    case "$1" in
        --orders) ORDERS=$2; shift 2 ;;
        --small-orders) SMALL_ORDERS=$2; shift 2 ;;
        --merchants) MERCHANTS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --scenarios) SCENARIOS=$2; shift 2 ;;
        --no-small) NO_SMALL=1; shift ;;
        --no-high) NO_HIGH=1; shift ;;
        --no-standby) NO_STANDBY=1; shift ;;
        --capture-sql) CAPTURE_SQL=1; shift ;;
        --out) OUT=$2; shift 2 ;;
        --no-build) NO_BUILD=1; shift ;;
        --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
        --service-env) read -r -a EXTRA_SERVICE_ENV <<< "$2"; shift 2 ;;
        -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$SMALL_ORDERS" -lt "$ORDERS" ] || SMALL_ORDERS=$((ORDERS / 10))
[ "$DURATION" -lt "$HIGH_DURATION" ] && HIGH_DURATION=$DURATION

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
WORK="$BENCH/work"
APP="$WORK/app"
PGROOT="$WORK/pg"
PGDATA="$PGROOT/data"
RAW="$WORK/raw"
HOST=127.0.0.1
PGPORT=55439
STANDBY_PORT=55440
STANDBY_ROOT="$WORK/pg-standby"
STANDBY_DATA="$STANDBY_ROOT/data"
STANDBY_PID=""
APIPORT=55080
RECEIVERPORT=55081
STAMP=$(date -u +%Y-%m-%d)
SERVICE_PID=""
SERVICE_ENV=()
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
    if [ -n "$STANDBY_PID" ] && kill -0 "$STANDBY_PID" 2>/dev/null; then
        as_postgres "$PGBIN/pg_ctl" stop -D "$STANDBY_DATA" -m fast -w -t 60 >/dev/null 2>&1 || kill -TERM "$STANDBY_PID"
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
    if [ -n "$NO_BUILD" ] && [ -f "$APP/OrderStatus.Api.dll" ]; then log "reusing the service built in $APP (--no-build)"; return 0; fi
    log "building the service (Release)"
    dotnet publish "$ROOT/src/OrderStatus.Api" -c Release -o "$APP" --nologo -v quiet >/dev/null
    dotnet publish "$BENCH/receiver" -c Release -o "$WORK/receiver" --nologo -v quiet >/dev/null
}

# Another process on one of our ports would silently take the measurements: refuse to start.
require_free_ports() {
    local port
    for port in "$PGPORT" "$STANDBY_PORT" "$APIPORT" "$RECEIVERPORT"; do
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
wal_level = replica
max_wal_senders = 4
CONF
    # The hot standby (S1-standby) streams from this cluster over loopback.
    echo "host replication bench $HOST/32 trust" >> "$PGDATA/pg_hba.conf"
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
        dotnet "$APP/OrderStatus.Api.dll" seed --orders "$1" --merchants "$MERCHANTS" --targets "$WORK/targets.txt" --sample "$1" --allow-production
    "$PGBIN/psql" -h "$HOST" -p "$PGPORT" -U bench -d orderstatus -qc "VACUUM ANALYZE" >/dev/null
    "$PGBIN/psql" -h "$HOST" -p "$PGPORT" -U bench -d orderstatus -Atc \
        "SELECT 'database now holds ' || (SELECT count(*) FROM orders) || ' orders, ' || (SELECT count(*) FROM order_events) || ' history events'" >&2
    SEEDED=$1
}

start_service() {
    log "starting the service (Release) on $HOST:$APIPORT"
    # From its own directory: the content root is watched for configuration changes, recursively,
    # and from the repository root that would include PostgreSQL's busy data directory.
    # SERVICE_ENV: extra variables for this start (names such as Serilog's overrides hold dots).
    (cd "$APP" && exec env ${EXTRA_SERVICE_ENV[@]+"${EXTRA_SERVICE_ENV[@]}"} ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"} dotnet OrderStatus.Api.dll --urls "http://$HOST:$APIPORT") > "$WORK/service.log" 2>&1 &
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

# CPU time, in clock ticks, from /proc/<pid>/stat (utime + stime; the command name in field 2 may hold
# spaces, so count fields after its closing parenthesis).
CLK_TCK=$(getconf CLK_TCK)
proc_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0; }
service_ticks() { proc_ticks "$SERVICE_PID"; }
# Every PostgreSQL process of our cluster: the postmaster's own time plus that of its exited children
# (cutime + cstime, which keeps the time of backends that ended inside the window) plus the live ones.
# With the hot standby running, its processes count too (the reads run there, the primary streams WAL).
postgres_ticks() {
    local data postmaster total=0 child
    for data in "$PGDATA" ${STANDBY_PID:+"$STANDBY_DATA"}; do
        postmaster=$(head -1 "$data/postmaster.pid")
        total=$((total + $(sed 's/^.*) //' "/proc/$postmaster/stat" | awk '{print $12 + $13 + $14 + $15}')))
        for child in $(pgrep -P "$postmaster"); do total=$((total + $(proc_ticks "$child"))); done
    done
    echo "$total"
}

# cpu_json <service ticks> <postgres ticks>: the window's CPU seconds as JSON members.
cpu_json() { awk -v s="$1" -v p="$2" -v hz="$CLK_TCK" 'BEGIN { printf "\"service_cpu_s\":%.3f,\"postgres_cpu_s\":%.3f", s / hz, p / hz }'; }

# S5 walks untouched `created` orders: every wrk run gets its own slot of them (see lua/s5_transition.lua).
S5_SLOT=0
next_s5_slot() { S5_SLOT=$((S5_SLOT + 1)); }
export S5_SLOTS=$((RUNS + 5))

# A fresh service runs unoptimised (tier-0, instrumented) code until the JIT has tiered it up, which
# on 2 busy cores takes tens of seconds: run every scenario before any measurement.
warm_up_jit() {
    local s
    for s in "${READS[@]}" "${WRITES[@]}"; do
        TARGETS="$WORK/targets.txt" BENCH_LUA="$BENCH/lua" S5_SLOT=0 \
            wrk -t2 -c16 -d"${JIT_WARMUP}s" -s "$BENCH/lua/$s.lua" "http://$HOST:$APIPORT" >/dev/null 2>&1 || true
    done
}

wrk_once() {  # wrk_once <scenario> <connections> <seconds> <output>
    [ "$1" = s5_transition ] && next_s5_slot
    # S1-standby is S1's requests against a service whose reads go to the hot standby.
    local lua=$1; [ "$lua" = s1_standby ] && lua=s1_status
    TARGETS="$WORK/targets.txt" BENCH_LUA="$BENCH/lua" S5_SLOT=$S5_SLOT \
        wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$3s" --timeout 5s -s "$BENCH/lua/$lua.lua" "http://$HOST:$APIPORT" > "$4" 2>&1 || true
}

# run_wrk <label> <scenario> <connections> <run> <seconds>: one measured run of the service, with the
# CPU the service and PostgreSQL spent in it; appends one line to raw/service.results.
run_wrk() {
    local label=$1 scenario=$2 conns=$3 run=$4 seconds=$5 out="$RAW/$1-$2-c$3-r$4.wrk" s0 p0 s1 p1
    s0=$(service_ticks); p0=$(postgres_ticks)
    wrk_once "$scenario" "$conns" "$seconds" "$out"
    s1=$(service_ticks); p1=$(postgres_ticks)
    printf '%s %s %s %s %s\n' "$label" "$scenario" "$conns" "$run" \
        "$(grep '^RESULT ' "$out" | sed 's/^RESULT //; s/}$//'),$(cpu_json $((s1 - s0)) $((p1 - p0)))}" >> "$RAW/service.results"
}

# run_pgbench <label> <scenario> <connections> <run> <seconds>: the same statements straight against
# PostgreSQL (writes in one pipelined round trip, see sql/), with PostgreSQL's CPU over the run.
run_pgbench() {
    local label=$1 scenario=$2 conns=$3 run=$4 seconds=$5 out="$RAW/$1-$2-c$3-r$4.pgbench" p0 p1
    # S2 and S6 send the service's S1 statement (bench/sql/s1_status.sql); S1-standby too, to the standby.
    local sql=$scenario port=$PGPORT
    case "$scenario" in s2_order|s6_not_modified) sql=s1_status ;; s1_standby) sql=s1_status port=$STANDBY_PORT ;; esac
    p0=$(postgres_ticks)
    "$PGBIN/pgbench" -h "$HOST" -p "$port" -U bench -n -M prepared -c "$conns" -j 2 -T "$seconds" \
        -D orders="$SEEDED" -D merchants="$MERCHANTS" -f "$BENCH/sql/$sql.sql" orderstatus > "$out" 2>&1 || true
    # pgbench's backends end with it: let the postmaster reap them, so that their time is in its cutime.
    sleep 0.5
    p1=$(postgres_ticks)
    printf '%s %s %s %s %s\n' "$label" "$scenario" "$conns" "$run" \
        "$(python3 "$BENCH/lib/pgbench_result.py" "$out" | sed 's/}$//'),$(cpu_json 0 $((p1 - p0)))}" >> "$RAW/pgbench.results"
}

# measure <label> <scenario> <connections> <runs> <seconds> [service-only]: a warm-up of the
# scenario, then <runs> interleaved pairs (service, pgbench, service, pgbench …), so that both
# see the same state of the machine; the report takes medians and spreads over the pairs.
measure() {
    local label=$1 scenario=$2 conns=$3 runs=$4 seconds=$5 only=${6:-} run
    wrk_once "$scenario" "$conns" "$WARMUP" /dev/null
    for run in $(seq "$runs"); do
        run_wrk "$label" "$scenario" "$conns" "$run" "$seconds"
        [ -n "$only" ] || run_pgbench "$label" "$scenario" "$conns" "$run" "$seconds"
    done
}

# S7: (1) the receiver alone under wrk, to show it is not the limit; (2) every merchant subscribes
# the receiver to all events, S4 creates orders for 10 s, and the dispatcher's rate is the deliveries
# it completes from the start of that load until the backlog is drained (at most 180 s more);
# (3) under light load (one order every 50 ms for 10 s) the receiver records commit-to-receipt
# latency (receipt time − the event's occurredAt). Writes raw/s7.json.
run_s7() {
    log "S7: webhook dispatch to a local receiver"
    dotnet "$WORK/receiver/bench-receiver.dll" "$RECEIVERPORT" > "$RAW/receiver.log" 2>&1 & RECEIVER_PID=$!
    for _ in $(seq 50); do curl -fs "http://$HOST:$RECEIVERPORT/count" >/dev/null 2>&1 && break; sleep 0.1; done
    BENCH_LUA="$BENCH/lua" wrk -t2 -c16 -d5s -s "$BENCH/lua/receiver_alone.lua" "http://$HOST:$RECEIVERPORT" > "$RAW/s7-receiver-alone.wrk" 2>&1 || true
    curl -fs -X DELETE "http://$HOST:$RECEIVERPORT/count" >/dev/null
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
    # Light load: 200 creates, one every 50 ms, one connection; latencies from the receiver.
    curl -fs -X DELETE "http://$HOST:$RECEIVERPORT/count" >/dev/null
    local line id
    read -r auth id _ < "$WORK/targets.txt"
    for line in $(seq 200); do
        curl -fs -o /dev/null -H "Authorization: Basic $auth" -H 'Content-Type: application/json' \
            -d "{\"reference\":\"s7-light-$STAMP-$RANDOM-$line\",\"currency\":\"EUR\",\"items\":[{\"name\":\"Mug\",\"quantity\":1,\"unitPrice\":9.5}]}" \
            "http://$HOST:$APIPORT/api/v1/orders" || true
        sleep 0.05
    done
    for _ in $(seq 100); do [ "$(curl -fs "http://$HOST:$RECEIVERPORT/count")" -ge 200 ] && break; sleep 0.1; done
    curl -fs "http://$HOST:$RECEIVERPORT/latency" > "$RAW/s7-latency.json" || echo '{}' > "$RAW/s7-latency.json"
    local alone; alone=$(grep '^RESULT ' "$RAW/s7-receiver-alone.wrk" | sed 's/^RESULT //')
    printf '{"events": %s, "delivered": %s, "seconds": %s, "receiver_alone": %s, "light_load_latency": %s}\n' \
        "$events" "$delivered" "$elapsed" "${alone:-null}" \
        "$(cat "$RAW/s7-latency.json")" > "$RAW/s7.json"
    kill "$RECEIVER_PID" 2>/dev/null; RECEIVER_PID=""
}

# start_standby: a streaming hot standby of the bench cluster (pg_basebackup -R) on $HOST:$STANDBY_PORT,
# run as the same OS user as the primary; waits until it has replayed everything the primary has written.
start_standby() {
    log "starting a hot standby (pg_basebackup -R) on $HOST:$STANDBY_PORT"
    rm -rf "$STANDBY_ROOT"; mkdir -p "$STANDBY_ROOT"
    [ "$(id -u)" = 0 ] && chown postgres: "$STANDBY_ROOT"
    as_postgres "$PGBIN/pg_basebackup" -h "$HOST" -p "$PGPORT" -U bench -D "$STANDBY_DATA" -R -X stream -c fast
    cat >> "$STANDBY_DATA/postgresql.conf" <<CONF
port = $STANDBY_PORT
unix_socket_directories = '$STANDBY_ROOT'
hot_standby = on
CONF
    as_postgres "$PGBIN/pg_ctl" start -D "$STANDBY_DATA" -w -t 120 -l "$STANDBY_ROOT/postgres.log" >/dev/null
    STANDBY_PID=$(head -1 "$STANDBY_DATA/postmaster.pid")
    local lsn
    lsn=$("$PGBIN/psql" -h "$HOST" -p "$PGPORT" -U bench -d orderstatus -Atc "SELECT pg_current_wal_lsn()")
    for _ in $(seq 300); do
        [ "$("$PGBIN/psql" -h "$HOST" -p "$STANDBY_PORT" -U bench -d orderstatus -Atc "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && return 0
        sleep 0.2
    done
    echo "the standby did not catch up with the primary" >&2; exit 1
}

stop_standby() {
    [ -n "$STANDBY_PID" ] || return 0
    as_postgres "$PGBIN/pg_ctl" stop -D "$STANDBY_DATA" -m fast -w -t 60 >/dev/null 2>&1 || kill -TERM "$STANDBY_PID"
    STANDBY_PID=""
}

standby_transactions() {
    "$PGBIN/psql" -h "$HOST" -p "$STANDBY_PORT" -U bench -d orderstatus -Atc \
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'orderstatus'"
}

# S1-standby: the service restarted with ConnectionStrings__OrdersReadOnly on the standby (status,
# order and list reads and the change feed go there), S1's requests, pgbench's S1 statement against
# the standby. Reported as its own scenario, S1-standby, after the others.
run_standby() {
    start_standby
    SERVICE_ENV=("ConnectionStrings__OrdersReadOnly=Host=$HOST;Port=$STANDBY_PORT;Username=bench;Database=orderstatus;Maximum Pool Size=200;No Reset On Close=true")
    start_service
    SERVICE_ENV=()
    check_targets
    TARGETS="$WORK/targets.txt" BENCH_LUA="$BENCH/lua" \
        wrk -t2 -c16 -d"$((JIT_WARMUP * 3))s" -s "$BENCH/lua/s1_status.lua" "http://$HOST:$APIPORT" >/dev/null 2>&1 || true
    local before; before=$(standby_transactions)
    measure full s1_standby 16 "$RUNS" "$DURATION"
    # Without the read-only connection in the service, the standby would only see pgbench.
    log "the standby committed $(( $(standby_transactions) - before )) transactions during S1-standby (service and pgbench)"
    stop_service
    stop_standby
}

# capture_sql: the statements the service sends per request, from EF Core's command log (every command
# is one round trip; a batch is one command): each selected scenario runs for 1 s on one connection and
# its slice of the service's log goes to raw/sql-<scenario>.log. Nothing is measured.
capture_sql() {
    local s offset
    for s in "${READS[@]}" "${WRITES[@]}"; do
        offset=$(stat -c %s "$WORK/service.log")
        wrk_once "$s" 1 1 /dev/null
        sleep 0.5
        tail -c +"$((offset + 1))" "$WORK/service.log" > "$RAW/sql-$s.log"
        log "$s: $(grep -c 'Executed DbCommand' "$RAW/sql-$s.log") commands logged in raw/sql-$s.log"
    done
}

ALL_READS=(s1_status s2_order s3_list s6_not_modified)
ALL_WRITES=(s4_create s5_transition)
# selected <id>: whether --scenarios names it (every scenario when --scenarios is not given).
selected() { [ -z "$SCENARIOS" ] || [[ ",${SCENARIOS^^}," == *",$1,"* ]]; }
scenario_id() { case "$1" in s1_status) echo S1 ;; s2_order) echo S2 ;; s3_list) echo S3 ;; s4_create) echo S4 ;; s5_transition) echo S5 ;; s6_not_modified) echo S6 ;; esac; }
READS=(); WRITES=()
for s in "${ALL_READS[@]}"; do selected "$(scenario_id "$s")" && READS+=("$s"); done
for s in "${ALL_WRITES[@]}"; do selected "$(scenario_id "$s")" && WRITES+=("$s"); done

main() {
    local started=$SECONDS s
    require_tools
    require_free_ports
    rm -rf "$RAW"; mkdir -p "$RAW" "$BENCH/results"
    build
    start_database
    dotnet "$APP/OrderStatus.Api.dll" migrate >/dev/null

    if [ -n "$CAPTURE_SQL" ]; then
        seed "$ORDERS"
        SERVICE_ENV=(Logs__MinimumLevel=Information Logs__Format=text
            Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore.Database.Command=Information)
        start_service
        check_targets
        capture_sql
        stop_service
        return 0
    fi

    # The smaller data set only serves the latency comparison: the service alone, after the same
    # warm-up of every scenario as the full one.
    if [ -z "$NO_SMALL" ]; then
        seed "$SMALL_ORDERS"
        start_service
        check_targets
        warm_up_jit
        for s in "${READS[@]}"; do measure small "$s" 16 "$RUNS" "$DURATION" service-only; done
        stop_service
    fi

    seed "$ORDERS"
    start_service
    check_targets
    warm_up_jit
    for s in "${READS[@]}" "${WRITES[@]}"; do measure full "$s" 16 "$RUNS" "$DURATION"; done
    if [ -z "$NO_HIGH" ]; then
        for s in "${READS[@]}" "${WRITES[@]}"; do measure full "$s" "$HIGH_CONNS" 1 "$HIGH_DURATION"; done
    fi
    local rss; rss=$(peak_rss_kib)
    if selected S7; then run_s7 || echo "S7 failed; see $RAW" >&2; fi
    stop_service
    if [ -z "$NO_STANDBY" ] && selected S1; then run_standby; fi

    python3 "$BENCH/lib/report.py" --raw "$RAW" --out "${OUT:-$BENCH/results/$STAMP}" \
        --orders "$ORDERS" --small-orders "$SMALL_ORDERS" --merchants "$MERCHANTS" \
        --duration "$DURATION" --runs "$RUNS" --peak-rss-kib "$rss" --elapsed $((SECONDS - started)) \
        --commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

main
