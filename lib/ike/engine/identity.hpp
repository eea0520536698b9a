// SPDX-License-Identifier: GPL-2.0-or-later
// An IKE identity (RFC 7296 section 3.5) as configured: leftid/rightid.
#pragma once

#include "ike/wire/payloads.hpp"
#include "xfrm/model.hpp"

#include <optional>
#include <string>

namespace ipsec::ike::engine {

struct Identity {
    enum class Kind { ipv4, ipv6, fqdn, user_fqdn, key_id };
    Kind kind = Kind::ipv4;
    std::string value; // "192.168.27.128", "gw.example.org", "alice@example.org", key id octets

    static Identity from_address(const ipxf::Address& address);
    static Identity fqdn(std::string name) { return {Kind::fqdn, std::move(name)}; }
    static Identity user_fqdn(std::string name) { return {Kind::user_fqdn, std::move(name)}; }
    static Identity key_id(std::string id) { return {Kind::key_id, std::move(id)}; }

    wire::IdType id_type() const;
    // The ID payload's identification data.
    wire::Bytes data() const;
    // From a received ID payload; nullopt for types we do not take (DN, ...).
    static std::optional<Identity> from_wire(wire::IdType type, const wire::Bytes& data);

    bool operator==(const Identity&) const = default;
    std::string to_string() const { return value; }
};

// How well a configured identity (leftid/rightid) matches a received one, by
// charon's rules: 0 no match; 1 any identity (none configured: %any);
// 2 a wildcard ("*.example.org", "*@example.org" match names ending so);
// 3 equal (names compared without case).
int match_identity(const std::optional<Identity>& configured, const Identity& received);

} // namespace ipsec::ike::engine
