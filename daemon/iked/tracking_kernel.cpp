// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracking_kernel.hpp"

#include <algorithm>

namespace iked {

namespace {

bool same(const ipxf::StateId& a, const ipxf::StateId& b) {
    return a.daddr == b.daddr && a.spi == b.spi && a.proto == b.proto;
}

bool same(const ipxf::PolicyId& a, const ipxf::PolicyId& b) {
    return a.sel == b.sel && a.dir == b.dir && a.mark == b.mark;
}

bool routed_policy(const ipxf::Policy& p) {
    return p.dir == static_cast<std::uint8_t>(ipxf::Direction::fwd) && p.tmpls.size() == 1 &&
           p.tmpls[0].mode == static_cast<std::uint8_t>(ipxf::Mode::tunnel);
}

} // namespace

// The fwd policy's selector runs from the remote subnet to the local one; its
// template's source is the remote gateway.
void TrackingKernel::add_route(const ipxf::Policy& p) {
    if (!m_routes || !routed_policy(p))
        return;
    const ipxf::PolicyId id = ipxf::PolicyId::of(p);
    for (const auto& r : m_routed)
        if (same(r, id))
            return;
    auto src = local_address_in(p.sel.daddr, p.sel.prefixlen_d);
    if (!src)
        return; // no address of ours in the local subnet: nothing to route from
    const KernelJournal::Route noted{p.sel.saddr, p.sel.prefixlen_s};
    if (m_journal)
        m_journal->added(noted);
    auto r = m_routes->add(p.sel.saddr, p.sel.prefixlen_s, p.tmpls[0].saddr, *src);
    if (!r) {
        if (m_journal)
            m_journal->removed(noted);
        if (m_log)
            m_log(0, "installing route failed: " + r.error().to_string());
        return;
    }
    m_routed.push_back(id);
    if (m_log)
        m_log(1, "installing route " + p.sel.saddr.to_string() + "/" +
                     std::to_string(p.sel.prefixlen_s) +
                     (r->gateway.is_zero() ? "" : " via " + r->gateway.to_string()) + " src " +
                     r->src.to_string() + " table " + std::to_string(RouteTable::table));
}

void TrackingKernel::del_route(const ipxf::PolicyId& id) {
    auto it = std::find_if(m_routed.begin(), m_routed.end(),
                           [&](const ipxf::PolicyId& r) { return same(r, id); });
    if (it == m_routed.end())
        return;
    m_routed.erase(it);
    if (auto r = m_routes->del(id.sel.saddr, id.sel.prefixlen_s); !r && m_log)
        m_log(0, "deleting route failed: " + r.error().to_string());
    if (m_journal && !m_routes->has(id.sel.saddr, id.sel.prefixlen_s))
        m_journal->removed(KernelJournal::Route{id.sel.saddr, id.sel.prefixlen_s});
}

void TrackingKernel::compact_journal() {
    if (!m_journal)
        return;
    std::size_t live = m_states.size() + m_policies.size() + m_routed.size();
    if (m_journal->records() < 256 || m_journal->records() < 4 * live)
        return;
    KernelJournal::Contents contents;
    contents.states = m_states;
    contents.policies = m_policies;
    for (const auto& r : m_routed)
        contents.routes.push_back({r.sel.saddr, r.sel.prefixlen_s});
    m_journal->compact(contents);
}

void TrackingKernel::remember(const ipxf::StateId& id) {
    std::erase_if(m_states, [&](const ipxf::StateId& s) { return same(s, id); });
    m_states.push_back(id);
}

void TrackingKernel::forget(const ipxf::StateId& id) {
    std::erase_if(m_states, [&](const ipxf::StateId& s) { return same(s, id); });
    if (m_journal)
        m_journal->removed(id);
    compact_journal();
}

void TrackingKernel::remember(const ipxf::PolicyId& id) {
    std::erase_if(m_policies, [&](const ipxf::PolicyId& p) { return same(p, id); });
    m_policies.push_back(id);
}

void TrackingKernel::forget(const ipxf::PolicyId& id) {
    std::erase_if(m_policies, [&](const ipxf::PolicyId& p) { return same(p, id); });
    if (m_journal)
        m_journal->removed(id);
    compact_journal();
}

template <typename Id, typename Install>
ipsec::Result<void> TrackingKernel::journaled(const Id& id, Install install) {
    if (m_journal)
        m_journal->added(id);
    auto r = install();
    if (r)
        remember(id);
    else if (m_journal && !tracked(id))
        m_journal->removed(id); // not ours (EEXIST) or refused
    return r;
}

ipsec::Result<void> TrackingKernel::add_sa(const ipxf::State& state) {
    return journaled(ipxf::StateId::of(state), [&] { return m_kernel.add_sa(state); });
}

ipsec::Result<void> TrackingKernel::update_sa(const ipxf::State& state) {
    return journaled(ipxf::StateId::of(state), [&] { return m_kernel.update_sa(state); });
}

ipsec::Result<void> TrackingKernel::del_sa(const ipxf::StateId& id) {
    auto r = m_kernel.del_sa(id);
    forget(id);
    return r;
}

ipsec::Result<ipxf::State> TrackingKernel::query_sa(const ipxf::StateId& id) {
    return m_kernel.query_sa(id);
}

ipsec::Result<void> TrackingKernel::add_policy(const ipxf::Policy& policy) {
    auto r = journaled(ipxf::PolicyId::of(policy), [&] { return m_kernel.add_policy(policy); });
    if (r)
        add_route(policy);
    return r;
}

ipsec::Result<void> TrackingKernel::update_policy(const ipxf::Policy& policy) {
    auto r = journaled(ipxf::PolicyId::of(policy), [&] { return m_kernel.update_policy(policy); });
    if (r)
        add_route(policy);
    return r;
}

ipsec::Result<void> TrackingKernel::del_policy(const ipxf::PolicyId& id) {
    auto r = m_kernel.del_policy(id);
    forget(id);
    del_route(id);
    return r;
}

ipsec::Result<std::uint32_t> TrackingKernel::alloc_spi(const ipxf::State& state, std::uint32_t min,
                                                       std::uint32_t max) {
    auto r = m_kernel.alloc_spi(state, min, max);
    if (r) {
        ipxf::State larval = state;
        larval.spi = *r;
        if (m_journal)
            m_journal->added(ipxf::StateId::of(larval));
        remember(ipxf::StateId::of(larval));
    }
    return r;
}

bool TrackingKernel::tracked(const ipxf::StateId& id) const {
    return std::any_of(m_states.begin(), m_states.end(),
                       [&](const ipxf::StateId& s) { return same(s, id); });
}

bool TrackingKernel::tracked(const ipxf::PolicyId& id) const {
    return std::any_of(m_policies.begin(), m_policies.end(),
                       [&](const ipxf::PolicyId& p) { return same(p, id); });
}

std::size_t TrackingKernel::remove_all() {
    const std::size_t n = m_states.size() + m_policies.size();
    for (const auto& p : m_policies)
        (void)m_kernel.del_policy(p);
    for (const auto& s : m_states)
        (void)m_kernel.del_sa(s);
    m_policies.clear();
    m_states.clear();
    m_routed.clear();
    if (m_routes)
        m_routes->remove_all();
    if (m_journal)
        m_journal->clear();
    return n;
}

} // namespace iked
