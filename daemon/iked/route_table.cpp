// SPDX-License-Identifier: GPL-2.0-or-later
#include "route_table.hpp"

#include "conn_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace iked {

using ipsec::Error;
using ipsec::Result;

namespace {

std::size_t addr_len(std::uint16_t family) {
    return family == AF_INET6 ? 16 : 4;
}

// A netlink request under construction: the header, a fixed part, attributes.
class Message {
public:
    Message(std::uint16_t type, std::uint16_t flags, const void* body, std::size_t len) {
        m_buf.resize(NLMSG_LENGTH(len));
        auto* h = header();
        h->nlmsg_type = type;
        h->nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
        std::memcpy(NLMSG_DATA(h), body, len);
        align();
    }
    void attr(std::uint16_t type, const void* data, std::size_t len) {
        const std::size_t at = m_buf.size();
        m_buf.resize(at + RTA_SPACE(len));
        rtattr a{};
        a.rta_type = type;
        a.rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
        std::memcpy(m_buf.data() + at, &a, sizeof(a));
        std::memcpy(m_buf.data() + at + RTA_LENGTH(0), data, len);
        align();
    }
    void attr(std::uint16_t type, std::uint32_t value) { attr(type, &value, sizeof(value)); }
    void attr(std::uint16_t type, const ipxf::Address& a) {
        attr(type, a.bytes.data(), addr_len(a.family));
    }
    std::vector<std::uint8_t>& bytes() { return m_buf; }

private:
    nlmsghdr* header() { return reinterpret_cast<nlmsghdr*>(m_buf.data()); }
    void align() {
        m_buf.resize(NLMSG_ALIGN(m_buf.size()));
        header()->nlmsg_len = static_cast<std::uint32_t>(m_buf.size());
    }
    std::vector<std::uint8_t> m_buf;
};

bool in_subnet(const ipxf::Address& a, const ipxf::Address& net, std::uint8_t prefix) {
    if (a.family != net.family)
        return false;
    for (std::size_t i = 0; i < addr_len(a.family) && prefix > 0; ++i) {
        const unsigned bits = prefix >= 8 ? 8 : prefix;
        const auto mask = static_cast<std::uint8_t>(0xff00u >> bits);
        if ((a.bytes[i] & mask) != (net.bytes[i] & mask))
            return false;
        prefix = static_cast<std::uint8_t>(prefix - bits);
    }
    return true;
}

std::string route_text(const RouteTable::Route& r) {
    std::string s = r.dst.to_string() + "/" + std::to_string(r.prefix);
    if (!r.gateway.is_zero())
        s += " via " + r.gateway.to_string();
    return s + " src " + r.src.to_string() + " table " + std::to_string(RouteTable::table);
}

} // namespace

std::optional<ipxf::Address> local_address_in(const ipxf::Address& net, std::uint8_t prefix) {
    for (const auto& a : local_addresses())
        if (in_subnet(a, net, prefix))
            return a;
    return std::nullopt;
}

Result<RouteTable> RouteTable::open() {
    const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return Error::os(errno, "cannot open a NETLINK_ROUTE socket");
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
        const int e = errno;
        ::close(fd);
        return Error::os(e, "cannot bind the NETLINK_ROUTE socket");
    }
    return RouteTable(fd);
}

RouteTable::RouteTable(RouteTable&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_seq(other.m_seq), m_routes(std::move(other.m_routes)),
      m_rules(std::move(other.m_rules)) {}

RouteTable::~RouteTable() {
    if (m_fd >= 0)
        ::close(m_fd);
}

// Sends one request and reads up to its ACK.
Result<void> RouteTable::request(std::vector<std::uint8_t>& msg, const std::string& what) {
    return transact(msg, what, nullptr);
}

// request(), and every other message the kernel answers with (RTM_NEWROUTE
// for RTM_GETROUTE) goes to `answer`.
Result<void> RouteTable::transact(std::vector<std::uint8_t>& msg, const std::string& what,
                                  const std::function<void(const nlmsghdr&)>& answer) {
    auto* h = reinterpret_cast<nlmsghdr*>(msg.data());
    h->nlmsg_seq = ++m_seq;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(m_fd, msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&kernel),
                 sizeof(kernel)) < 0)
        return Error::os(errno, what);
    std::vector<std::uint8_t> buf(16384);
    for (;;) {
        const ssize_t n = ::recv(m_fd, buf.data(), buf.size(), 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Error::os(errno, what);
        }
        auto left = static_cast<int>(n);
        for (auto* r = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(r, left);
             r = NLMSG_NEXT(r, left)) {
            if (r->nlmsg_seq != m_seq)
                continue;
            if (r->nlmsg_type == NLMSG_ERROR) {
                const auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(r));
                if (e->error != 0)
                    return Error::os(-e->error, what);
                return ipsec::success();
            }
            if (answer)
                answer(*r);
        }
    }
}

