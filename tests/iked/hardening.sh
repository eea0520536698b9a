#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# iked's hardening on the real daemon, in a network namespace of its own
# (meson runs this under `unshare -n`): after start-up it holds only
# CAP_NET_ADMIN and CAP_NET_BIND_SERVICE (effective, permitted and bounding),
# no_new_privs is set, it still reloads its root-owned 0600 ipsec.secrets, it
# refuses a secrets file open to others, and it follows no symbolic link at
# the control socket's or the pid file's path.
#   hardening.sh BUILD_DIR
build=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IKED=$build/daemon/iked/iked
IKECTL=$build/cmd/ikectl/ikectl
if [ "$(id -u)" != 0 ]; then
    echo "1..0 # SKIP needs root (capabilities, ports 500 and 4500)"
    exit 0
fi
source "$here/../lib/tap.sh"
ip link set lo up

W=$(mktemp -d /tmp/iked-hardening.XXXXXX)
trap 'kill "$(cat "$W/bgpid" 2>/dev/null)" 2>/dev/null; rm -rf "$W"' EXIT
cat >"$W/ipsec.conf" <<'CONF'
config setup

conn test
    left=127.0.0.1
    right=127.0.0.2
    authby=secret
    auto=add
CONF
(umask 077 && echo '127.0.0.1 127.0.0.2 : PSK "hardening-test-psk"' >"$W/ipsec.secrets")

start() { # EXTRA ARGS...: iked in the background, its pid in $W/bgpid
    "$IKED" --nofork --config "$W/ipsec.conf" --secrets "$W/ipsec.secrets" \
        --socket "$W/iked.ctl" --pidfile "$W/iked.pid" "$@" >"$W/iked.log" 2>&1 &
    echo $! >"$W/bgpid"
}
answers() { # iked answers on its socket within 5 s
    local i
    for i in $(seq 1 50); do
        "$IKECTL" --socket "$W/iked.ctl" version >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    cat "$W/iked.log"
    return 1
}
field() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$(cat "$W/bgpid")/status"; }
is() { # WHAT GOT EXPECTED
    [ "$2" = "$3" ] || { echo "$1 is '$2', expected '$3'"; return 1; }
}
# Waits for iked here (not in tap_check's subshell, which cannot wait for it);
# exits_with then checks the status and the log.
reap() { iked_rc=0; wait "$(cat "$W/bgpid")" || iked_rc=$?; }
exits_with() { # RC PATTERN: iked exited with RC and its output has PATTERN
    cat "$W/iked.log"
    [ "$iked_rc" = "$1" ] || { echo "iked exited with $iked_rc, expected $1"; return 1; }
    grep -qF -- "$2" "$W/iked.log"
}

start
tap_check "iked starts and answers" answers
pid=$(cat "$W/bgpid")
tap_check "effective capabilities: CAP_NET_ADMIN and CAP_NET_BIND_SERVICE" \
    is CapEff "$(field CapEff)" 0000000000001400
tap_check "permitted capabilities: the same" is CapPrm "$(field CapPrm)" 0000000000001400
tap_check "bounding set: the same" is CapBnd "$(field CapBnd)" 0000000000001400
tap_check "no inheritable capabilities" is CapInh "$(field CapInh)" 0000000000000000
tap_check "no ambient capabilities" is CapAmb "$(field CapAmb)" 0000000000000000
tap_check "no_new_privs is set" is NoNewPrivs "$(field NoNewPrivs)" 1
tap_check "still uid 0" is Uid "$(field Uid)" 0
tap_check "the control socket is mode 0600" is mode "$(stat -c %a "$W/iked.ctl")" 600
tap_check "the pid file holds the daemon's pid" is pid "$(cat "$W/iked.pid")" "$pid"
tap_check "the pid file is mode 0644" is mode "$(stat -c %a "$W/iked.pid")" 644
tap_check "reload reads the root-owned 0600 ipsec.secrets without CAP_DAC_OVERRIDE" \
    "$IKECTL" --socket "$W/iked.ctl" reload
chmod 640 "$W/ipsec.secrets"
tap_check "reload refuses ipsec.secrets once it is mode 0640, naming the file and mode" \
    bash -c '! "$1" --socket "$2/iked.ctl" reload >"$2/reload.out" 2>&1 &&
             cat "$2/reload.out" &&
             grep -qF "$2/ipsec.secrets'"'"' holds secrets but has mode 0640" "$2/reload.out"' \
    _ "$IKECTL" "$W"
tap_check "iked still runs after the refused reload" kill -0 "$pid"
chmod 600 "$W/ipsec.secrets"
tap_check "ikectl stop" "$IKECTL" --socket "$W/iked.ctl" stop
reap
tap_check "iked exits 0" exits_with 0 "iked stopped"
tap_check "the pid file is removed" test ! -e "$W/iked.pid"
tap_check "the control socket is removed" test ! -e "$W/iked.ctl"

chmod 644 "$W/ipsec.secrets"
start
reap
tap_check "iked refuses to start with a 0644 ipsec.secrets" \
    exits_with 1 "holds secrets but has mode 0644, open to group or others"
chmod 600 "$W/ipsec.secrets"

echo "keep me" >"$W/target"
chmod 644 "$W/target"
ln -s "$W/target" "$W/iked.ctl"
start
reap
tap_check "iked refuses a symbolic link at the control socket's path" \
    exits_with 1 "iked.ctl is a symbolic link: refusing to follow it or replace it"
tap_check "the link and its target are left alone" \
    bash -c '[ -L "$1/iked.ctl" ] && [ "$(cat "$1/target")" = "keep me" ] &&
             [ "$(stat -c %a "$1/target")" = 644 ]' _ "$W"
rm -f "$W/iked.ctl"

ln -s "$W/target" "$W/iked.pid"
start
reap
tap_check "iked refuses a symbolic link at the pid file's path" \
    exits_with 1 "iked.pid is a symbolic link: refusing to follow it"
tap_check "the link's target is left alone" is target "$(cat "$W/target")" "keep me"
tap_check "no control socket is left behind" test ! -e "$W/iked.ctl"
tap_done
