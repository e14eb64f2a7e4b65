#!/usr/bin/env bash
# `make stack`: the demo newsroom served by `broadsheet serve` on 127.0.0.1:8001 behind a front
# cache on http://127.0.0.1:6081, in the foreground. Ctrl-C stops both.
#   FRONTEND=nginx (the default): nginx with deploy/nginx/nginx.conf (a one-second microcache,
#     refreshed by the app's purges)
#   FRONTEND=varnish: Varnish with deploy/varnish/broadsheet.vcl (purged by the app)
# Either is installed from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
VAR_DIR=${BROADSHEET_VAR_DIR:-$PWD/var}
APP=127.0.0.1:8001
FRONT=127.0.0.1:6081
FRONTEND=${FRONTEND:-nginx}

install_missing() {  # binary package
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    echo "Installing Debian's $2"
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
  fi
  command -v "$1" || echo "/usr/sbin/$1"
}

case "$FRONTEND" in
  nginx) NGINX=$(install_missing nginx nginx) ;;
  varnish) VARNISHD=$(install_missing varnishd varnish) ;;
  *) echo "FRONTEND must be nginx or varnish, not $FRONTEND" >&2; exit 2 ;;
esac
# The app sends HTTP PURGE when a page changes: Varnish drops the page, nginx renders it again.
export FRONTEND_CACHE_URL=${FRONTEND_CACHE_URL:-http://$FRONT}

export BROADSHEET_BASE_URL=${BROADSHEET_BASE_URL:-http://$FRONT}
# The front cache is the only proxy: its X-Forwarded-For names the reader (rate limits).
export TRUSTED_PROXIES=${TRUSTED_PROXIES:-127.0.0.1}
"$BIN/broadsheet" demo --no-serve

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

if [ "$FRONTEND" = nginx ]; then
  # nginx's workers run as another user when started as root: they must reach their prefix.
  mkdir -p "$VAR_DIR/nginx/temp"
  chmod 755 "$VAR_DIR" "$VAR_DIR/nginx"
  "$NGINX" -p "$VAR_DIR/nginx/" -c "$PWD/deploy/nginx/nginx.conf" -e "$VAR_DIR/nginx/error.log" &
else
  mkdir -p "$VAR_DIR/varnish"
  "$VARNISHD" -F -a "$FRONT" -f "$PWD/deploy/varnish/broadsheet.vcl" -n "$VAR_DIR/varnish" \
    -s malloc,256m -p default_ttl=120 &
fi
pids+=($!)
"$BIN/broadsheet" serve --bind "$APP" --no-collectstatic &
pids+=($!)
echo "Front cache ($FRONTEND): http://$FRONT/  (app: http://$APP/)  Ctrl-C stops both."
wait -n "${pids[@]}"
