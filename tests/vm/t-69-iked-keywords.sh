# SPDX-License-Identifier: GPL-2.0-or-later
# ipsec.conf keyword parity, iked against charon (alice 192.168.27.128 and bob
# 192.168.27.132, type=transport, PSK). For each keyword setting below the same
# conn (base + the setting, rekeyfuzz=0% so that the soft limits are exact) is
# brought up twice with charon as bob (the responder): once by charon in alice,
# once by iked in alice. Alice's kernel state after each (`ip -s xfrm state`
# with lifetime config, `ip xfrm policy`; SPIs, reqids, keys, counters and
# times masked) must be the same: the table says `same` or `DIFF`. For the
# keywords iked does not implement, `ikectl up` must exit non-zero naming the
# keyword and where it is written: `refused`. Then the responder side: iked as
# bob with three conns for three peers (rightid and PSK of each), and a
# right= subnet that keeps a peer outside it away.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t69.XXXXXX)
PSK='lab-psk-kw-5b9e0c17'
CONN=kw

write_conf() { # DIR EXTRA_LINES...
    local d=$1 line
    shift
    mkdir -p "$d"
    {
        printf 'conn %s\n    keyexchange=ikev2\n    authby=secret\n    type=transport\n' "$CONN"
        printf '    left=%s\n    right=%s\n    auto=add\n    rekeyfuzz=0%%\n' "$ALICE" "$BOB"
        for line in "$@"; do printf '    %s\n' "$line"; done
    } >"$d/ipsec.conf"
    printf '%s %s : PSK "%s"\n' "$ALICE" "$BOB" "$PSK" >"$d/ipsec.secrets"
    chmod 600 "$d/ipsec.secrets"
}

# Alice's SAs and policies without what differs from one run to the next.
kernel_shape() { # NS
    ip -n "$1" -s xfrm state | awk '
        /^src / { if (line != "") print line; line = "" }
        /lifetime current:|stats:/ { skip = 1 }
        /^src / { skip = 0 }
        !skip { line = line " " $0 }
        END { if (line != "") print line }' |
        sed -E 's/[[:space:]]+/ /g; s/ spi 0x[0-9a-f]+\([0-9]+\)//; s/ 0x[0-9a-f]{16,}//g' |
        sed -E 's/ (seq|oseq|seq-hi|oseq-hi) 0x[0-9a-f]+,?//g; s/ bitmap 0x[0-9a-f]+//g' |
        sed -E 's/^ //; s/ $//' | sort
    policy_shape "$1"
}

# Up with charon (alice) against charon (bob); alice's kernel shape in FILE.
run_charon() { # DIR FILE
    charon_up alice "$1/a" "$CONN" || { cat "$1/a/charon-start.txt"; return 1; }
    charon_in alice ipsec up "$CONN" >"$1/a/up.txt" 2>&1
    grep -q "established successfully" "$1/a/up.txt" || { cat "$1/a/up.txt"; charon_stop alice; return 1; }
    kernel_shape alice >"$2"
    charon_in alice ipsec down "$CONN" >/dev/null 2>&1
    charon_stop alice
    eventually nothing_left alice >/dev/null
}

run_iked() { # DIR FILE
    iked_start alice "$1/i" >/dev/null || return 1
    ikectl_up "$1/i" "$CONN" >/dev/null || { cat "$1/i/up.txt"; iked_stop "$1/i"; return 1; }
    kernel_shape alice >"$2"
    ikectl "$1/i" down "$CONN" >/dev/null 2>&1
    iked_stop "$1/i" >/dev/null
    eventually nothing_left alice >/dev/null
}

TABLE=$W/table.txt
: >"$TABLE"

parity() { # NAME SETTING...: charon and iked leave the same kernel state in alice
    local name=$1 d=$W/$1
    shift
    write_conf "$d/a" "$@"
    write_conf "$d/i" "$@"
    write_conf "$d/b" "$@"
    charon_up bob "$d/b" "$CONN" || { cat "$d/b/charon-start.txt"; return 1; }
    local rc=0
    run_charon "$d" "$d/charon.txt" || rc=1
    [ "$rc" = 0 ] && { run_iked "$d" "$d/iked.txt" || rc=1; }
    charon_stop bob
    eventually nothing_left alice bob >/dev/null
    [ "$rc" = 0 ] || { printf '%-40s FAILED\n' "$*" >>"$TABLE"; return 1; }
    if diff "$d/charon.txt" "$d/iked.txt" >"$d/diff.txt"; then
        printf '%-40s same\n' "$*" >>"$TABLE"
        echo "$(wc -l <"$d/iked.txt") SAs and policies alike"
    else
        printf '%-40s DIFF\n' "$*" >>"$TABLE"
        echo "charon (<) and iked (>) differ:"
        cat "$d/diff.txt"
        return 1
    fi
}

