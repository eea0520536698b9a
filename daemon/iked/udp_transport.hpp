// SPDX-License-Identifier: GPL-2.0-or-later
// UdpTransport: iked's IKE sockets. UDP 500 and 4500 (RFC 7296 section 2.23,
// RFC 3948), IPv4 and IPv6, with what a charon-compatible daemon needs:
// - the local address of every received datagram (IP_PKTINFO/IPV6_RECVPKTINFO)
//   and datagrams sent from the address the peer talked to;
// - on the NAT-T port the 4-byte non-ESP marker taken off on receive and put
//   on send, NAT keepalives (a single 0xff byte) dropped, and UDP_ENCAP set so
//   the kernel itself decapsulates ESP-in-UDP on that socket;
// - per-socket bypass policies (IP_XFRM_POLICY), so that IKE traffic is never
//   caught by the SAs and policies iked installs (a host-to-host transport
//   policy covers UDP 500 too).
#pragma once

#include "common/result.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iked {

using ipsec::Error;
using ipsec::Result;

struct Endpoint {
    bool v6 = false;
    std::array<std::uint8_t, 16> addr{}; // IPv4 in the first 4 bytes
    std::uint16_t port = 0;

    static Result<Endpoint> parse(const std::string& address, std::uint16_t port);
    std::string address() const;   // "192.168.27.128", "2001:db8::1"
    std::string to_string() const; // "192.168.27.128[500]", charon's notation
    bool operator==(const Endpoint&) const = default;
};

struct Datagram {
    Endpoint local;
    Endpoint remote;
    std::vector<std::uint8_t> data; // the IKE message, without a non-ESP marker
};

class UdpTransport {
public:
    struct Options {
        std::uint16_t ike_port = 500;
        std::uint16_t natt_port = 4500;
        bool ipv4 = true;
        bool ipv6 = true;
        // Per-socket IPsec bypass; needs CAP_NET_ADMIN (iked runs as root).
        bool bypass_policy = true;
    };

    static Result<UdpTransport> open(const Options& options);

    UdpTransport(UdpTransport&& other) noexcept;
    UdpTransport& operator=(UdpTransport&& other) noexcept;
    UdpTransport(const UdpTransport&) = delete;
    UdpTransport& operator=(const UdpTransport&) = delete;
    ~UdpTransport();

    // The sockets, for poll(): every one is non-blocking.
    std::vector<int> fds() const;

    // One datagram from `fd` if there is one; std::nullopt when nothing is
    // waiting or what came was not IKE (a keepalive, a stray ESP packet).
    Result<std::optional<Datagram>> receive(int fd);

    // Sends from d.local (address and port: 500 or the NAT-T port) to d.remote.
    Result<void> send(const Datagram& d);

    std::uint16_t ike_port() const { return m_options.ike_port; }
    std::uint16_t natt_port() const { return m_options.natt_port; }

private:
    struct Socket {
        int fd = -1;
        bool v6 = false;
        bool natt = false;
    };
    explicit UdpTransport(Options options) : m_options(options) {}
    Result<void> add_socket(bool v6, bool natt);
    const Socket* find(int fd) const;
    void close_all();

    Options m_options;
    std::vector<Socket> m_sockets;
};

} // namespace iked
