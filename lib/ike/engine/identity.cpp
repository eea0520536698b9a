// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/identity.hpp"

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

} // namespace ipsec::ike::engine
