#!/bin/sh
# Starts the app under a virtual display (Xvfb) for hands-on checks and
# screenshots, without touching the user's own settings.
#
#   scripts/screenshot.sh start [FOLDER]   start Xvfb + countylens, print PID
#   scripts/screenshot.sh shot NAME        screenshot to $OUT/NAME.png
#   scripts/screenshot.sh click X Y        click at screen position
#   scripts/screenshot.sh key KEYS...      focus the window, then press keys
#                                          (without a window manager, keys reach
#                                          the app only after windowfocus)
#   scripts/screenshot.sh stats            CPU ticks, RSS, peak RSS of the app
#   scripts/screenshot.sh stop             stop the app and Xvfb started here
#
# Environment: DISPLAY_NUM (default 99), SIZE (default 1600x1000),
# OUT (default /tmp/countylens-shots), BIN (default target/release/countylens),
# LOOK_HOME (default $OUT/home: a fresh HOME so no previous state loads).
# Needs: xvfb, xdotool, imagemagick (import), software Vulkan/GL
# (scripts/install-test-deps.sh).
set -eu
N=${DISPLAY_NUM:-99}
SIZE=${SIZE:-1600x1000}
OUT=${OUT:-/tmp/countylens-shots}
BIN=${BIN:-target/release/countylens}
LOOK_HOME=${LOOK_HOME:-$OUT/home}
STATE=$OUT/.state
mkdir -p "$OUT" "$LOOK_HOME" "$STATE"
export DISPLAY=:$N
# winit/wgpu warn without a runtime dir
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$STATE/run}
mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"

case "${1:-}" in
start)
    if ! [ -e "/tmp/.X11-unix/X$N" ]; then
        Xvfb ":$N" -screen 0 "${SIZE}x24" -nolisten tcp >"$STATE/xvfb.log" 2>&1 &
        echo $! >"$STATE/xvfb.pid"
        i=0; while ! [ -e "/tmp/.X11-unix/X$N" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
    fi
    shift
    HOME=$LOOK_HOME XDG_DATA_HOME=$LOOK_HOME/.local/share XDG_CONFIG_HOME=$LOOK_HOME/.config \
        "$BIN" "$@" >"$STATE/app.log" 2>&1 &
    echo $! >"$STATE/app.pid"
    # wait for the window
    i=0; while ! xdotool search --pid "$(cat "$STATE/app.pid")" >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
    cat "$STATE/app.pid"
    ;;
shot)
    # the app's window only when there is one, else the whole screen
    W=$(xdotool search --pid "$(cat "$STATE/app.pid" 2>/dev/null)" 2>/dev/null | tail -1 || true)
    if [ -n "$W" ]; then import -window root -crop "$(xdotool getwindowgeometry --shell "$W" | awk -F= '/WIDTH/{w=$2}/HEIGHT/{h=$2}/^X/{x=$2}/^Y/{y=$2}END{printf "%dx%d+%d+%d", w,h,x,y}')" +repage "$OUT/$2.png"
    else import -window root "$OUT/$2.png"; fi
    echo "$OUT/$2.png"
    ;;
click)
    xdotool mousemove "$2" "$3" click 1
    ;;
key)
    shift
    W=$(xdotool search --pid "$(cat "$STATE/app.pid")" | tail -1)
    xdotool windowfocus "$W" 2>/dev/null || true
    xdotool key "$@"
    ;;
stats)
    P=$(cat "$STATE/app.pid")
    t=$(awk '{print $14+$15}' "/proc/$P/stat")
    rss=$(awk '/VmRSS/{print $2}' "/proc/$P/status")
    hwm=$(awk '/VmHWM/{print $2}' "/proc/$P/status")
    echo "cpu_ticks=$t rss_kB=$rss peak_rss_kB=$hwm"
    ;;
stop)
    [ -f "$STATE/app.pid" ] && kill "$(cat "$STATE/app.pid")" 2>/dev/null || true
    [ -f "$STATE/xvfb.pid" ] && kill "$(cat "$STATE/xvfb.pid")" 2>/dev/null || true
    rm -f "$STATE/app.pid" "$STATE/xvfb.pid"
    ;;
*)
    sed -n '2,19p' "$0"; exit 2 ;;
esac
