// SPDX-License-Identifier: GPL-2.0-or-later
// TrackingKernel: a KernelIpsec that passes every request on to the real one
// and remembers which SAs (larval ones from alloc_spi included) and policies
// are iked's, so that whatever is left at exit can be removed: nothing of
// iked's stays in the kernel, even when a peer never answered our DELETE.
// Given a RouteTable, it also routes the remote subnet of each tunnel-mode
// fwd policy (see route_table.hpp) and takes the route back with the policy.
// Given a KernelJournal, it writes down every SA, policy and route before it
// can be in the kernel, so that a daemon started after a crash removes them.
#pragma once

#include "kernel_journal.hpp"
#include "route_table.hpp"
#include "xfrm/kernel_ipsec.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace iked {

class TrackingKernel : public ipxf::KernelIpsec {
public:
    using Log = std::function<void(int level, const std::string&)>;
    explicit TrackingKernel(ipxf::KernelIpsec& kernel, RouteTable* routes = nullptr,
                            Log log = nullptr, KernelJournal* journal = nullptr)
        : m_kernel(kernel), m_routes(routes), m_log(std::move(log)), m_journal(journal) {}

    ipsec::Result<void> add_sa(const ipxf::State& state) override;
    ipsec::Result<void> update_sa(const ipxf::State& state) override;
    ipsec::Result<void> del_sa(const ipxf::StateId& id) override;
    ipsec::Result<ipxf::State> query_sa(const ipxf::StateId& id) override;
    ipsec::Result<void> add_policy(const ipxf::Policy& policy) override;
    ipsec::Result<void> update_policy(const ipxf::Policy& policy) override;
    ipsec::Result<void> del_policy(const ipxf::PolicyId& id) override;
    ipsec::Result<std::uint32_t> alloc_spi(const ipxf::State& state, std::uint32_t min,
                                           std::uint32_t max) override;

    // Removes every SA and policy still recorded; returns how many there were.
    std::size_t remove_all();
    std::size_t sa_count() const { return m_states.size(); }
    std::size_t policy_count() const { return m_policies.size(); }

private:
    // Writes `id` down before `install` can put it into the kernel; takes it
    // back when the kernel refused and it was not ours already.
    template <typename Id, typename Install>
    ipsec::Result<void> journaled(const Id& id, Install install);
    bool tracked(const ipxf::StateId& id) const;
    bool tracked(const ipxf::PolicyId& id) const;
    void remember(const ipxf::StateId& id);
    void forget(const ipxf::StateId& id);
    void remember(const ipxf::PolicyId& id);
    void forget(const ipxf::PolicyId& id);
    void add_route(const ipxf::Policy& policy);
    void del_route(const ipxf::PolicyId& id);
    // Rewrites the journal when it has grown well past what is live.
    void compact_journal();

    ipxf::KernelIpsec& m_kernel;
    RouteTable* m_routes;
    Log m_log;
    KernelJournal* m_journal;
    std::vector<ipxf::PolicyId> m_routed; // the fwd policies whose route is installed
    std::vector<ipxf::StateId> m_states;
    std::vector<ipxf::PolicyId> m_policies;
};

} // namespace iked
