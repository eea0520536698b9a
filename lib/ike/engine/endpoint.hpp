// SPDX-License-Identifier: GPL-2.0-or-later
// One end of an IKE datagram: an IP address and a UDP port.
#pragma once

#include "xfrm/model.hpp"

#include <cstdint>
#include <string>

namespace ipsec::ike::engine {

inline constexpr std::uint16_t kIkePort = 500;
inline constexpr std::uint16_t kNattPort = 4500;

struct Endpoint {
    ipxf::Address address;
    std::uint16_t port = kIkePort;

    bool operator==(const Endpoint&) const = default;
    // "192.168.27.128[500]", as charon logs it.
    std::string to_string() const { return address.to_string() + "[" + std::to_string(port) + "]"; }
};

} // namespace ipsec::ike::engine
