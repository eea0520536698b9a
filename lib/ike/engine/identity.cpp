// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/identity.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <sys/socket.h>

namespace ipsec::ike::engine {

Identity Identity::from_address(const ipxf::Address& address) {
    return {address.family == AF_INET6 ? Kind::ipv6 : Kind::ipv4, address.to_string()};
}

wire::IdType Identity::id_type() const {
    switch (kind) {
    case Kind::ipv4:
        return wire::IdType::ipv4_addr;
    case Kind::ipv6:
        return wire::IdType::ipv6_addr;
    case Kind::fqdn:
        return wire::IdType::fqdn;
    case Kind::user_fqdn:
        return wire::IdType::rfc822_addr;
    case Kind::key_id:
        break;
    }
    return wire::IdType::key_id;
}

wire::Bytes Identity::data() const {
    if (kind == Kind::ipv4 || kind == Kind::ipv6) {
        auto address = ipxf::Address::parse(value);
        std::size_t size = kind == Kind::ipv4 ? 4 : 16;
        if (address)
            return wire::Bytes(address->bytes.begin(), address->bytes.begin() + size);
        return wire::Bytes(size, 0);
    }
    return wire::Bytes(value.begin(), value.end());
}

std::optional<Identity> Identity::from_wire(wire::IdType type, const wire::Bytes& data) {
    switch (type) {
    case wire::IdType::ipv4_addr:
    case wire::IdType::ipv6_addr: {
        bool v4 = type == wire::IdType::ipv4_addr;
        if (data.size() != (v4 ? 4u : 16u))
            return std::nullopt;
        ipxf::Address address;
        address.family = v4 ? AF_INET : AF_INET6;
        std::copy(data.begin(), data.end(), address.bytes.begin());
        return from_address(address);
    }
    case wire::IdType::fqdn:
        return fqdn(std::string(data.begin(), data.end()));
    case wire::IdType::rfc822_addr:
        return user_fqdn(std::string(data.begin(), data.end()));
    case wire::IdType::key_id:
        return key_id(std::string(data.begin(), data.end()));
    default:
        return std::nullopt;
    }
}

namespace {

bool equal_nocase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

int match_identity(const std::optional<Identity>& configured, const Identity& received) {
    if (!configured)
        return 1;
    if (configured->kind != received.kind)
        return 0;
    const bool name =
        received.kind == Identity::Kind::fqdn || received.kind == Identity::Kind::user_fqdn;
    if (!name)
        return configured->value == received.value ? 3 : 0;
    if (equal_nocase(configured->value, received.value))
        return 3;
    const std::string_view pattern = configured->value;
    if (pattern.starts_with('*')) {
        const std::string_view tail = pattern.substr(1);
        const std::string_view got = received.value;
        if (got.size() >= tail.size() && equal_nocase(got.substr(got.size() - tail.size()), tail))
            return 2;
    }
    return 0;
}

} // namespace ipsec::ike::engine
