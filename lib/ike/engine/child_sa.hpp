// SPDX-License-Identifier: GPL-2.0-or-later
// A CHILD_SA: the pair of ESP SAs one negotiation produced, their keys and
// traffic selectors, and where it is in its life.
#pragma once

#include "ike/crypto/key_schedule.hpp"
#include "ike/crypto/proposal.hpp"
#include "ike/engine/config.hpp"
#include "ike/engine/states.hpp"
#include "ike/engine/time.hpp"
#include "ike/engine/traffic_selector.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipsec::ike::engine {

class EngineCore;

struct ChildSa {
    std::uint32_t unique_id = 0;
    std::uint32_t reqid = 0;
    ChildConfig config;
    // Changed only through EngineCore::set_state (the transition guard).
    ChildState state() const { return m_state; }
    ChildMode mode = ChildMode::tunnel;
    std::uint32_t inbound_spi = 0;  // ours, allocated in the kernel
    std::uint32_t outbound_spi = 0; // the peer's
    ::ipsec::ike::crypto::Proposal proposal;
    ::ipsec::ike::crypto::ChildSuite suite;
    ::ipsec::ike::crypto::ChildSaKeys keys;
    // We sent the request that created it: our outbound SA uses the "_i" keys.
    bool initiator = false;
    std::vector<TsRange> local_ts;
    std::vector<TsRange> remote_ts;
    bool inbound_installed = false;
    bool outbound_installed = false;
    bool owns_policies = false; // a rekeyed CHILD_SA hands its policies to the new one
    bool replaced = false;      // a rekey made its successor (its delete is no "down")
    bool encap = false;         // ESP in UDP (a NAT was detected)
    std::optional<Time> rekey_at;
    std::optional<Time> expire_at;
    // When it is rekeyed (the kernel's soft limits, from the lifetimes less the
    // margins and a random part of them, rekeyfuzz=); chosen once, on install.
    struct Soft {
        std::chrono::seconds time{0};
        std::uint64_t bytes = 0;   // 0: no limit
        std::uint64_t packets = 0; // 0: no limit
    };
    std::optional<Soft> soft;

    // "host-host{1}", as charon logs it.
    std::string name() const { return config.name + "{" + std::to_string(unique_id) + "}"; }

private:
    friend class EngineCore;
    ChildState m_state = ChildState::created;
};

} // namespace ipsec::ike::engine
