# SPDX-License-Identifier: GPL-2.0-or-later
# ipsec.conf keyword parity, iked against charon (alice 192.168.27.128 and bob
# 192.168.27.132, PSK). Each case below is one conn (the base, transport, plus
# the case's settings, rekeyfuzz=0% so that the soft limits are exact), with its
# own identities (@alice-CASE, @bob-CASE) so that one charon in bob answers all
# of them. Every case is brought up and down from alice twice: by charon, then
# by iked. Alice's kernel state after each up (`ip -s xfrm state` with the
# lifetime config, `ip xfrm policy`; SPIs, keys, counters and times masked) must
# be the same, and so must the calls of the leftupdown script (its PLUTO_*
# environment; the unique id and reqid masked): the table says `same` or `DIFF`.
# For the keywords iked does not implement, `ikectl up` must exit non-zero naming
# the keyword and where it is written: `refused`. Then the responder side: iked
# as bob with three conns for three peers (rightid and PSK of each), and a
# right= subnet that keeps a peer outside it away.
# shellcheck shell=bash
source "$TESTS_DIR/lib/charon.sh"
source "$TESTS_DIR/lib/iked.sh"
W=$(mktemp -d /tmp/t69.XXXXXX)
CONN=kw
TABLE=$W/table.txt
: >"$TABLE"

# NAME|SETTINGS (separated by ';')
CASES=(
    "base|"
    "mark|mark=0x10/0xff"
    "markinout|mark_in=0x11;mark_out=0x22/0xff"
    "replay64|replay_window=64"
    "replay0|replay_window=0"
    "esn|esp=aes128-sha256-esn!"
    "lifetime|lifetime=30m;margintime=5m"
    "lifebytes|lifebytes=100000000;marginbytes=1000000"
    "lifepackets|lifepackets=100000;marginpackets=1000"
    "nopolicy|installpolicy=no"
    "reqid|reqid=77"
    "tunnel|type=tunnel"
    "netnet|type=tunnel;leftsubnet=10.1.0.0/24;rightsubnet=10.2.0.0/24;mark=0x10/0xff"
)

cat >"$W/updown.sh" <<'SCRIPT'
#!/bin/sh
# one file per call: the PLUTO_* variables, sorted
n=$(ls "$UPDOWN_DIR" 2>/dev/null | wc -l)
env | grep '^PLUTO_' | sort >"$UPDOWN_DIR/call-$n"
SCRIPT
chmod 755 "$W/updown.sh"

