// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/traffic_selector.hpp"

#include <algorithm>
#include <sys/socket.h>

namespace ipsec::ike::engine {

namespace {

using Octets = std::array<std::uint8_t, 16>;

std::size_t address_size(std::uint16_t family) {
    return family == AF_INET6 ? 16 : 4;
}

// Compare the first `size` octets.
int compare(const Octets& a, const Octets& b, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

Octets network_of(const Octets& address, std::uint8_t prefix, std::size_t size, bool ones) {
    Octets out = address;
    for (std::size_t bit = prefix; bit < size * 8; ++bit) {
        auto mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
        if (ones)
            out[bit / 8] |= mask;
        else
            out[bit / 8] &= static_cast<std::uint8_t>(~mask);
    }
    for (std::size_t i = size; i < out.size(); ++i)
        out[i] = 0;
    return out;
}

bool increment(Octets& a, std::size_t size) {
    for (std::size_t i = size; i-- > 0;) {
        if (++a[i] != 0)
            return true;
    }
    return false; // wrapped
}

std::string protocol_suffix(std::uint8_t protocol, std::uint16_t start, std::uint16_t end) {
    if (protocol == 0 && start == 0 && end == 65535)
        return {};
    std::string out = "[";
    switch (protocol) {
    case 0:
        break;
    case ipxf::ipproto::tcp:
        out += "tcp";
        break;
    case ipxf::ipproto::udp:
        out += "udp";
        break;
    case ipxf::ipproto::icmp:
        out += "icmp";
        break;
    default:
        out += std::to_string(protocol);
    }
    if (!(start == 0 && end == 65535)) {
        out += "/" + std::to_string(start);
        if (end != start)
            out += "-" + std::to_string(end);
    }
    return out + "]";
}

} // namespace

std::optional<Subnet> Subnet::parse(const std::string& text) {
    auto slash = text.find('/');
    auto address = ipxf::Address::parse(text.substr(0, slash));
    if (!address || address->family == 0)
        return std::nullopt;
    std::size_t max = address_size(address->family) * 8;
    std::size_t prefix = max;
    if (slash != std::string::npos) {
        std::string digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        prefix = std::stoul(digits);
        if (prefix > max)
            return std::nullopt;
    }
    Subnet out;
    out.address = *address;
    out.prefix = static_cast<std::uint8_t>(prefix);
    out.address.bytes =
        network_of(address->bytes, out.prefix, address_size(address->family), false);
    return out;
}

Subnet Subnet::host(const ipxf::Address& address) {
    return {address, static_cast<std::uint8_t>(address_size(address.family) * 8)};
}

std::string Subnet::to_string() const {
    return address.to_string() + "/" + std::to_string(prefix);
}

TsRange TsRange::from_config(const TrafficSelectorConfig& config) {
    TsRange out;
    out.family = config.subnet.address.family;
    std::size_t size = address_size(out.family);
    out.start = network_of(config.subnet.address.bytes, config.subnet.prefix, size, false);
    out.end = network_of(config.subnet.address.bytes, config.subnet.prefix, size, true);
    out.protocol = config.protocol;
    out.start_port = config.start_port;
    out.end_port = config.end_port;
    return out;
}

std::optional<TsRange> TsRange::parse_addresses(const std::string& text) {
    const auto dash = text.find('-');
    if (dash == std::string::npos) {
        auto subnet = Subnet::parse(text);
        if (!subnet)
            return std::nullopt;
        return from_config(TrafficSelectorConfig{*subnet});
    }
    auto first = ipxf::Address::parse(text.substr(0, dash));
    auto last = ipxf::Address::parse(text.substr(dash + 1));
    if (!first || !last || first->family == 0 || first->family != last->family)
        return std::nullopt;
    const std::size_t size = address_size(first->family);
    if (compare(first->bytes, last->bytes, size) > 0)
        return std::nullopt;
    TsRange out;
    out.family = first->family;
    std::copy_n(first->bytes.begin(), size, out.start.begin());
    std::copy_n(last->bytes.begin(), size, out.end.begin());
    return out;
}

bool TsRange::contains(const ipxf::Address& address) const {
    if (address.family != family)
        return false;
    const std::size_t size = address_size(family);
    std::array<std::uint8_t, 16> a{};
    std::copy_n(address.bytes.begin(), size, a.begin());
    return compare(start, a, size) <= 0 && compare(a, end, size) <= 0;
}

std::optional<TsRange> TsRange::from_wire(const wire::TrafficSelector& ts) {
    TsRange out;
    out.family = ts.type == wire::TsType::ipv6_addr_range ? AF_INET6 : AF_INET;
    std::size_t size = address_size(out.family);
    if (ts.start_address.size() != size || ts.end_address.size() != size)
        return std::nullopt;
    std::copy(ts.start_address.begin(), ts.start_address.end(), out.start.begin());
    std::copy(ts.end_address.begin(), ts.end_address.end(), out.end.begin());
    out.protocol = ts.ip_protocol;
    out.start_port = ts.start_port;
    out.end_port = ts.end_port;
    if (compare(out.start, out.end, size) > 0 || out.start_port > out.end_port)
        return std::nullopt;
    return out;
}

wire::TrafficSelector TsRange::to_wire() const {
    wire::TrafficSelector ts;
    std::size_t size = address_size(family);
    ts.type = family == AF_INET6 ? wire::TsType::ipv6_addr_range : wire::TsType::ipv4_addr_range;
    ts.ip_protocol = protocol;
    ts.start_port = start_port;
    ts.end_port = end_port;
    ts.start_address.assign(start.begin(), start.begin() + static_cast<std::ptrdiff_t>(size));
    ts.end_address.assign(end.begin(), end.begin() + static_cast<std::ptrdiff_t>(size));
    return ts;
}

std::vector<Subnet> TsRange::subnets() const {
    std::vector<Subnet> out;
    std::size_t size = address_size(family);
    std::size_t bits = size * 8;
    Octets cursor = start;
    while (true) {
        // the largest prefix block starting at cursor that stays within end
        std::size_t prefix = bits;
        while (prefix > 0) {
            std::size_t candidate = prefix - 1;
            Octets low = network_of(cursor, static_cast<std::uint8_t>(candidate), size, false);
            Octets high = network_of(cursor, static_cast<std::uint8_t>(candidate), size, true);
            if (compare(low, cursor, size) != 0 || compare(high, end, size) > 0)
                break;
            prefix = candidate;
        }
        Subnet subnet;
        subnet.address.family = family;
        subnet.address.bytes = cursor;
        subnet.prefix = static_cast<std::uint8_t>(prefix);
        out.push_back(subnet);
        Octets high = network_of(cursor, static_cast<std::uint8_t>(prefix), size, true);
        if (compare(high, end, size) >= 0)
            break;
        cursor = high;
        if (!increment(cursor, size))
            break;
    }
    return out;
}

std::string TsRange::to_string() const {
    auto list = subnets();
    std::string out;
    if (list.size() == 1) {
        out = list[0].to_string();
    } else {
        ipxf::Address a, b;
        a.family = b.family = family;
        a.bytes = start;
        b.bytes = end;
        out = a.to_string() + ".." + b.to_string();
    }
    return out + protocol_suffix(protocol, start_port, end_port);
}

std::optional<TsRange> intersect(const TsRange& a, const TsRange& b) {
    if (a.family != b.family)
        return std::nullopt;
    if (a.protocol != 0 && b.protocol != 0 && a.protocol != b.protocol)
        return std::nullopt;
    std::size_t size = address_size(a.family);
    TsRange out;
    out.family = a.family;
    out.start = compare(a.start, b.start, size) >= 0 ? a.start : b.start;
    out.end = compare(a.end, b.end, size) <= 0 ? a.end : b.end;
    if (compare(out.start, out.end, size) > 0)
        return std::nullopt;
    out.protocol = a.protocol != 0 ? a.protocol : b.protocol;
    out.start_port = std::max(a.start_port, b.start_port);
    out.end_port = std::min(a.end_port, b.end_port);
    if (out.start_port > out.end_port)
        return std::nullopt;
    return out;
}

std::vector<TsRange> narrow(const std::vector<TsRange>& configured,
                            const std::vector<TsRange>& received) {
    std::vector<TsRange> out;
    for (const auto& mine : configured)
        for (const auto& theirs : received)
            if (auto both = intersect(mine, theirs))
                if (std::find(out.begin(), out.end(), *both) == out.end())
                    out.push_back(*both);
    return out;
}

bool covered(const std::vector<TsRange>& inner, const std::vector<TsRange>& outer) {
    for (const auto& ts : inner) {
        bool inside = std::any_of(outer.begin(), outer.end(), [&](const TsRange& o) {
            auto both = intersect(ts, o);
            return both && *both == ts;
        });
        if (!inside)
            return false;
    }
    return true;
}

std::string to_string(const std::vector<TsRange>& list) {
    std::string out;
    for (const auto& ts : list) {
        if (!out.empty())
            out += " ";
        out += ts.to_string();
    }
    return out;
}

} // namespace ipsec::ike::engine
