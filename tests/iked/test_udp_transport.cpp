// SPDX-License-Identifier: GPL-2.0-or-later
// iked's IKE sockets on the real kernel, in a network namespace of the test's
// own (meson runs it under `unshare -n` with lo up): datagrams with the local
// address, the non-ESP marker on the NAT-T port, keepalives dropped, and the
// per-socket bypass that lets IKE through a policy that blocks everything else.
#include "udp_transport.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using iked::Datagram;
using iked::Endpoint;
using iked::UdpTransport;

namespace {

UdpTransport open_transport(std::uint16_t ike, std::uint16_t natt) {
    UdpTransport::Options o;
    o.ike_port = ike;
    o.natt_port = natt;
    auto t = UdpTransport::open(o);
    if (!t)
        FAIL("cannot open the transport: " << t.error().to_string());
    return std::move(*t);
}

// Waits up to 2 s for a datagram on any socket of `t`.
std::optional<Datagram> wait_datagram(UdpTransport& t) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
        std::vector<pollfd> pfds;
        for (int fd : t.fds())
            pfds.push_back(pollfd{fd, POLLIN, 0});
        if (::poll(pfds.data(), pfds.size(), 100) <= 0)
            continue;
        for (const pollfd& p : pfds) {
            if (!(p.revents & POLLIN))
                continue;
            auto r = t.receive(p.fd);
            REQUIRE(r.ok());
            if (*r)
                return **r;
        }
    }
    return std::nullopt;
}

Endpoint ep(const char* a, std::uint16_t port) {
    auto e = Endpoint::parse(a, port);
    REQUIRE(e.ok());
    return *e;
}

struct PlainSocket {
    int fd = -1;
    explicit PlainSocket(std::uint16_t port) {
        fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(port);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) == 0);
        timeval tv{2, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
    ~PlainSocket() { ::close(fd); }
    ssize_t send_to(std::uint16_t port, const std::vector<std::uint8_t>& data) const {
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(port);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return ::sendto(fd, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&sin),
                        sizeof(sin));
    }
    std::vector<std::uint8_t> receive() const {
        std::vector<std::uint8_t> buf(2048);
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        buf.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        return buf;
    }
};

const std::vector<std::uint8_t> kMessage = {
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x21, 0x20, 0x22, 0x08, 0,    0,    0,    0,    0,    0,    0,    28};

} // namespace

TEST_CASE("Endpoint parses and prints IPv4 and IPv6 like charon") {
    CHECK(ep("192.168.27.128", 500).to_string() == "192.168.27.128[500]");
    CHECK(ep("2001:db8::1", 4500).to_string() == "2001:db8::1[4500]");
    CHECK(ep("2001:db8::1", 4500).v6);
    auto bad = Endpoint::parse("192.168.27", 500);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "\"192.168.27\" is not an IPv4 or IPv6 address");
}

TEST_CASE("IKE datagrams between two transports carry their local and remote endpoints") {
    UdpTransport a = open_transport(500, 4500);
    UdpTransport b = open_transport(10500, 14500);
    REQUIRE(a.send(Datagram{ep("127.0.0.1", 500), ep("127.0.0.1", 10500), kMessage}).ok());
    auto got = wait_datagram(b);
    REQUIRE(got);
    CHECK(got->data == kMessage);
    CHECK(got->local == ep("127.0.0.1", 10500));
    CHECK(got->remote == ep("127.0.0.1", 500));

    // From the NAT-T port: the receiver sees the message without the marker.
    REQUIRE(a.send(Datagram{ep("127.0.0.1", 4500), ep("127.0.0.1", 14500), kMessage}).ok());
    got = wait_datagram(b);
    REQUIRE(got);
    CHECK(got->data == kMessage);
    CHECK(got->local.port == 14500);
    CHECK(got->remote.port == 4500);
}

TEST_CASE("The NAT-T port puts the non-ESP marker on the wire and drops keepalives") {
    UdpTransport a = open_transport(500, 4500);
    PlainSocket raw(9999);
    REQUIRE(a.send(Datagram{ep("127.0.0.1", 4500), ep("127.0.0.1", 9999), kMessage}).ok());
    auto wire = raw.receive();
    REQUIRE(wire.size() == kMessage.size() + 4);
    CHECK(std::vector<std::uint8_t>(wire.begin(), wire.begin() + 4) ==
          std::vector<std::uint8_t>{0, 0, 0, 0});

    REQUIRE(raw.send_to(4500, {0xff}) == 1); // a NAT keepalive
    std::vector<std::uint8_t> marked = {0, 0, 0, 0};
    marked.insert(marked.end(), kMessage.begin(), kMessage.end());
    REQUIRE(raw.send_to(4500, marked) == static_cast<ssize_t>(marked.size()));
    auto got = wait_datagram(a);
    REQUIRE(got); // the keepalive was skipped, the IKE message arrived
    CHECK(got->data == kMessage);
    CHECK(got->remote.port == 9999);
}

TEST_CASE("Sending from a port that is not iked's, or across families, is an error") {
    UdpTransport a = open_transport(500, 4500);
    auto r = a.send(Datagram{ep("127.0.0.1", 501), ep("127.0.0.1", 10500), kMessage});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "cannot send from port 501: iked's ports are 500 and 4500");
    r = a.send(Datagram{ep("127.0.0.1", 500), ep("::1", 10500), kMessage});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("the address families differ") != std::string::npos);
}

TEST_CASE("A second daemon on the same ports is told what is in the way") {
    UdpTransport a = open_transport(500, 4500);
    UdpTransport::Options o;
    auto b = UdpTransport::open(o);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().code == EADDRINUSE);
    CHECK(b.error().detail.value_or("") == "is another IKE daemon (charon) running?");
}

TEST_CASE("IKE passes a policy that blocks all other traffic (per-socket bypass)") {
    UdpTransport a = open_transport(500, 4500);
    UdpTransport b = open_transport(10500, 14500);
    PlainSocket raw(9998);
    REQUIRE(std::system("ip xfrm policy add src 127.0.0.1/32 dst 127.0.0.1/32 dir out "
                        "action block") == 0);
    // A plain socket is now blocked by the policy ...
    CHECK(raw.send_to(10500, kMessage) < 0);
    // ... iked's sockets are not.
    REQUIRE(a.send(Datagram{ep("127.0.0.1", 500), ep("127.0.0.1", 10500), kMessage}).ok());
    auto got = wait_datagram(b);
    CHECK(got.has_value());
    REQUIRE(std::system("ip xfrm policy flush") == 0);
}
