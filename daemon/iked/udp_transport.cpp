// SPDX-License-Identifier: GPL-2.0-or-later
#include "udp_transport.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace iked {

namespace {

constexpr std::uint8_t kNonEspMarker[4] = {0, 0, 0, 0};
constexpr std::size_t kMaxDatagram = 65536;

} // namespace

// ---------------------------------------------------------------------------
// Endpoint

Result<Endpoint> Endpoint::parse(const std::string& address, std::uint16_t port) {
    Endpoint e;
    e.port = port;
    if (inet_pton(AF_INET, address.c_str(), e.addr.data()) == 1)
        return e;
    if (inet_pton(AF_INET6, address.c_str(), e.addr.data()) == 1) {
        e.v6 = true;
        return e;
    }
    return Error::plain("\"" + address + "\" is not an IPv4 or IPv6 address");
}

std::string Endpoint::address() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(v6 ? AF_INET6 : AF_INET, addr.data(), buf, sizeof(buf));
    return buf;
}

std::string Endpoint::to_string() const {
    return address() + "[" + std::to_string(port) + "]";
}

// ---------------------------------------------------------------------------
// UdpTransport

UdpTransport::UdpTransport(UdpTransport&& other) noexcept
    : m_options(other.m_options), m_sockets(std::move(other.m_sockets)) {
    other.m_sockets.clear();
}

UdpTransport& UdpTransport::operator=(UdpTransport&& other) noexcept {
    if (this != &other) {
        close_all();
        m_options = other.m_options;
        m_sockets = std::move(other.m_sockets);
        other.m_sockets.clear();
    }
    return *this;
}

UdpTransport::~UdpTransport() {
    close_all();
}

void UdpTransport::close_all() {
    for (const Socket& s : m_sockets)
        ::close(s.fd);
    m_sockets.clear();
}

Result<UdpTransport> UdpTransport::open(const Options& options) {
    if (!options.ipv4 && !options.ipv6)
        return Error::plain("no address family: enable IPv4 or IPv6");
    if (options.ike_port == options.natt_port)
        return Error::plain("the IKE port and the NAT-T port are both " +
                            std::to_string(options.ike_port));
    UdpTransport t(options);
    for (bool v6 : {false, true}) {
        if ((v6 && !options.ipv6) || (!v6 && !options.ipv4))
            continue;
        for (bool natt : {false, true}) {
            if (auto r = t.add_socket(v6, natt); !r) {
                // A machine without IPv6 still runs IKE over IPv4.
                if (v6 && r.error().code == EAFNOSUPPORT && options.ipv4)
                    break;
                return r.error();
            }
        }
    }
    return t;
}

Result<void> UdpTransport::add_socket(bool v6, bool natt) {
    const std::uint16_t port = natt ? m_options.natt_port : m_options.ike_port;
    const std::string what =
        std::string("UDP ") + (v6 ? "IPv6" : "IPv4") + " port " + std::to_string(port);
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error::os(errno, "cannot create the " + what + " socket");
    m_sockets.push_back(Socket{fd, v6, natt});

    const int one = 1;
    auto opt = [&](int level, int name, const void* value, socklen_t len,
                   const char* label) -> Result<void> {
        if (::setsockopt(fd, level, name, value, len) != 0)
            return Error::os(errno,
                             "cannot set " + std::string(label) + " on the " + what + " socket");
        return ipsec::success();
    };
    // No SO_REUSEADDR: with it a second daemon would bind the same UDP ports
    // and silently take part of the traffic.
    if (v6) {
        if (auto r = opt(IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one), "IPV6_V6ONLY"); !r)
            return r;
        if (auto r = opt(IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one), "IPV6_RECVPKTINFO"); !r)
            return r;
    } else {
        if (auto r = opt(IPPROTO_IP, IP_PKTINFO, &one, sizeof(one), "IP_PKTINFO"); !r)
            return r;
    }
    if (natt) {
        const int encap = UDP_ENCAP_ESPINUDP;
        if (auto r = opt(IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap), "UDP_ENCAP"); !r)
            return r;
    }
    if (m_options.bypass_policy) {
        for (int dir : {XFRM_POLICY_IN, XFRM_POLICY_OUT}) {
            xfrm_userpolicy_info pol{};
            pol.action = XFRM_POLICY_ALLOW;
            pol.sel.family = v6 ? AF_INET6 : AF_INET;
            pol.dir = static_cast<std::uint8_t>(dir);
            pol.lft.soft_byte_limit = XFRM_INF;
            pol.lft.hard_byte_limit = XFRM_INF;
            pol.lft.soft_packet_limit = XFRM_INF;
            pol.lft.hard_packet_limit = XFRM_INF;
            if (auto r = opt(v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_XFRM_POLICY : IP_XFRM_POLICY,
                             &pol, sizeof(pol), "the IPsec bypass policy");
                !r)
                return r;
        }
    }

    sockaddr_storage ss{};
    socklen_t len = 0;
    if (v6) {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        sin6->sin6_addr = in6addr_any;
        len = sizeof(sockaddr_in6);
    } else {
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        sin->sin_addr.s_addr = htonl(INADDR_ANY);
        len = sizeof(sockaddr_in);
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0)
        return Error::os(errno, "cannot bind the " + what + " socket",
                         errno == EADDRINUSE
                             ? std::optional<std::string>("is another IKE daemon (charon) running?")
                             : std::nullopt);
    return ipsec::success();
}

std::vector<int> UdpTransport::fds() const {
    std::vector<int> out;
    for (const Socket& s : m_sockets)
        out.push_back(s.fd);
    return out;
}

