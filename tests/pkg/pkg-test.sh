#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# pkg-test.sh --source DIR --build DIR: suite pkg (TAP).
#  1. builds the Debian packages from a copy of the source tree
#     (dpkg-buildpackage -b -us -uc) and lists them with their sizes;
#  2. runs lintian on them: no error, and no warning that debian/*.lintian-overrides
#     does not explain;
#  3. compares the packages' files with what `meson install` of --build installs;
#  4. installs them into a throw-away root (an overlay of / in a private mount
#     namespace, so the host's dpkg database, libraries and strongSwan packages
#     are the base and nothing reaches the host) and checks the files, the unit,
#     the default /etc/ipsec.conf next to strongswan-starter's and without it,
#     that the programs run, the completions, the -dev package, and the purge.
# PKG_DEBS=DIR uses the .deb files in DIR instead of building them, and
# PKG_SAVE_DEBS=DIR keeps a copy of the ones built (development).
# Needs root (mounts); skips only when dpkg-buildpackage, lintian or overlayfs
# are missing.
set -uo pipefail

src= build=
while [ $# -gt 0 ]; do
    case "$1" in
    --source) src=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: pkg-test.sh --source DIR --build DIR" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "${src:-$here/../..}" && pwd)
# shellcheck source=../lib/tap.sh
. "$src/tests/lib/tap.sh"

skip_all() { echo "1..0 # SKIP $1"; exit 0; }
[ "$(id -u)" = 0 ] || skip_all "needs root (mounts an overlay root)"
for tool in dpkg-buildpackage dh lintian unshare; do
    command -v "$tool" >/dev/null || skip_all "$tool is not installed (scripts/install-deps installs it)"
done
grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null
grep -qw overlay /proc/filesystems || skip_all "the kernel has no overlayfs"

# The mounts below live in a mount namespace of their own.
if [ -z "${PKG_TEST_NS:-}" ]; then
    PKG_TEST_NS=1 exec unshare -m --propagation private bash "$0" --source "$src" --build "$build"
fi

work=$(mktemp -d /tmp/pkg-test.XXXXXX)
cleanup() {
    umount -R "$work/root" 2>/dev/null
    umount "$work/ov" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$src/debian/changelog")
upstream=${version%%-*}
debs=$work/debs
mkdir -p "$debs"

# --- 1. build -------------------------------------------------------------
copy_source() {
    local dest=$1
    mkdir -p "$dest"
    if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
        (cd "$src" && git ls-files -z --cached --others --exclude-standard |
            xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
            tar --null -T - -cf -) | tar -xf - -C "$dest"
    else
        (cd "$src" && tar --exclude='./build*' --exclude=./.git -cf - .) | tar -xf - -C "$dest"
    fi
}

build_packages() {
    local tree=$work/src/ipsec-suite-$upstream
    copy_source "$tree" || return 1
    local TIMEFORMAT='%R s elapsed, %U s user + %S s system CPU' rc
    {
        time (cd "$tree" && DEB_BUILD_OPTIONS="nocheck noddebs parallel=$(nproc)" \
            dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1
        echo $? >"$work/build.rc")
    } 2>"$work/build.time"
    rc=$(cat "$work/build.rc")
    echo "dpkg-buildpackage: exit $rc"
    if [ "$rc" != 0 ]; then
        tail -30 "$work/build.log"
        return "$rc"
    fi
    cp "$work"/src/*.deb "$debs"/
    if [ -n "${PKG_SAVE_DEBS:-}" ]; then
        mkdir -p "$PKG_SAVE_DEBS" && cp "$debs"/* "$PKG_SAVE_DEBS"/
    fi
}

if [ -n "${PKG_DEBS:-}" ]; then
    cp "$PKG_DEBS"/*.deb "$debs"/
    tap_diag "packages from PKG_DEBS=$PKG_DEBS (not rebuilt)"
else
    tap_check "dpkg-buildpackage -b -us -uc builds the packages" build_packages
    [ -s "$work/build.time" ] && tap_diag "dpkg-buildpackage took $(tail -1 "$work/build.time")"
fi
packages=(libipxf0 libipxf-dev ipxf iked tlsctl)
deb_of() { ls "$debs/$1_${version}_"*.deb 2>/dev/null | head -1; }
all_built() {
    local p
    for p in "${packages[@]}"; do
        [ -n "$(deb_of "$p")" ] || { echo "no ${p}_${version}_*.deb"; return 1; }
    done
}
if ! tap_check "all five packages are there (version $version)" all_built; then
    tap_done
    exit 1
fi
for p in "${packages[@]}"; do
    d=$(deb_of "$p")
    tap_diag "$(basename "$d"): $(stat -c %s "$d") bytes, installed $(dpkg-deb -f "$d" Installed-Size) KiB"
done

# --- 2. lintian ---------------------------------------------------------------
run_lintian() {
    local p files=()
    for p in "${packages[@]}"; do files+=("$(deb_of "$p")"); done
    lintian --tag-display-limit 0 "${files[@]}" 2>&1 | grep -v '^running with root privileges' >"$work/lintian.txt"
    sed 's/^/lintian: /' "$work/lintian.txt"
    ! grep -q '^[EW]: ' "$work/lintian.txt"
}
tap_check "lintian: no errors, no unexplained warnings" run_lintian
if [ -s "$work/lintian.txt" ]; then
    tap_diag "$(sed 's/^/lintian: /' "$work/lintian.txt")"
else
    tap_diag "lintian: no errors, no warnings"
fi

# --- 3. the same layout as meson install ------------------------------------
# Package paths as meson would install them: /usr/local -> /usr, man pages not
# compressed; the packages' own files (doc, lintian overrides, the defaults of
# /usr/share/iked that debian/ adds) left out.
package_paths() {
    local p
    for p in "${packages[@]}"; do
        dpkg-deb --fsys-tarfile "$(deb_of "$p")" | tar -t | sed 's|^\.||'
    done | grep -v '/$' | grep -v -e '^/usr/share/doc/' -e '^/usr/share/lintian/' \
        -e '^/usr/share/iked/' | sed 's|\.gz$||' | sort
}
meson_paths() {
    rm -rf "$work/mi"
    meson install -C "$build" --no-rebuild --quiet --destdir "$work/mi" >/dev/null || return 1
    (cd "$work/mi" && find . -type f -o -type l) | sed -e 's|^\.||' \
        -e 's|^/usr/local/|/usr/|' | sort
}
same_layout() {
    diff <(package_paths) <(meson_paths) && echo "same $(package_paths | wc -l) files"
}
if [ -f "$build/build.ninja" ]; then
    tap_check "meson install installs the packages' layout" same_layout
else
    tap_skip "meson install installs the packages' layout" "no build directory given"
fi

# --- 4. a throw-away root -----------------------------------------------------
root=$work/root
mkdir -p "$work/ov" "$root"
mount -t tmpfs pkgtest "$work/ov" || { tap_done; exit 1; }
mkdir -p "$work/ov/upper" "$work/ov/work"
if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$work/ov/upper,workdir=$work/ov/work" "$root"; then
    tap_check "overlay root mounted" false
    tap_done
    exit 1
fi
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mkdir -p "$root/tmp/debs"
for p in "${packages[@]}"; do cp "$(deb_of "$p")" "$root/tmp/debs/"; done
in_root() { chroot "$root" "$@"; }
# shellcheck source=root-checks.sh
. "$here/root-checks.sh"

run_root_checks
tap_done
