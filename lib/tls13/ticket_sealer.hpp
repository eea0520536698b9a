// SPDX-License-Identifier: GPL-2.0-or-later
// Self-encrypted session tickets of the server (RFC 8446 section 4.6.1 leaves
// the format to the server): the resumption state sealed with AES-256-GCM
// under a key that never leaves the process, and the single-use register that
// refuses a ticket seen before (0-RTT replay protection, RFC 8446 section 8.1).
#pragma once

#include "tls13/wire.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace Botan {
class RandomNumberGenerator;
}

namespace tls13 {

struct TicketState {
    uint16_t cipher_suite = 0;
    Bytes psk;
    int64_t created_ms = 0;
    uint32_t age_add = 0;
    uint32_t lifetime = 0;
    uint32_t max_early_data = 0;
    std::string alpn;
};

class TicketSealer {
public:
    explicit TicketSealer(Botan::RandomNumberGenerator& rng);
    Bytes seal(const TicketState& state, Botan::RandomNumberGenerator& rng) const;
    // nullopt for a ticket this sealer did not make (or a damaged one).
    std::optional<TicketState> open(ByteView ticket) const;
    // True the first time a ticket is presented, false after (single use).
    // Safe to call from several connections' threads at once.
    bool first_use(ByteView ticket);

private:
    Bytes m_key;
    std::mutex m_used_mutex;
    std::set<Bytes> m_used;
};

} // namespace tls13
