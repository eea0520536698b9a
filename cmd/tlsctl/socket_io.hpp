// SPDX-License-Identifier: GPL-2.0-or-later
// TCP for tlsctl: "host:port" parsing, connect and listen with TCP_NODELAY
// (a TLS flight goes out in one segment), whole-buffer sends.
#pragma once

#include "common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace tlsctl {

struct HostPort {
    std::string host;
    std::string port;
};

// "host:port", "[v6]:port", "port" or "host" (default port), as -connect/-accept take.
ipsec::Result<HostPort> parse_host_port(const std::string& text, const std::string& default_host,
                                        const std::string& default_port);

ipsec::Result<int> tcp_connect(const HostPort& where);
// Listens on host (empty: every address, IPv6 and IPv4) and port.
ipsec::Result<int> tcp_listen(const HostPort& where);

void set_nodelay(int fd);
// Sends everything; false when the peer is gone.
bool send_all(int fd, const uint8_t* data, size_t size);
// true when text is an IPv4 or IPv6 address (no SNI for those).
bool is_ip_literal(const std::string& text);

} // namespace tlsctl
