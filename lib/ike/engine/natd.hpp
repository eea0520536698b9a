// SPDX-License-Identifier: GPL-2.0-or-later
// NAT detection (RFC 7296 section 2.23): the NAT_DETECTION_SOURCE_IP and
// NAT_DETECTION_DESTINATION_IP notify data, SHA-1(SPIi | SPIr | IP | port), and
// the check of the peer's against the addresses the datagram really had.
#pragma once

#include "ike/crypto/rng.hpp"
#include "ike/engine/endpoint.hpp"
#include "ike/wire/payloads.hpp"

#include <cstdint>
#include <vector>

namespace ipsec::ike::engine {

wire::Bytes natd_hash(std::uint64_t spi_i, std::uint64_t spi_r, const Endpoint& endpoint);

// The two notifies a message from `local` to `remote` carries.
// With `fake_source` (forceencaps=yes, as charon does it) the source notify
// carries 20 random octets from it instead of the hash: the peer then sees a
// NAT in front of us and both ends encapsulate ESP in UDP.
std::vector<wire::Payload> natd_payloads(std::uint64_t spi_i, std::uint64_t spi_r,
                                         const Endpoint& local, const Endpoint& remote,
                                         ::ipsec::ike::crypto::Rng* fake_source = nullptr);

struct NatdResult {
    bool present = false;       // the peer sent NAT detection payloads
    bool local_behind = false;  // our address was changed on the way
    bool remote_behind = false; // the peer's address was changed on the way
    bool faked = false;         // forceencaps=yes: we made the peer see a NAT
    // UDP encapsulation (ESP in UDP on port 4500) for the CHILD_SAs.
    bool any() const { return local_behind || remote_behind || faked; }
};

// `local`/`remote` as the datagram arrived here.
NatdResult check_natd(const std::vector<wire::Payload>& payloads, std::uint64_t spi_i,
                      std::uint64_t spi_r, const Endpoint& local, const Endpoint& remote);

} // namespace ipsec::ike::engine
