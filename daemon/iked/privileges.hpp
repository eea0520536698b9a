// SPDX-License-Identifier: GPL-2.0-or-later
// Least privilege for iked once its sockets are open (iked(8), SECURITY).
//
// iked stays uid 0 (it reads root-owned 0600 files such as ipsec.secrets on
// reload, which needs no capability: the owner's permission bits apply) but
// keeps only the capabilities it uses afterwards:
//   CAP_NET_ADMIN         XFRM SAs and policies, routes, socket policies;
//   CAP_NET_BIND_SERVICE  ports below 1024 (IKE's 500) should a socket be
//                         opened again.
// Every other capability leaves the effective, permitted, inheritable and
// ambient sets and the bounding set (so no execve can bring it back), and the
// process becomes non-dumpable (no core file, no ptrace by non-root, secrets
// stay out of /proc/PID/mem for others) with no_new_privs set.
//
// Raw capget/capset/prctl (capabilities(7)); no libcap.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace iked {

// One bit per capability number (CAP_NET_ADMIN is bit 12).
using CapabilityMask = std::uint64_t;

// CAP_NET_ADMIN and CAP_NET_BIND_SERVICE.
CapabilityMask kept_capabilities();

struct PrivilegeState {
    CapabilityMask effective = 0;
    CapabilityMask permitted = 0;
    CapabilityMask inheritable = 0;
    CapabilityMask bounding = 0;
    bool no_new_privs = false;
    bool dumpable = true;
};

// The calling thread's capabilities and flags.
ipsec::Result<PrivilegeState> privilege_state();

// Drops every capability not in `keep` as described above. Without
// CAP_SETPCAP (iked started by a service manager that already narrowed the
// bounding set, or by an unprivileged user) the bounding set is left as it is
// and a note says what it still holds. Call before any other thread starts:
// capabilities are per thread.
ipsec::Result<void> drop_privileges(CapabilityMask keep, std::vector<std::string>& notes);

// "0x0000000000001400" as /proc/PID/status prints the sets.
std::string capability_hex(CapabilityMask mask);

} // namespace iked
