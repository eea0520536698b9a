// SPDX-License-Identifier: GPL-2.0-or-later
// The narrow kernel interface the IKE daemon uses (DESIGN.md principle 1):
// install and remove SAs and policies, read an SA's usage, allocate an SPI.
// Only the model: no netlink, no libnl. The kernel's implementation is
// NetlinkKernelIpsec (netlink_kernel_ipsec.hpp); unit tests use an in-memory
// fake with the kernel's EEXIST/ENOENT rules (tests/support), never an
// integration test.
#pragma once

#include "common/result.hpp"
#include "xfrm/model.hpp"

#include <cstdint>

namespace ipxf {

using ipsec::Error;
using ipsec::Result;

class KernelIpsec {
public:
    virtual ~KernelIpsec() = default;
    virtual Result<void> add_sa(const State& state) = 0;
    virtual Result<void> update_sa(const State& state) = 0;
    virtual Result<void> del_sa(const StateId& id) = 0;
    // The SA as the kernel has it now (curlft holds the bytes/packets used).
    virtual Result<State> query_sa(const StateId& id) = 0;
    virtual Result<void> add_policy(const Policy& policy) = 0;
    virtual Result<void> update_policy(const Policy& policy) = 0;
    virtual Result<void> del_policy(const PolicyId& id) = 0;
    // A free SPI in [min, max] for an SA from `state.saddr` to `state.daddr`.
    virtual Result<std::uint32_t> alloc_spi(const State& state, std::uint32_t min,
                                            std::uint32_t max) = 0;
};

} // namespace ipxf
