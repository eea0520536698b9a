// SPDX-License-Identifier: GPL-2.0-or-later
// KernelIpsec over the kernel's XFRM netlink interface (libipxf's Netlink).
#pragma once

#include "xfrm/kernel_ipsec.hpp"
#include "xfrm/netlink.hpp"

#include <memory>

namespace ipxf {

class NetlinkKernelIpsec : public KernelIpsec {
public:
    static Result<std::unique_ptr<NetlinkKernelIpsec>> open();
    Result<void> add_sa(const State& state) override;
    Result<void> update_sa(const State& state) override;
    Result<void> del_sa(const StateId& id) override;
    Result<State> query_sa(const StateId& id) override;
    Result<void> add_policy(const Policy& policy) override;
    Result<void> update_policy(const Policy& policy) override;
    Result<void> del_policy(const PolicyId& id) override;
    Result<std::uint32_t> alloc_spi(const State& state, std::uint32_t min,
                                    std::uint32_t max) override;

private:
    explicit NetlinkKernelIpsec(Netlink nl) : m_nl(std::move(nl)) {}
    Netlink m_nl;
};

} // namespace ipxf