Result<void> RouteTable::next_hop(const ipxf::Address& peer, Route& route) {
    rtmsg rt{};
    rt.rtm_family = static_cast<unsigned char>(peer.family);
    rt.rtm_dst_len = static_cast<unsigned char>(addr_len(peer.family) * 8);
    Message m(RTM_GETROUTE, 0, &rt, sizeof(rt));
    m.attr(RTA_DST, peer);
    bool found = false;
    auto r =
        transact(m.bytes(), "looking up the route to " + peer.to_string(), [&](const nlmsghdr& h) {
            if (h.nlmsg_type != RTM_NEWROUTE)
                return;
            const auto* msg = static_cast<const rtmsg*>(NLMSG_DATA(&h));
            int len = static_cast<int>(RTM_PAYLOAD(&h));
            for (const rtattr* a = RTM_RTA(msg); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                if (a->rta_type == RTA_OIF) {
                    std::memcpy(&route.oif, RTA_DATA(a), sizeof(route.oif));
                    found = true;
                } else if (a->rta_type == RTA_GATEWAY && RTA_PAYLOAD(a) == addr_len(peer.family)) {
                    route.gateway.family = peer.family;
                    std::memcpy(route.gateway.bytes.data(), RTA_DATA(a), RTA_PAYLOAD(a));
                }
            }
        });
    if (!r)
        return r;
    if (!found)
        return Error::plain("no route to " + peer.to_string());
    return ipsec::success();
}

Result<void> RouteTable::rule(std::uint16_t family, bool add) {
    fib_rule_hdr frh{};
    frh.family = static_cast<std::uint8_t>(family);
    frh.table = table;
    frh.action = FR_ACT_TO_TBL;
    Message m(add ? RTM_NEWRULE : RTM_DELRULE, add ? NLM_F_CREATE | NLM_F_EXCL : 0, &frh,
              sizeof(frh));
    m.attr(FRA_PRIORITY, rule_priority);
    m.attr(FRA_TABLE, std::uint32_t{table});
    return request(m.bytes(), std::string(add ? "adding" : "deleting") + " the rule for table " +
                                  std::to_string(table));
}

Result<void> RouteTable::route(const Route& r, bool add) {
    rtmsg rt{};
    rt.rtm_family = static_cast<unsigned char>(r.dst.family);
    rt.rtm_dst_len = r.prefix;
    rt.rtm_table = table;
    rt.rtm_protocol = RTPROT_STATIC;
    rt.rtm_scope = RT_SCOPE_UNIVERSE;
    rt.rtm_type = RTN_UNICAST;
    Message m(add ? RTM_NEWROUTE : RTM_DELROUTE, add ? NLM_F_CREATE | NLM_F_REPLACE : 0, &rt,
              sizeof(rt));
    m.attr(RTA_DST, r.dst);
    if (add) {
        if (!r.gateway.is_zero())
            m.attr(RTA_GATEWAY, r.gateway);
        m.attr(RTA_OIF, static_cast<std::uint32_t>(r.oif));
        m.attr(RTA_PREFSRC, r.src);
    }
    return request(m.bytes(),
                   std::string(add ? "adding" : "deleting") + " the route " + route_text(r));
}

Result<RouteTable::Route> RouteTable::add(const ipxf::Address& dst, std::uint8_t prefix,
                                          const ipxf::Address& peer, const ipxf::Address& src) {
    for (auto& e : m_routes)
        if (e.route.dst == dst && e.route.prefix == prefix) {
            ++e.refs;
            return e.route;
        }
    Route r;
    r.dst = dst;
    r.prefix = prefix;
    r.src = src;
    if (auto hop = next_hop(peer, r); !hop)
        return hop.error();
    if (r.gateway.family != dst.family)
        r.gateway = {}; // a v6 subnet through a v4 tunnel: a route on the link
    if (std::find(m_rules.begin(), m_rules.end(), dst.family) == m_rules.end()) {
        auto added = rule(dst.family, true);
        if (!added && added.error().code != EEXIST)
            return added.error();
        if (added)
            m_rules.push_back(dst.family);
    }
    if (auto added = route(r, true); !added)
        return added.error();
    m_routes.push_back({r, 1});
    return r;
}

Result<void> RouteTable::del(const ipxf::Address& dst, std::uint8_t prefix) {
    auto it = std::find_if(m_routes.begin(), m_routes.end(), [&](const Entry& e) {
        return e.route.dst == dst && e.route.prefix == prefix;
    });
    if (it == m_routes.end())
        return ipsec::success();
    if (--it->refs > 0)
        return ipsec::success();
    const Route r = it->route;
    m_routes.erase(it);
    return route(r, false);
}

bool RouteTable::has(const ipxf::Address& dst, std::uint8_t prefix) const {
    return std::any_of(m_routes.begin(), m_routes.end(), [&](const Entry& e) {
        return e.route.dst == dst && e.route.prefix == prefix;
    });
}

bool RouteTable::remove_leftover(const ipxf::Address& dst, std::uint8_t prefix) {
    Route r;
    r.dst = dst;
    r.prefix = prefix;
    bool removed = route(r, false).ok();
    (void)rule(dst.family, false);
    return removed;
}

std::size_t RouteTable::remove_all() {
    const std::size_t n = m_routes.size();
    for (const auto& e : m_routes)
        (void)route(e.route, false);
    m_routes.clear();
    for (auto family : m_rules)
        (void)rule(family, false);
    m_rules.clear();
    return n;
}

} // namespace iked