const UdpTransport::Socket* UdpTransport::find(int fd) const {
    for (const Socket& s : m_sockets)
        if (s.fd == fd)
            return &s;
    return nullptr;
}

Result<std::optional<Datagram>> UdpTransport::receive(int fd) {
    const Socket* s = find(fd);
    if (!s)
        return Error::plain("receive: " + std::to_string(fd) + " is not an IKE socket");
    std::vector<std::uint8_t> buf(kMaxDatagram);
    sockaddr_storage from{};
    alignas(cmsghdr) char control[256];
    iovec iov{buf.data(), buf.size()};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    const ssize_t n = ::recvmsg(fd, &msg, 0);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return std::optional<Datagram>();
        return Error::os(errno, "receiving on the IKE socket");
    }
    Datagram d;
    const std::uint16_t port = s->natt ? m_options.natt_port : m_options.ike_port;
    d.local.v6 = s->v6;
    d.local.port = port;
    d.remote.v6 = s->v6;
    if (s->v6) {
        const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&from);
        std::memcpy(d.remote.addr.data(), &sin6->sin6_addr, 16);
        d.remote.port = ntohs(sin6->sin6_port);
    } else {
        const auto* sin = reinterpret_cast<const sockaddr_in*>(&from);
        std::memcpy(d.remote.addr.data(), &sin->sin_addr, 4);
        d.remote.port = ntohs(sin->sin_port);
    }
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo pi{};
            std::memcpy(&pi, CMSG_DATA(c), sizeof(pi));
            std::memcpy(d.local.addr.data(), &pi.ipi_addr, 4);
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo pi{};
            std::memcpy(&pi, CMSG_DATA(c), sizeof(pi));
            std::memcpy(d.local.addr.data(), &pi.ipi6_addr, 16);
        }
    }
    std::size_t off = 0;
    const auto size = static_cast<std::size_t>(n);
    if (s->natt) {
        if (size == 1 && buf[0] == 0xff)
            return std::optional<Datagram>(); // NAT keepalive (RFC 3948 section 2.3)
        if (size < sizeof(kNonEspMarker) ||
            std::memcmp(buf.data(), kNonEspMarker, sizeof(kNonEspMarker)) != 0)
            return std::optional<Datagram>(); // ESP, the kernel's business
        off = sizeof(kNonEspMarker);
    }
    d.data.assign(buf.begin() + static_cast<std::ptrdiff_t>(off),
                  buf.begin() + static_cast<std::ptrdiff_t>(size));
    return std::optional<Datagram>(std::move(d));
}

Result<void> UdpTransport::send(const Datagram& d) {
    if (d.local.v6 != d.remote.v6)
        return Error::plain("cannot send from " + d.local.to_string() + " to " +
                            d.remote.to_string() + ": the address families differ");
    const bool natt = d.local.port == m_options.natt_port;
    if (!natt && d.local.port != m_options.ike_port)
        return Error::plain("cannot send from port " + std::to_string(d.local.port) +
                            ": iked's ports are " + std::to_string(m_options.ike_port) + " and " +
                            std::to_string(m_options.natt_port));
    const Socket* s = nullptr;
    for (const Socket& c : m_sockets)
        if (c.v6 == d.remote.v6 && c.natt == natt)
            s = &c;
    if (!s)
        return Error::plain(std::string("no ") + (d.remote.v6 ? "IPv6" : "IPv4") +
                            " IKE socket to send to " + d.remote.to_string());

    std::vector<std::uint8_t> out;
    const bool keepalive = d.data.size() == 1 && d.data[0] == 0xff; // RFC 3948 section 2.3
    if (natt && !keepalive)
        out.assign(std::begin(kNonEspMarker), std::end(kNonEspMarker));
    out.insert(out.end(), d.data.begin(), d.data.end());

    sockaddr_storage to{};
    socklen_t to_len = 0;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))] = {};
    msghdr msg{};
    iovec iov{out.data(), out.size()};
    msg.msg_name = &to;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    const bool any_local =
        std::all_of(d.local.addr.begin(), d.local.addr.end(), [](std::uint8_t b) { return !b; });
    if (d.remote.v6) {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&to);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(d.remote.port);
        std::memcpy(&sin6->sin6_addr, d.remote.addr.data(), 16);
        to_len = sizeof(sockaddr_in6);
        if (!any_local) {
            msg.msg_control = control;
            msg.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
            cmsghdr* c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = IPPROTO_IPV6;
            c->cmsg_type = IPV6_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
            in6_pktinfo pi{};
            std::memcpy(&pi.ipi6_addr, d.local.addr.data(), 16);
            std::memcpy(CMSG_DATA(c), &pi, sizeof(pi));
        }
    } else {
        auto* sin = reinterpret_cast<sockaddr_in*>(&to);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(d.remote.port);
        std::memcpy(&sin->sin_addr, d.remote.addr.data(), 4);
        to_len = sizeof(sockaddr_in);
        if (!any_local) {
            msg.msg_control = control;
            msg.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
            cmsghdr* c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = IPPROTO_IP;
            c->cmsg_type = IP_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
            in_pktinfo pi{};
            std::memcpy(&pi.ipi_spec_dst, d.local.addr.data(), 4);
            std::memcpy(CMSG_DATA(c), &pi, sizeof(pi));
        }
    }
    msg.msg_namelen = to_len;
    if (::sendmsg(s->fd, &msg, 0) < 0)
        return Error::os(errno, "sending " + std::to_string(d.data.size()) + " bytes from " +
                                    d.local.to_string() + " to " + d.remote.to_string());
    return ipsec::success();
}

} // namespace iked
