// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/fake_kernel_ipsec.hpp"

#include <cerrno>

namespace ipxf {

FakeKernelIpsec::SaKey FakeKernelIpsec::key(const State& s) {
    return {s.daddr.bytes, s.spi, s.proto, s.mark ? (s.mark->value & s.mark->mask) : 0};
}

FakeKernelIpsec::SaKey FakeKernelIpsec::key(const StateId& id) {
    return {id.daddr.bytes, id.spi, id.proto, id.mark ? (id.mark->value & id.mark->mask) : 0};
}

FakeKernelIpsec::PolicyKey FakeKernelIpsec::key(const Selector& sel, std::uint8_t dir,
                                                std::optional<Mark> mark,
                                                std::optional<std::uint8_t> ptype) {
    return {sel.saddr.bytes,
            sel.daddr.bytes,
            sel.prefixlen_s,
            sel.prefixlen_d,
            sel.proto,
            dir,
            ptype.value_or(kPolicyTypeMain),
            sel.sport,
            sel.dport,
            mark ? (mark->value & mark->mask) : 0,
            static_cast<std::uint8_t>(sel.family)};
}

Result<void> FakeKernelIpsec::add_sa(const State& s) {
    m_calls.emplace_back("add_sa");
    if (s.spi == 0 && s.proto != ipproto::comp)
        return Error::os(EINVAL, "adding SA", std::string("SPI 0 is reserved"));
    auto [it, inserted] = m_states.emplace(key(s), s);
    if (!inserted)
        return Error::os(EEXIST, "adding SA");
    return ipsec::success();
}

Result<void> FakeKernelIpsec::update_sa(const State& s) {
    m_calls.emplace_back("update_sa");
    auto it = m_states.find(key(s));
    if (it == m_states.end())
        return Error::os(ESRCH, "updating SA");
    // like the kernel: a larval SA (from alloc_spi) is replaced wholesale ...
    if (m_larval.erase(key(s))) {
        it->second = s;
        return ipsec::success();
    }
    // ... a complete one keeps its keys: lifetimes and encapsulation change
    it->second.lft = s.lft;
    it->second.encap = s.encap;
    return ipsec::success();
}

Result<void> FakeKernelIpsec::del_sa(const StateId& id) {
    m_calls.emplace_back("del_sa");
    m_larval.erase(key(id));
    if (m_states.erase(key(id)) == 0)
        return Error::os(ESRCH, "deleting SA");
    return ipsec::success();
}

Result<State> FakeKernelIpsec::query_sa(const StateId& id) {
    m_calls.emplace_back("query_sa");
    auto it = m_states.find(key(id));
    if (it == m_states.end())
        return Error::os(ESRCH, "getting SA");
    return it->second;
}

Result<void> FakeKernelIpsec::add_policy(const Policy& p) {
    m_calls.emplace_back("add_policy");
    if (p.dir > 2)
        return Error::os(EINVAL, "adding policy", std::string("Invalid policy direction"));
    Policy stored = p;
    if (stored.index == 0)
        stored.index = (m_next_index += 8) | p.dir;
    auto [it, inserted] = m_policies.emplace(key(p.sel, p.dir, p.mark, p.ptype), stored);
    if (!inserted)
        return Error::os(EEXIST, "adding policy");
    return ipsec::success();
}

Result<void> FakeKernelIpsec::update_policy(const Policy& p) {
    m_calls.emplace_back("update_policy");
    auto k = key(p.sel, p.dir, p.mark, p.ptype);
    auto it = m_policies.find(k);
    Policy stored = p;
    stored.index = it != m_policies.end() ? it->second.index : ((m_next_index += 8) | p.dir);
    m_policies[k] = stored;
    return ipsec::success();
}

Result<void> FakeKernelIpsec::del_policy(const PolicyId& id) {
    m_calls.emplace_back("del_policy");
    if (m_policies.erase(key(id.sel, id.dir, id.mark, id.ptype)) == 0)
        return Error::os(ENOENT, "deleting policy");
    return ipsec::success();
}

Result<std::uint32_t> FakeKernelIpsec::alloc_spi(const State& s, std::uint32_t min,
                                                 std::uint32_t max) {
    m_calls.emplace_back("alloc_spi");
    if (min > max)
        return Error::os(EINVAL, "allocating SPI");
    for (std::uint64_t spi = min; spi <= max; ++spi) {
        State probe = s;
        probe.spi = static_cast<std::uint32_t>(spi);
        if (!m_states.count(key(probe))) {
            probe.mode = s.mode;
            m_states.emplace(key(probe), probe); // a larval SA holds the SPI
            m_larval.insert(key(probe));
            return probe.spi;
        }
    }
    return Error::os(ENOENT, "allocating SPI", std::string("no free SPI in the range"));
}

std::vector<State> FakeKernelIpsec::states() const {
    std::vector<State> out;
    for (auto& [k, v] : m_states)
        out.push_back(v);
    return out;
}

std::vector<Policy> FakeKernelIpsec::policies() const {
    std::vector<Policy> out;
    for (auto& [k, v] : m_policies)
        out.push_back(v);
    return out;
}

bool FakeKernelIpsec::account(const StateId& id, std::uint64_t bytes, std::uint64_t packets) {
    auto it = m_states.find(key(id));
    if (it == m_states.end())
        return false;
    it->second.curlft.bytes += bytes;
    it->second.curlft.packets += packets;
    return true;
}

} // namespace ipxf
