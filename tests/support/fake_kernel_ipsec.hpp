// SPDX-License-Identifier: GPL-2.0-or-later
// An in-memory KernelIpsec with the kernel's EEXIST/ENOENT rules, for unit
// tests of the layers above the kernel (the engine, the daemon's tracking).
// Never for integration tests: those use the real kernel.
#pragma once

#include "xfrm/kernel_ipsec.hpp"

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ipxf {

class FakeKernelIpsec : public KernelIpsec {
public:
    Result<void> add_sa(const State& state) override;
    Result<void> update_sa(const State& state) override;
    Result<void> del_sa(const StateId& id) override;
    Result<State> query_sa(const StateId& id) override;
    Result<void> add_policy(const Policy& policy) override;
    Result<void> update_policy(const Policy& policy) override;
    Result<void> del_policy(const PolicyId& id) override;
    Result<std::uint32_t> alloc_spi(const State& state, std::uint32_t min,
                                    std::uint32_t max) override;

    // Inspection for tests.
    std::vector<State> states() const;
    std::vector<Policy> policies() const;
    // Adds bytes/packets to an SA's usage, as traffic would.
    bool account(const StateId& id, std::uint64_t bytes, std::uint64_t packets);
    // The calls made, in order ("add_sa", "del_policy", ...).
    const std::vector<std::string>& calls() const { return m_calls; }

private:
    using SaKey = std::tuple<std::array<std::uint8_t, 16>, std::uint32_t, std::uint8_t,
                             std::uint32_t>; // daddr, spi, proto, mark
    using PolicyKey =
        std::tuple<std::array<std::uint8_t, 16>, std::array<std::uint8_t, 16>, std::uint8_t,
                   std::uint8_t, std::uint8_t, std::uint8_t, std::uint8_t, std::uint16_t,
                   std::uint16_t, std::uint32_t, std::uint8_t>;
    static SaKey key(const State& s);
    static SaKey key(const StateId& id);
    static PolicyKey key(const Selector& sel, std::uint8_t dir, std::optional<Mark> mark,
                         std::optional<std::uint8_t> ptype);

    std::map<SaKey, State> m_states;
    std::set<SaKey> m_larval; // SPIs from alloc_spi not yet filled by update_sa
    std::map<PolicyKey, Policy> m_policies;
    std::vector<std::string> m_calls;
    std::uint32_t m_next_index = 8;
};

} // namespace ipxf
