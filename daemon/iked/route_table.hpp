// SPDX-License-Identifier: GPL-2.0-or-later
// RouteTable: the routes iked adds for tunnel-mode CHILD_SAs, as charon does
// with install_routes=yes: the remote subnet is routed in table 220 (looked up
// by a rule of priority 220 that iked adds per address family) through the next
// hop towards the remote gateway, with this host's address inside the local
// subnet as the preferred source, so that the gateway's own traffic to the
// remote subnet leaves from an address the policies cover. Where this host has
// no address in the local subnet, iked adds no route at all (not compared with
// charon yet). Everything added is taken back by remove_all().
#pragma once

#include "common/result.hpp"
#include "xfrm/model.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

struct nlmsghdr;

namespace iked {

class RouteTable {
public:
    static constexpr std::uint8_t table = 220;
    static constexpr std::uint32_t rule_priority = 220;

    static ipsec::Result<RouteTable> open();
    RouteTable(RouteTable&& other) noexcept;
    RouteTable& operator=(RouteTable&&) = delete;
    RouteTable(const RouteTable&) = delete;
    ~RouteTable();

    struct Route {
        ipxf::Address dst; // the remote subnet
        std::uint8_t prefix = 0;
        ipxf::Address src;     // this host's address in the local subnet
        ipxf::Address gateway; // the next hop towards the remote gateway (zero: on link)
        int oif = 0;
        bool operator==(const Route&) const = default;
    };

    // The route to `dst`/`prefix` by way of the remote gateway `peer`, from
    // `src`; counted, so that two CHILD_SAs of the same subnet share it.
    ipsec::Result<Route> add(const ipxf::Address& dst, std::uint8_t prefix,
                             const ipxf::Address& peer, const ipxf::Address& src);
    // Drops one reference; the route goes when the last one does.
    ipsec::Result<void> del(const ipxf::Address& dst, std::uint8_t prefix);
    // Removes every route and rule added; returns how many routes there were.
    std::size_t remove_all();
    // Whether a route to `dst`/`prefix` is installed (with references left).
    bool has(const ipxf::Address& dst, std::uint8_t prefix) const;
    // Removes a route to `dst`/`prefix` and the rule of its family that an
    // earlier iked left behind (see kernel_journal.hpp); true when the route was there.
    bool remove_leftover(const ipxf::Address& dst, std::uint8_t prefix);

private:
    explicit RouteTable(int fd) : m_fd(fd) {}
    ipsec::Result<void> request(std::vector<std::uint8_t>& msg, const std::string& what);
    ipsec::Result<void> transact(std::vector<std::uint8_t>& msg, const std::string& what,
                                 const std::function<void(const nlmsghdr&)>& answer);
    ipsec::Result<void> next_hop(const ipxf::Address& peer, Route& route);
    ipsec::Result<void> rule(std::uint16_t family, bool add);
    ipsec::Result<void> route(const Route& r, bool add);

    struct Entry {
        Route route;
        int refs = 0;
    };
    int m_fd = -1;
    std::uint32_t m_seq = 0;
    std::vector<Entry> m_routes;
    std::vector<std::uint16_t> m_rules; // families with our rule
};

// This host's address inside `net`/`prefix`, if it has one.
std::optional<ipxf::Address> local_address_in(const ipxf::Address& net, std::uint8_t prefix);

} // namespace iked
