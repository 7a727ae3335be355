#!/usr/bin/env bash
# The fault suite: one command, bounded, loopback only. See faults/README.md.
#   faults/run.sh [--smoke] [--only crash,db,replicas,input,tenants,abuse] [--out FILE] [--no-build]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FAULTS="$ROOT/faults"
WORK="$FAULTS/work"
STAMP=$(date -u +%Y-%m-%d)
MODE=full
BUILD=yes
ARGS=()
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) MODE=smoke; ARGS+=(--smoke); shift ;;
        --only) ARGS+=(--only "$2"); shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --no-build) BUILD=no; shift ;;
        -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
# A smoke run (CI) writes into the work directory, not over the committed results.
[ -n "$OUT" ] || OUT=$([ "$MODE" = smoke ] && echo "$WORK/smoke.md" || echo "$FAULTS/results/$STAMP.md")

log() { printf '\n== %s\n' "$*" >&2; }

# Every process the driver starts is listed in $WORK/pids ("pid name"); whatever is still running
# when this script ends — normally, on error, or interrupted — is stopped here by PID.
cleanup() {
    set +e
    [ -n "${DRIVER_PID:-}" ] && kill -TERM "$DRIVER_PID" 2>/dev/null && sleep 2
    if [ -f "$WORK/pids" ]; then
        while read -r pid name; do
            kill -0 "$pid" 2>/dev/null || continue
            if [ "$name" = postgres ]; then kill -INT "$pid"; else kill -KILL "$pid"; fi
        done < "$WORK/pids"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require_tools() {
    local missing=()
    command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]} (Debian packages)"
        local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

require_free_ports() {
    local port
    for port in 56432 56080 56081 56082 56090 56091; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "port 127.0.0.1:$port is already in use (a leftover run?); stop that process first" >&2; exit 1
        fi
    done
}

require_tools
# One run per machine: the ports are fixed, and a second run (another checkout's CI smoke) that started while this one
# was between scenarios would take them over or stop what this one started. A later run waits for the earlier one.
exec 9>"${TMPDIR:-/tmp}/orderstatus-faults.lock"
if ! flock -n 9; then
    log "another fault-suite run holds ${TMPDIR:-/tmp}/orderstatus-faults.lock: waiting for it (up to 25 minutes)"
    flock -w 1500 9 || { echo "the other fault-suite run did not finish within 25 minutes" >&2; exit 1; }
fi
require_free_ports
rm -rf "$WORK/app" "$WORK/driver" "$WORK/pids" "$WORK"/*.log
mkdir -p "$WORK"
if [ "$BUILD" = yes ]; then
    log "building the service (Release) and the driver"
    dotnet publish "$ROOT/src/OrderStatus.Api" -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
    dotnet build "$FAULTS/OrderStatus.Faults" -c Release -o "$WORK/driver" --nologo -v quiet >/dev/null
    APP="$WORK/app"; DRIVER="$WORK/driver"
else
    # CI has just built the solution in Release (the driver is part of it).
    APP="$ROOT/src/OrderStatus.Api/bin/Release/net10.0"; DRIVER="$FAULTS/OrderStatus.Faults/bin/Release/net10.0"
fi

log "running the $MODE suite; results in $OUT"
set +e
dotnet "$DRIVER/OrderStatus.Faults.dll" --app "$APP" --work "$WORK" --out "$OUT" --repo "$ROOT" "${ARGS[@]}" &
DRIVER_PID=$!
wait "$DRIVER_PID"
status=$?
DRIVER_PID=""
set -e
cat "$OUT" 2>/dev/null | sed -n '1,20p' >&2
exit "$status"
