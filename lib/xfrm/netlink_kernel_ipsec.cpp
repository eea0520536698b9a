// SPDX-License-Identifier: GPL-2.0-or-later
#include "xfrm/netlink_kernel_ipsec.hpp"

#include <cerrno>

namespace ipxf {

Result<std::unique_ptr<NetlinkKernelIpsec>> NetlinkKernelIpsec::open() {
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    return std::unique_ptr<NetlinkKernelIpsec>(new NetlinkKernelIpsec(std::move(*nl)));
}

Result<void> NetlinkKernelIpsec::add_sa(const State& s) {
    return m_nl.add_state(s, false);
}
Result<void> NetlinkKernelIpsec::update_sa(const State& s) {
    return m_nl.add_state(s, true);
}
Result<void> NetlinkKernelIpsec::del_sa(const StateId& id) {
    return m_nl.delete_state(id);
}
Result<State> NetlinkKernelIpsec::query_sa(const StateId& id) {
    return m_nl.get_state(id);
}
Result<void> NetlinkKernelIpsec::add_policy(const Policy& p) {
    return m_nl.add_policy(p, false);
}
Result<void> NetlinkKernelIpsec::update_policy(const Policy& p) {
    return m_nl.add_policy(p, true);
}
Result<void> NetlinkKernelIpsec::del_policy(const PolicyId& id) {
    return m_nl.delete_policy(id);
}
Result<std::uint32_t> NetlinkKernelIpsec::alloc_spi(const State& s, std::uint32_t min,
                                                    std::uint32_t max) {
    auto r = m_nl.alloc_spi(s, min, max);
    if (!r)
        return r.error();
    return r->spi;
}

} // namespace ipxf
