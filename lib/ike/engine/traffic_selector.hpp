// SPDX-License-Identifier: GPL-2.0-or-later
// Traffic selectors: as configured (leftsubnet/rightsubnet, protocol and ports),
// as an address range (RFC 7296 section 3.13.1), narrowed by a responder
// (section 2.9), and as the subnets the kernel's policies take.
#pragma once

#include "ike/wire/payloads.hpp"
#include "xfrm/model.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace ipsec::ike::engine {

struct Subnet {
    ipxf::Address address;
    std::uint8_t prefix = 32;

    // "10.1.0.0/16", "192.168.27.128" (a host), "2001:db8::/32".
    static std::optional<Subnet> parse(const std::string& text);
    static Subnet host(const ipxf::Address& address);
    std::string to_string() const;
    bool operator==(const Subnet&) const = default;
};

// One configured selector: a subnet with an optional protocol and port range.
struct TrafficSelectorConfig {
    Subnet subnet;
    std::uint8_t protocol = 0; // 0: any
    std::uint16_t start_port = 0;
    std::uint16_t end_port = 65535;
    bool operator==(const TrafficSelectorConfig&) const = default;
};

// A selector as IKE carries it: an inclusive address range.
struct TsRange {
    std::uint16_t family = 0;
    std::array<std::uint8_t, 16> start{};
    std::array<std::uint8_t, 16> end{};
    std::uint8_t protocol = 0;
    std::uint16_t start_port = 0;
    std::uint16_t end_port = 65535;

    static TsRange from_config(const TrafficSelectorConfig& config);
    // Addresses only (any protocol and port): "10.1.0.0/16", "192.0.2.7" (a
    // host), or the range "10.1.0.5-10.1.0.9" (right= of a responder).
    static std::optional<TsRange> parse_addresses(const std::string& text);
    bool contains(const ipxf::Address& address) const;
    static std::optional<TsRange> from_wire(const wire::TrafficSelector& ts);
    wire::TrafficSelector to_wire() const;
    // The smallest set of subnets covering exactly the range.
    std::vector<Subnet> subnets() const;
    // "10.1.0.0/16", "192.168.27.128/32[udp/500]", "10.0.0.1..10.0.0.9".
    std::string to_string() const;
    bool operator==(const TsRange&) const = default;
};

// The part of both ranges (same family, overlapping addresses, protocols and ports).
std::optional<TsRange> intersect(const TsRange& a, const TsRange& b);

// What a responder accepts of the received selectors: every non-empty
// intersection of a received selector with a configured one, without duplicates.
std::vector<TsRange> narrow(const std::vector<TsRange>& configured,
                            const std::vector<TsRange>& received);

// Whether every selector of `inner` lies inside one of `outer` (the initiator's
// check of the responder's narrowed answer).
bool covered(const std::vector<TsRange>& inner, const std::vector<TsRange>& outer);

// "a, b" for logs.
std::string to_string(const std::vector<TsRange>& list);

} // namespace ipsec::ike::engine