# All the cases' conns, seen from SIDE (alice: with the updown script writing
# into DIR/calls-CASE; bob: without).
write_cases() { # DIR SIDE
    local d=$1 side=$2 c name settings me peer s
    mkdir -p "$d"
    : >"$d/ipsec.conf"
    : >"$d/ipsec.secrets"
    for c in "${CASES[@]}"; do
        name=${c%%|*} settings=${c#*|}
        if [ "$side" = alice ]; then me=alice peer=bob; else me=bob peer=alice; fi
        {
            printf 'conn %s-%s\n    keyexchange=ikev2\n    authby=secret\n    type=transport\n' \
                "$CONN" "$name"
            if [ "$side" = alice ]; then
                printf '    left=%s\n    right=%s\n' "$ALICE" "$BOB"
                mkdir -p "$d/calls-$name"
                printf '    leftupdown="UPDOWN_DIR=%s %s"\n' "$d/calls-$name" "$W/updown.sh"
            else
                printf '    left=%s\n    right=%s\n' "$BOB" "$ALICE"
            fi
            printf '    leftid=@%s-%s\n    rightid=@%s-%s\n    auto=add\n    rekeyfuzz=0%%\n' \
                "$me" "$name" "$peer" "$name"
            local IFS=';'
            for s in $settings; do
                # bob's end of the selectors is the other way round
                if [ "$side" = bob ]; then
                    case $s in
                    leftsubnet=*) s=right${s#left} ;;
                    rightsubnet=*) s=left${s#right} ;;
                    esac
                fi
                printf '    %s\n' "$s"
            done
        } >>"$d/ipsec.conf"
        printf '@%s-%s @%s-%s : PSK "lab-psk-kw-%s"\n' "$me" "$name" "$peer" "$name" "$name" \
            >>"$d/ipsec.secrets"
    done
    chmod 600 "$d/ipsec.secrets"
}

# Alice's SAs and policies without what differs from one run to the next. The
# reqid is masked: charon hands out the lowest free one (1 each time here),
# iked keeps one per conn; the reqid= case is checked on its own.
kernel_shape() { # NS
    ip -n "$1" -s xfrm state | awk '
        /^src / { if (line != "") print line; line = "" }
        /lifetime current:|stats:/ { skip = 1 }
        /^src / { skip = 0 }
        !skip { line = line " " $0 }
        END { if (line != "") print line }' |
        sed -E 's/[[:space:]]+/ /g; s/ spi 0x[0-9a-f]+\([0-9]+\)//; s/ 0x[0-9a-f]{16,}//g' |
        sed -E "s/ reqid [0-9]+\(0x[0-9a-f]+\)/ reqid ${REQID_SHAPE:-N}/" |
        sed -E 's/ (seq|oseq|seq-hi|oseq-hi) 0x[0-9a-f]+,?//g; s/ bitmap 0x[0-9a-f]+//g' |
        sed -E 's/^ //; s/ $//' | sort
    policy_shape "$1"
}

updown_calls() { # DIR: every call in order, the varying values masked
    local f
    for f in $(ls "$1" | sort -t- -k2 -n); do
        sed -E 's/^(PLUTO_UNIQUEID|PLUTO_REQID)=.*/\1=N/' "$1/$f"
        echo --
    done
}

# Up, the kernel's shape into OUT/NAME.kernel, down, nothing left.
one_case() { # OUT NAME UP_CMD... (the command brings kw-NAME up; DOWN_CMD set by the caller)
    local out=$1 name=$2
    shift 2
    "$@" "$CONN-$name" >"$out/$name.up" 2>&1 || { echo "up failed" >>"$out/$name.up"; return 1; }
    kernel_shape alice >"$out/$name.kernel"
    ip -n alice xfrm state >"$out/$name.raw"
    $DOWN_CMD "$CONN-$name" >/dev/null 2>&1
    eventually nothing_left alice >/dev/null
}

charon_alice_up() { charon_in alice ipsec up "$1" | grep -q "established successfully"; }
charon_alice_down() { charon_in alice ipsec down "$1"; }
iked_alice_up() { ikectl "$W/i" up "$1"; }
iked_alice_down() { ikectl "$W/i" down "$1"; }

compare_case() { # NAME
    local name=$1 c=$W/c i=$W/i
    [ -s "$c/$name.kernel" ] || { echo "charon: no state"; cat "$c/$name.up"; return 1; }
    [ -s "$i/$name.kernel" ] || { echo "iked: no state"; cat "$i/$name.up"; return 1; }
    updown_calls "$c/calls-$name" >"$c/$name.calls"
    updown_calls "$i/calls-$name" >"$i/$name.calls"
    [ -s "$c/$name.calls" ] || { echo "charon made no updown call"; return 1; }
    local settings
    for settings in "${CASES[@]}"; do [ "${settings%%|*}" = "$name" ] && settings=${settings#*|} && break; done
    if diff "$c/$name.kernel" "$i/$name.kernel" && diff "$c/$name.calls" "$i/$name.calls"; then
        printf '%-48s same\n' "${settings:-(base)}" >>"$TABLE"
        echo "$(wc -l <"$i/$name.kernel") SAs and policies, $(grep -c -- -- "$i/$name.calls") updown calls alike ($(grep PLUTO_VERB "$i/$name.calls" | sort -u | tr '\n' ' '))"
    else
        printf '%-48s DIFF\n' "${settings:-(base)}" >>"$TABLE"
        return 1
    fi
}

lab_up
P0=$TAP_PREFIX
TAP_PREFIX="${P0}parity: "
write_cases "$W/b" bob
write_cases "$W/c" alice
write_cases "$W/i" alice
charon_up bob "$W/b" "$CONN-base"
rc=$?
tap_check "charon (bob) loads the ${#CASES[@]} cases" cat_rc "$W/b/charon-start.txt" "$rc"
charon_up alice "$W/c" "$CONN-base"
rc=$?
tap_check "charon (alice) loads the ${#CASES[@]} cases" cat_rc "$W/c/charon-start.txt" "$rc"
DOWN_CMD=charon_alice_down
for c in "${CASES[@]}"; do one_case "$W/c" "${c%%|*}" charon_alice_up; done
charon_stop alice
tap_check "iked (alice) starts with the ${#CASES[@]} cases" iked_start alice "$W/i"
DOWN_CMD=iked_alice_down
for c in "${CASES[@]}"; do one_case "$W/i" "${c%%|*}" iked_alice_up; done
iked_stop "$W/i" >/dev/null
charon_stop bob
eventually nothing_left alice bob >/dev/null
tap_check "reqid=77: iked's SAs carry reqid 77 as charon's do" \
    sh -c "grep -q 'reqid 77 ' '$W/i/reqid.raw' && grep -q 'reqid 77 ' '$W/c/reqid.raw'"
for c in "${CASES[@]}"; do
    label=${c#*|}
    tap_check "${label:-(base)}: the same kernel state and updown calls" compare_case "${c%%|*}"
done


write_conf() { # DIR EXTRA_LINES...: one conn kw, the setting on line 9
    local d=$1 line
    shift
    mkdir -p "$d"
    {
        printf 'conn %s\n    keyexchange=ikev2\n    authby=secret\n    type=transport\n' "$CONN"
        printf '    left=%s\n    right=%s\n    auto=add\n    rekeyfuzz=0%%\n' "$ALICE" "$BOB"
        for line in "$@"; do printf '    %s\n' "$line"; done
    } >"$d/ipsec.conf"
    printf '%s %s : PSK "lab-psk-kw"\n' "$ALICE" "$BOB" >"$d/ipsec.secrets"
    chmod 600 "$d/ipsec.secrets"
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