refused() { # KEYWORD SETTING: ikectl up fails, naming the keyword and where
    local kw=$1 setting=$2 d=$W/refused-$1
    write_conf "$d" "$setting"
    iked_start alice "$d" >/dev/null || return 1
    ikectl "$d" up "$CONN" >"$d/up.txt" 2>&1
    local rc=$?
    iked_stop "$d" >/dev/null
    cat "$d/up.txt"
    [ "$rc" != 0 ] || { echo "ikectl up exited 0"; return 1; }
    grep -q "$d/ipsec.conf:9:[0-9]*: conn '$CONN' not loaded: .*$kw" "$d/up.txt" || return 1
    printf '%-40s refused\n' "$setting" >>"$TABLE"
}

lab_up
P0=$TAP_PREFIX

TAP_PREFIX="${P0}parity: "
tap_check "the base conn (transport, PSK)" parity base
tap_check "mark=0x10/0xff" parity mark mark=0x10/0xff
tap_check "mark_in=0x11 mark_out=0x22/0xff" parity mark-in-out mark_in=0x11 mark_out=0x22/0xff
tap_check "replay_window=64" parity replay64 replay_window=64
tap_check "replay_window=0" parity replay0 replay_window=0
tap_check "esp=aes128-sha256-esn!" parity esn 'esp=aes128-sha256-esn!'
tap_check "lifetime=30m margintime=5m" parity lifetime lifetime=30m margintime=5m
tap_check "lifebytes=100000000 marginbytes=1000000" parity lifebytes lifebytes=100000000 \
    marginbytes=1000000
tap_check "lifepackets=100000 marginpackets=1000" parity lifepackets lifepackets=100000 \
    marginpackets=1000
tap_check "installpolicy=no" parity nopolicy installpolicy=no
tap_check "reqid=77" parity reqid reqid=77
tap_check "type=tunnel" parity tunnel type=tunnel

TAP_PREFIX="${P0}refused: "
for kw in ah compress inactivity leftsourceip leftcert leftikeport reauth mark; do
    case $kw in
    ah) setting=ah=sha256 ;;
    compress) setting=compress=yes ;;
    inactivity) setting=inactivity=5m ;;
    leftsourceip) setting=leftsourceip=%config ;;
    leftcert) setting=leftcert=alice.pem ;;
    leftikeport) setting=leftikeport=4501 ;;
    reauth) setting=reauth=yes ;;
    mark) setting=mark=%unique ;;
    esac
    tap_check "$setting: ikectl up exits non-zero with file:line:col and the keyword" \
        refused "$kw" "$setting"
done
tap_diag "$(cat "$TABLE")"

# --- leftupdown: the same script calls, with the same PLUTO_* environment ---
TAP_PREFIX="${P0}updown: "
cat >"$W/updown.sh" <<'SCRIPT'
#!/bin/sh
# one file per call: the PLUTO_* variables, sorted
n=$(ls "$UPDOWN_DIR" 2>/dev/null | wc -l)
env | grep '^PLUTO_' | sort >"$UPDOWN_DIR/call-$n"
SCRIPT
chmod 755 "$W/updown.sh"

updown_calls() { # DIR: every call, the varying values masked, in order
    local f
    for f in $(ls "$1" | sort -t- -k2 -n); do
        sed -E 's/^(PLUTO_UNIQUEID|PLUTO_REQID)=.*/\1=N/' "$1/$f"
        echo --
    done
}

