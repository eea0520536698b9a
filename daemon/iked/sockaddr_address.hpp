// SPDX-License-Identifier: GPL-2.0-or-later
// The address of an AF_INET or AF_INET6 socket address (getifaddrs,
// getaddrinfo, getsockname), or nullopt for another family or none.
#pragma once

#include "xfrm/model.hpp"

#include <cstring>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>

namespace iked {

inline std::optional<ipxf::Address> address_of(const sockaddr* sa) {
    if (!sa)
        return std::nullopt;
    ipxf::Address a;
    a.family = sa->sa_family;
    if (sa->sa_family == AF_INET)
        std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, 4);
    else if (sa->sa_family == AF_INET6)
        std::memcpy(a.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, 16);
    else
        return std::nullopt;
    return a;
}

} // namespace iked
