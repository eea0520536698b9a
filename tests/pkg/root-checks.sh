# SPDX-License-Identifier: GPL-2.0-or-later
# root-checks.sh: the checks of pkg-test.sh inside the throw-away root $root
# (an overlay of /: the host's own packages, strongSwan included, are there).
# Sourced; uses $root, $work, $upstream, in_root and tap.sh.
# shellcheck shell=bash

wants=/etc/systemd/system/multi-user.target.wants
debs_in_root() { (cd "$root" && ls tmp/debs/*.deb) | sed 's|^|/|'; }

dpkg_install() {
    # shellcheck disable=SC2046
    in_root env DEBIAN_FRONTEND=noninteractive dpkg -i $(debs_in_root)
}
# apt resolves the dependencies from the root's package database (the host's).
apt_install() {
    # shellcheck disable=SC2046
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o Debug::NoLocking=1 $(debs_in_root)
}
dpkg_purge() {
    in_root dpkg --purge iked tlsctl ipxf libipxf-dev libipxf0
}
sum_of() { in_root sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }
owner_of() { in_root dpkg-query -S "$1" 2>/dev/null | cut -d: -f1; }

expect_owner() {
    local path=$1 pkg=$2 got
    got=$(owner_of "$path")
    [ "$got" = "$pkg" ] || { echo "$path: owned by '${got}', expected $pkg"; return 1; }
    [ -e "$root$path" ] || { echo "$path: not on disk"; return 1; }
}

check_files() {
    local multiarch
    multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
    expect_owner "/usr/lib/$multiarch/libipxf.so.0" libipxf0 &&
        expect_owner "/usr/lib/$multiarch/libipxf.so" libipxf-dev &&
        expect_owner "/usr/lib/$multiarch/pkgconfig/libipxf.pc" libipxf-dev &&
        expect_owner /usr/include/ipxf/xfrm/model.hpp libipxf-dev &&
        expect_owner /usr/include/ipxf/common/result.hpp libipxf-dev &&
        expect_owner /usr/sbin/ipxf ipxf &&
        expect_owner /usr/share/bash-completion/completions/ipxf ipxf &&
        expect_owner /usr/share/man/man8/ipxf.8.gz ipxf &&
        expect_owner /usr/sbin/iked iked &&
        expect_owner /usr/sbin/ikectl iked &&
        expect_owner /lib/systemd/system/iked.service iked &&
        expect_owner /usr/share/bash-completion/completions/ikectl iked &&
        expect_owner /usr/share/man/man5/ipsec.conf.5iked.gz iked &&
        expect_owner /usr/share/man/man5/ipsec.secrets.5iked.gz iked &&
        expect_owner /usr/share/man/man8/iked.8.gz iked &&
        expect_owner /usr/share/man/man8/ikectl.8.gz iked &&
        expect_owner /usr/bin/tlsctl tlsctl &&
        expect_owner /usr/share/bash-completion/completions/tlsctl tlsctl &&
        expect_owner /usr/share/man/man1/tlsctl.1.gz tlsctl
}

# The unit as installed: systemd's syntax check in the root, the daemon path.
check_unit() {
    local unit=$root/lib/systemd/system/iked.service
    grep -q '^ExecStart=/usr/sbin/iked ' "$unit" || { echo "ExecStart is not /usr/sbin/iked"; return 1; }
    if command -v systemd-analyze >/dev/null; then
        systemd-analyze verify --root="$root" iked.service 2>&1 | grep -v 'Cannot add dependency job' |
            grep . && return 1
    fi
    return 0
}

# The package never starts the daemon: no start/restart in the maintainer script.
never_started() {
    ! grep -En 'deb-systemd-invoke[^|]*(start|restart)([^-]|$)' "$root/var/lib/dpkg/info/iked.postinst" |
        grep -v try-restart
}

# Programs: versions, and ikectl version answered by a running iked (own netns).
version_is() {
    local out
    out=$("$@" 2>&1)
    echo "$out"
    grep -q -- "$upstream" <<<"$out"
}
# iked from the package in a network namespace of its own, with a conn
# "pkgtest"; ikectl version answered by it, and ikectl's completion of "up"
# taking the conn names from it (not from /etc/ipsec.conf).
daemon_checks() {
    cat >"$root/tmp/iked-test.conf" <<'EOF'
config setup
conn pkgtest
	keyexchange=ikev2
	left=127.0.0.1
	right=127.0.0.2
	authby=secret
	auto=add
EOF
    printf '127.0.0.1 127.0.0.2 : PSK "pkg-test-key-0123456789"\n' >"$root/tmp/iked-test.secrets"
    chmod 0600 "$root/tmp/iked-test.secrets"
    in_root unshare -n bash -c '
        ip link set lo up
        iked --nofork --config /tmp/iked-test.conf --secrets /tmp/iked-test.secrets \
            --socket /tmp/iked-test.ctl >/tmp/iked-test.log 2>&1 &
        for _ in $(seq 50); do [ -S /tmp/iked-test.ctl ] && break; sleep 0.1; done
        ikectl --socket /tmp/iked-test.ctl version > /tmp/ikectl-version.out 2>&1
        echo "version exit $?"
        . /usr/share/bash-completion/completions/ikectl
        COMP_WORDS=(ikectl --socket /tmp/iked-test.ctl up ""); COMP_CWORD=4; _ikectl
        echo "completion: ${COMPREPLY[*]}"
        ikectl --socket /tmp/iked-test.ctl stop >/dev/null 2>&1
        wait
        cat /tmp/ikectl-version.out
        cat /tmp/iked-test.log' >"$work/daemon.out" 2>&1
}
daemon_answered() {
    grep -q '^version exit 0$' "$work/daemon.out" && grep -q "iked $upstream" "$work/daemon.out" ||
        { cat "$work/daemon.out"; return 1; }
}
daemon_completion() {
    grep -qx 'completion: pkgtest' "$work/daemon.out" || { cat "$work/daemon.out"; return 1; }
}

# Completion, run by the installed bash-completion files against the installed tools.
complete_words() {
    local file=$1 func=$2 line=$3
    in_root bash -c ". /usr/share/bash-completion/completions/$file
        read -ra COMP_WORDS <<<\"$line\"; [[ \"$line\" == *' ' ]] && COMP_WORDS+=('')
        COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); $func; echo \"\${COMPREPLY[*]}\""
}
expect_completion() {
    local got
    got=$(complete_words "$1" "$2" "$3")
    [ "$got" = "$4" ] || { echo "completing '$3': got '$got', expected '$4'"; return 1; }
}

# libipxf-dev: a program built with pkg-config's flags against the installed headers.
dev_package_builds() {
    cat >"$root/tmp/use-libipxf.cpp" <<'EOF'
#include <xfrm/model.hpp>
#include <cstdio>
int main() {
    auto a = ipxf::Address::parse("2001:db8::1");
    std::printf("%s\n", a ? a->to_string().c_str() : "none");
    return a ? 0 : 1;
}
EOF
    in_root sh -c 'g++ -std=c++20 $(pkg-config --cflags libipxf) -o /tmp/use-libipxf \
        /tmp/use-libipxf.cpp $(pkg-config --libs libipxf) && /tmp/use-libipxf' | grep -qx '2001:db8::1'
}

# Nothing of ours left in the root after a purge (the upper layer holds every change).
nothing_left() {
    local left
    # (Character devices 0/0 in the upper layer are whiteouts: files of the
    # base system deleted in the root, such as strongswan-starter's.)
    left=$(cd "$work/ov/upper" && find . \( -path ./var -o -path ./tmp \) -prune -o ! -type c -print |
        grep -E 'ipxf|iked|ikectl|tlsctl|ipsec\.(conf|secrets)\.5' || true)
    [ -z "$left" ] || { echo "left behind: $left"; return 1; }
    [ ! -e "$root/var/lib/iked" ] || { echo "/var/lib/iked left"; return 1; }
}

common_checks() {
    tap_check "$1: the files belong to the right packages" check_files
    tap_check "$1: ipxf -V names version $upstream" version_is in_root ipxf -V
    tap_check "$1: tlsctl version names version $upstream" version_is in_root tlsctl version
    tap_check "$1: iked --version names version $upstream" version_is in_root iked --version
    daemon_checks
    tap_check "$1: ikectl version answered by the installed iked" daemon_answered
}

run_root_checks() {
    local conf_sum secrets_sum
    # man-db's trigger would rebuild the whole man index in the root: not checked here.
    rm -f "$root/var/lib/man-db/auto-update"
    # A: strongSwan's packages installed and strongswan-starter enabled (the host's).
    if [ -n "$(owner_of /etc/ipsec.conf)" ] && [ -e "$root$wants/strongswan-starter.service" ]; then
        conf_sum=$(sum_of /etc/ipsec.conf)
        secrets_sum=$(sum_of /etc/ipsec.secrets)
        tap_check "with strongSwan: dpkg -i of the five packages (no file conflict)" dpkg_install
        common_checks "with strongSwan"
        tap_check "with strongSwan: /etc/ipsec.conf and ipsec.secrets untouched" \
            test "$conf_sum|$secrets_sum" = "$(sum_of /etc/ipsec.conf)|$(sum_of /etc/ipsec.secrets)"
        tap_check "with strongSwan enabled: iked.service left disabled" test ! -e "$root$wants/iked.service"
        tap_check "with strongSwan: purge keeps strongSwan's files" \
            sh -c "chroot '$root' dpkg --purge iked tlsctl ipxf libipxf-dev libipxf0 >/dev/null &&
                   test '$conf_sum' = \"\$(chroot '$root' sha256sum /etc/ipsec.conf | cut -d' ' -f1)\""
    else
        tap_skip "with strongSwan: co-installation" "strongswan-starter is not installed and enabled on this host"
    fi

    # B: without strongswan-starter (purged in the root: its configuration and
    # its unit link go) and no enabled strongSwan service.
    in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -o Debug::NoLocking=1 \
        strongswan-starter >"$work/purge-strongswan.log" 2>&1 ||
        tap_diag "purging strongswan-starter in the root failed: $(tail -3 "$work/purge-strongswan.log")"
    rm -f "$root/etc/ipsec.conf" "$root/etc/ipsec.secrets" "$root$wants"/strongswan*.service \
        "$root$wants/ipsec.service"
    tap_check "without strongSwan: apt-get install ./*.deb of the five packages (the README's way)" apt_install
    common_checks "without strongSwan"
    tap_check "default /etc/ipsec.conf: root 0644, the package's text" \
        sh -c "[ \"\$(stat -c %U:%a '$root/etc/ipsec.conf')\" = root:644 ] &&
               cmp '$root/etc/ipsec.conf' '$root/usr/share/iked/ipsec.conf'"
    tap_check "default /etc/ipsec.secrets: root 0600" \
        test "$(stat -c %U:%a "$root/etc/ipsec.secrets")" = root:600
    tap_check "iked.service enabled (multi-user.target.wants)" \
        test "$(readlink "$root$wants/iked.service")" = /lib/systemd/system/iked.service
    tap_check "the package never starts iked" never_started
    tap_check "iked.service passes systemd-analyze verify" check_unit
    tap_check "completion: ikectl verbs" expect_completion ikectl _ikectl "ikectl st" "start stop status statusall"
    printf 'conn %%default\n\tkeyexchange=ikev2\nconn alpha\n\tauto=add\nconn beta\n\tauto=add\n' \
        >"$root/etc/ipsec.conf"
    tap_check "completion: ikectl up takes conn names from ipsec.conf (no daemon)" \
        expect_completion ikectl _ikectl "ikectl up " "alpha beta"
    tap_check "completion: ikectl up takes conn names from the running iked" daemon_completion
    tap_check "completion: tlsctl verbs" expect_completion tlsctl _tlsctl "tlsctl s_" "s_client s_server s_time"
    tap_check "completion: tlsctl genpkey flags from the installed tlsctl" \
        expect_completion tlsctl _tlsctl "tlsctl genpkey -a" "-algorithm -aes256 -aes128"
    tap_check "completion: tlsctl genpkey -algorithm values" \
        expect_completion tlsctl _tlsctl "tlsctl genpkey -algorithm " "RSA EC"
    tap_check "libipxf-dev: a program builds with pkg-config libipxf and runs" dev_package_builds
    # The operator's edit survives a reinstallation; the purge keeps an edited
    # file and removes the untouched default.
    tap_check "reinstallation keeps the operator's /etc/ipsec.conf" \
        sh -c "chroot '$root' dpkg -i $(debs_in_root | tr '\n' ' ') >/dev/null && grep -q '^conn alpha' '$root/etc/ipsec.conf'"
    tap_check "purge" dpkg_purge
    tap_check "purge keeps the edited /etc/ipsec.conf, removes the unchanged ipsec.secrets" \
        sh -c "grep -q '^conn alpha' '$root/etc/ipsec.conf' && [ ! -e '$root/etc/ipsec.secrets' ]"
    rm -f "$root/etc/ipsec.conf"
    tap_check "purge leaves nothing of the packages (unit link, state, files)" nothing_left
}