updown_parity() { # NAME SETTING...: charon's and iked's calls in alice are the same
    local name=$1 d=$W/updown-$1
    shift
    mkdir -p "$d/charon-calls" "$d/iked-calls"
    write_conf "$d/a" "leftupdown=\"UPDOWN_DIR=$d/charon-calls $W/updown.sh\"" "$@"
    write_conf "$d/i" "leftupdown=\"UPDOWN_DIR=$d/iked-calls $W/updown.sh\"" "$@"
    write_conf "$d/b" "$@"
    charon_up bob "$d/b" "$CONN" || { cat "$d/b/charon-start.txt"; return 1; }
    local rc=0
    run_charon "$d" "$d/charon.txt" || rc=1
    [ "$rc" = 0 ] && { run_iked "$d" "$d/iked.txt" || rc=1; }
    charon_stop bob
    eventually nothing_left alice bob >/dev/null
    [ "$rc" = 0 ] || return 1
    updown_calls "$d/charon-calls" >"$d/charon-calls.txt"
    updown_calls "$d/iked-calls" >"$d/iked-calls.txt"
    [ -s "$d/charon-calls.txt" ] || { echo "charon made no updown call"; return 1; }
    if diff "$d/charon-calls.txt" "$d/iked-calls.txt"; then
        printf '%-40s same\n' "leftupdown $*" >>"$TABLE"
        echo "$(grep -c -- -- "$d/iked-calls.txt") calls alike:"
        grep PLUTO_VERB "$d/iked-calls.txt"
    else
        printf '%-40s DIFF\n' "leftupdown $*" >>"$TABLE"
        return 1
    fi
}
tap_check "transport (up-host, down-host)" updown_parity host
tap_check "tunnel with marks (up-client, down-client)" updown_parity client type=tunnel \
    leftsubnet=10.1.0.0/24 rightsubnet=10.2.0.0/24 mark=0x10/0xff
tap_diag "$(cat "$TABLE")"

# --- the responder: three conns for three peers, chosen by identity ---
TAP_PREFIX="${P0}responder: "
R=$W/resp
mkdir -p "$R"
{
    for n in 1 2 3; do
        printf 'conn road%s\n    keyexchange=ikev2\n    authby=secret\n    type=transport\n' "$n"
        printf '    left=%s\n    leftid=@bob\n    right=%%any\n    rightid=@road%s\n' "$BOB" "$n"
        printf '    auto=add\n'
    done
    printf 'conn lan-only\n    keyexchange=ikev2\n    authby=secret\n    type=transport\n'
    printf '    left=%s\n    leftid=@bob\n    right=10.77.0.0/16\n    rightid=@outsider\n' "$BOB"
    printf '    auto=add\n'
} >"$R/ipsec.conf"
{
    for n in 1 2 3; do printf '@bob @road%s : PSK "secret-of-road-%s"\n' "$n" "$n"; done
    printf '@bob @outsider : PSK "secret-of-outsider"\n'
} >"$R/ipsec.secrets"
chmod 600 "$R/ipsec.secrets"
tap_check "iked (bob) starts with road1..3 and lan-only" iked_start bob "$R"

road() { # ID PSK: charon in alice as @ID with that PSK, against iked (bob)
    local id=$1 psk=$2 d=$W/road-$1-$2
    mkdir -p "$d"
    printf 'conn r\n    keyexchange=ikev2\n    authby=secret\n    type=transport\n    left=%s\n    leftid=@%s\n    right=%s\n    rightid=@bob\n    auto=add\n' \
        "$ALICE" "$id" "$BOB" >"$d/ipsec.conf"
    printf '@%s @bob : PSK "%s"\n' "$id" "$psk" >"$d/ipsec.secrets"
    chmod 600 "$d/ipsec.secrets"
    charon_up alice "$d" r || { cat "$d/charon-start.txt"; return 1; }
    charon_in alice ipsec up r >"$d/up.txt" 2>&1
    local ok=1
    grep -q "established successfully" "$d/up.txt" || ok=0
    charon_in alice ipsec down r >/dev/null 2>&1
    charon_stop alice
    eventually nothing_left alice >/dev/null
    [ "$ok" = 1 ] || { tail -3 "$d/up.txt"; return 1; }
}

for n in 1 2 3; do
    tap_check "@road$n with its own PSK: established" road "road$n" "secret-of-road-$n"
    tap_check "iked authenticated road$n with conn road$n's PSK" \
        grep -q "road$n.*authentication of 'road$n' with pre-shared key successful" "$R/iked.log"
done
tap_check "iked switched from road1 (chosen by address) to road2 and road3 by identity" \
    sh -c "grep -q \"switching to peer config 'road2'\" '$R/iked.log' &&
           grep -q \"switching to peer config 'road3'\" '$R/iked.log'"
tap_check_fails "@road2 with road1's PSK: refused" road road2 secret-of-road-1
tap_check_fails "@outsider from $ALICE, outside right=10.77.0.0/16: refused" \
    road outsider secret-of-outsider
tap_check "iked logged no config for '@outsider'" grep -q "no config for peer identity 'outsider'" \
    "$R/iked.log"
tap_check "iked (bob) stops" iked_stop "$R"

lab_down
