#!/usr/bin/env bash
# `make stack`: the demo newsroom served by `broadsheet serve` on 127.0.0.1:8001 behind Varnish
# on http://127.0.0.1:6081, in the foreground. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
VAR_DIR=${BROADSHEET_VAR_DIR:-$PWD/var}
APP=127.0.0.1:8001
FRONT=127.0.0.1:6081

if ! command -v varnishd >/dev/null 2>&1 && [ ! -x /usr/sbin/varnishd ]; then
  echo "Installing Debian's varnish"
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq varnish >/dev/null
fi
VARNISHD=$(command -v varnishd || echo /usr/sbin/varnishd)

export BROADSHEET_BASE_URL=${BROADSHEET_BASE_URL:-http://$FRONT}
export FRONTEND_CACHE_URL=${FRONTEND_CACHE_URL:-http://$FRONT}
"$BIN/broadsheet" demo --no-serve

mkdir -p "$VAR_DIR/varnish"
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$VARNISHD" -F -a "$FRONT" -f "$PWD/deploy/varnish/broadsheet.vcl" -n "$VAR_DIR/varnish" \
  -s malloc,256m -p default_ttl=120 &
pids+=($!)
"$BIN/broadsheet" serve --bind "$APP" --no-collectstatic &
pids+=($!)
echo "Front cache: http://$FRONT/  (app: http://$APP/)  Ctrl-C stops both."
wait -n "${pids[@]}"
