// SPDX-License-Identifier: GPL-2.0-or-later
#include "privileges.hpp"

#include <cerrno>
#include <cstdio>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace iked {

using ipsec::Error;

namespace {

// capget(2)/capset(2) with the 64-bit layout (_LINUX_CAPABILITY_VERSION_3):
// two data words, low and high 32 bits of each set.
struct RawCaps {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
};

CapabilityMask join(std::uint32_t low, std::uint32_t high) {
    return (static_cast<CapabilityMask>(high) << 32) | low;
}

ipsec::Result<RawCaps> get_caps() {
    RawCaps caps;
    if (::syscall(SYS_capget, &caps.header, caps.data) != 0)
        return Error::os(errno, "capget");
    return caps;
}

// The highest capability number the kernel knows, probed with PR_CAPBSET_READ
// (EINVAL past the last one).
int last_capability() {
    int cap = 0;
    while (cap < 63 && ::prctl(PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0)
        ++cap;
    return cap;
}

CapabilityMask bounding_set() {
    CapabilityMask mask = 0;
    const int last = last_capability();
    for (int cap = 0; cap <= last; ++cap)
        if (::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
            mask |= CapabilityMask{1} << cap;
    return mask;
}

ipsec::Result<void> narrow_bounding_set(CapabilityMask keep, CapabilityMask effective,
                                        std::vector<std::string>& notes) {
    const CapabilityMask extra = bounding_set() & ~keep;
    if (extra == 0)
        return ipsec::success();
    if (!(effective & (CapabilityMask{1} << CAP_SETPCAP))) {
        notes.push_back("no CAP_SETPCAP: the capability bounding set keeps " +
                        capability_hex(extra) + " beyond what iked needs");
        return ipsec::success();
    }
    for (int cap = 0; cap < 64; ++cap)
        if ((extra >> cap) & 1)
            if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
                return Error::os(errno, "cannot drop capability " + std::to_string(cap) +
                                            " from the bounding set");
    return ipsec::success();
}

} // namespace

CapabilityMask kept_capabilities() {
    return (CapabilityMask{1} << CAP_NET_ADMIN) | (CapabilityMask{1} << CAP_NET_BIND_SERVICE);
}

std::string capability_hex(CapabilityMask mask) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(mask));
    return buf;
}

ipsec::Result<PrivilegeState> privilege_state() {
    auto caps = get_caps();
    if (!caps)
        return caps.error();
    PrivilegeState s;
    s.effective = join(caps->data[0].effective, caps->data[1].effective);
    s.permitted = join(caps->data[0].permitted, caps->data[1].permitted);
    s.inheritable = join(caps->data[0].inheritable, caps->data[1].inheritable);
    s.bounding = bounding_set();
    s.no_new_privs = ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
    s.dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
    return s;
}

ipsec::Result<void> drop_privileges(CapabilityMask keep, std::vector<std::string>& notes) {
    auto before = privilege_state();
    if (!before)
        return before.error();
    // The bounding set first: dropping from it needs CAP_SETPCAP, which goes next.
    if (auto r = narrow_bounding_set(keep, before->effective, notes); !r)
        return r;
    // Ambient capabilities (Linux 4.3+) would survive an execve: none.
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        return Error::os(errno, "cannot clear the ambient capabilities");

    const CapabilityMask kept = before->permitted & keep;
    RawCaps caps;
    for (int word = 0; word < 2; ++word) {
        const auto bits = static_cast<std::uint32_t>(kept >> (32 * word));
        caps.data[word].effective = bits;
        caps.data[word].permitted = bits;
        caps.data[word].inheritable = 0;
    }
    if (::syscall(SYS_capset, &caps.header, caps.data) != 0)
        return Error::os(errno, "capset");

    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return Error::os(errno, "cannot set no_new_privs");
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return Error::os(errno, "cannot make the process non-dumpable");

    // What the kernel now reports, not what was asked for.
    auto after = privilege_state();
    if (!after)
        return after.error();
    if (after->effective != kept || after->permitted != kept || after->inheritable != 0)
        return Error::plain("capabilities still held after dropping them: effective " +
                            capability_hex(after->effective) + ", permitted " +
                            capability_hex(after->permitted));
    return ipsec::success();
}

} // namespace iked
