// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/value_parsers.hpp"

#include <arpa/inet.h>
#include <array>
#include <cstring>
#include <netinet/in.h>

namespace ipsec::conf {

namespace {

struct NamedNumber {
    std::string_view name;
    unsigned number;
};

// Protocol names accepted in [proto/port] (no /etc/protocols lookup: the parser does no I/O).
constexpr std::array<NamedNumber, 11> protocol_names{{
    {"icmp", 1},
    {"igmp", 2},
    {"tcp", 6},
    {"udp", 17},
    {"gre", 47},
    {"esp", 50},
    {"ah", 51},
    {"ipv6-icmp", 58},
    {"icmpv6", 58},
    {"sctp", 132},
    {"udplite", 136},
}};

// Service names accepted as ports (no /etc/services lookup).
constexpr std::array<NamedNumber, 24> service_names{{
    {"ftp-data", 20}, {"ftp", 21},    {"ssh", 22},           {"telnet", 23},  {"smtp", 25},
    {"domain", 53},   {"dns", 53},    {"bootps", 67},        {"bootpc", 68},  {"tftp", 69},
    {"http", 80},     {"www", 80},    {"pop3", 110},         {"ntp", 123},    {"imap", 143},
    {"snmp", 161},    {"ldap", 389},  {"https", 443},        {"isakmp", 500}, {"submission", 587},
    {"ldaps", 636},   {"imaps", 993}, {"ipsec-nat-t", 4500}, {"l2tp", 1701},
}};

std::optional<unsigned> lookup(std::string_view name, const auto& table) {
    for (const auto& entry : table)
        if (entry.name == name)
            return entry.number;
    return std::nullopt;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool is_dns_name(std::string_view text) {
    if (text.empty())
        return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

Parsed<std::uint16_t> parse_port(std::string_view text) {
    if (auto n = parse_unsigned(text, 65535))
        return static_cast<std::uint16_t>(*n);
    if (auto n = lookup(text, service_names))
        return static_cast<std::uint16_t>(*n);
    return Problem{"unknown port '" + std::string(text) +
                   "' (expected a number 0-65535 or a service name)"};
}

} // namespace

std::vector<std::string> split_list(std::string_view text, char separator) {
    std::vector<std::string> items;
    size_t start = 0;
    for (;;) {
        const size_t end = text.find(separator, start);
        items.emplace_back(trim(text.substr(start, end - start)));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return items;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max) {
    if (text.empty())
        return std::nullopt;
    unsigned base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    std::uint64_t value = 0;
    for (char c : text) {
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = static_cast<unsigned>(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = static_cast<unsigned>(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = static_cast<unsigned>(c - 'A' + 10);
        else
            return std::nullopt;
        if (digit > max || value > (max - digit) / base)
            return std::nullopt;
        value = value * base + digit;
    }
    return value;
}

std::optional<std::string> canonical_address(std::string_view text) {
    const std::string copy(text);
    char buffer[INET6_ADDRSTRLEN];
    in_addr v4{};
    if (inet_pton(AF_INET, copy.c_str(), &v4) == 1)
        return std::string(inet_ntop(AF_INET, &v4, buffer, sizeof buffer));
    in6_addr v6{};
    if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1)
        return std::string(inet_ntop(AF_INET6, &v6, buffer, sizeof buffer));
    return std::nullopt;
}

Parsed<std::string> parse_network(std::string_view text) {
    const std::string copy(text);
    const auto dash = copy.find('-');
    if (dash != std::string::npos) {
        auto from = canonical_address(copy.substr(0, dash));
        auto to = canonical_address(copy.substr(dash + 1));
        if (!from || !to)
            return Problem{"invalid address range '" + copy +
                           "' (expected FROM-TO, two addresses)"};
        if ((from->find(':') == std::string::npos) != (to->find(':') == std::string::npos))
            return Problem{"address range '" + copy + "' mixes IPv4 and IPv6"};
        return *from + "-" + *to;
    }
    const auto slash = copy.find('/');
    const std::string address = copy.substr(0, slash);
    std::array<unsigned char, 16> bytes{};
    int family = AF_INET;
    if (inet_pton(AF_INET, address.c_str(), bytes.data()) != 1) {
        family = AF_INET6;
        if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1)
            return Problem{"invalid subnet '" + copy +
                           "' (expected ADDRESS/PREFIX, an address or a range)"};
    }
    const unsigned bits = family == AF_INET ? 32 : 128;
    unsigned prefix = bits;
    if (slash != std::string::npos) {
        auto n = parse_unsigned(std::string_view(copy).substr(slash + 1), bits);
        if (!n || copy.find("0x", slash) != std::string::npos)
            return Problem{"invalid prefix length in '" + copy + "' (expected 0-" +
                           std::to_string(bits) + ")"};
        prefix = static_cast<unsigned>(*n);
    }
    for (unsigned bit = prefix; bit < bits; ++bit)
        bytes[bit / 8] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
    char buffer[INET6_ADDRSTRLEN];
    inet_ntop(family, bytes.data(), buffer, sizeof buffer);
    return std::string(buffer) + "/" + std::to_string(prefix);
}

Parsed<std::vector<Host>>
parse_hosts(std::string_view text, bool& allow_any,
            const std::function<std::optional<std::string>()>& default_route) {
    std::vector<Host> hosts;
    for (std::string item : split_list(text)) {
        if (item.empty())
            return Problem{
                std::string("empty entry in the list (two commas, or a comma at an end)")};
        if (item == "%any" || item == "%any4" || item == "%any6") {
            hosts.push_back({HostKind::any, item});
            continue;
        }
        if (item == "%defaultroute") {
            std::optional<std::string> address;
            if (default_route)
                address = default_route();
            if (address)
                hosts.push_back({HostKind::address, *address});
            else
                hosts.push_back({HostKind::default_route, item});
            continue;
        }
        if (item.front() == '%') {
            allow_any = true;
            item.erase(0, 1);
        }
        if (auto address = canonical_address(item)) {
            hosts.push_back({HostKind::address, *address});
            continue;
        }
        if (item.find('/') != std::string::npos || item.find('-') != std::string::npos) {
            if (item.find('/') != std::string::npos ||
                canonical_address(item.substr(0, item.find('-')))) {
                auto network = parse_network(item);
                if (auto* message = std::get_if<Problem>(&network))
                    return Problem{message->text};
                const auto kind =
                    item.find('/') != std::string::npos ? HostKind::subnet : HostKind::range;
                hosts.push_back({kind, std::get<std::string>(network)});
                continue;
            }
        }
        if (is_dns_name(item) && item.find_first_not_of("0123456789.") != std::string::npos) {
            hosts.push_back({HostKind::fqdn, item});
            continue;
        }
        return Problem{
            "invalid host '" + item +
            "' (expected an IP address, a DNS name, %any, %defaultroute, a range or a subnet)"};
    }
    return hosts;
}

Parsed<ProtoPort> parse_proto_port(std::string_view text) {
    ProtoPort result;
    const auto slash = text.find('/');
    const std::string_view proto = text.substr(0, slash);
    if (!proto.empty() && proto != "%any") {
        if (auto n = parse_unsigned(proto, 255))
            result.protocol = static_cast<std::uint8_t>(*n);
        else if (auto named = lookup(proto, protocol_names))
            result.protocol = static_cast<std::uint8_t>(*named);
        else
            return Problem{"unknown protocol '" + std::string(proto) +
                           "' (expected a number 0-255 or a name such as tcp, udp, icmp)"};
    }
    if (slash == std::string_view::npos)
        return result;
    const std::string_view port = text.substr(slash + 1);
    if (port.empty() || port == "%any")
        return result;
    if (port == "%opaque") {
        result.opaque = true;
        return result;
    }
    const auto dash = port.find('-');
    auto from = parse_port(port.substr(0, dash));
    if (auto* message = std::get_if<Problem>(&from))
        return Problem{message->text};
    result.port_from = result.port_to = std::get<std::uint16_t>(from);
    if (dash != std::string_view::npos) {
        auto to = parse_port(port.substr(dash + 1));
        if (auto* message = std::get_if<Problem>(&to))
            return Problem{message->text};
        result.port_to = std::get<std::uint16_t>(to);
        if (result.port_to < result.port_from)
            return Problem{"port range '" + std::string(port) + "' ends before it starts"};
    }
    return result;
}

Parsed<std::vector<TrafficSelector>> parse_subnets(std::string_view text) {
    std::vector<TrafficSelector> selectors;
    for (const std::string& item : split_list(text)) {
        if (item.empty())
            return Problem{
                std::string("empty entry in the subnet list (two commas, or a comma at an end)")};
        TrafficSelector selector;
        std::string network = item;
        const auto open = item.find('[');
        if (open != std::string::npos) {
            if (item.back() != ']')
                return Problem{"missing ']' after '" + item.substr(open) +
                               "' (expected SUBNET[PROTO/PORT])"};
            network = std::string(trim(item.substr(0, open)));
            auto proto_port = parse_proto_port(item.substr(open + 1, item.size() - open - 2));
            if (auto* message = std::get_if<Problem>(&proto_port))
                return Problem{message->text};
            selector.proto_port = std::get<ProtoPort>(proto_port);
        }
        if (network != "%dynamic") {
            auto parsed = parse_network(network);
            if (auto* message = std::get_if<Problem>(&parsed))
                return Problem{message->text};
            selector.network = std::get<std::string>(parsed);
        }
        selectors.push_back(std::move(selector));
    }
    return selectors;
}

Parsed<std::vector<std::string>> parse_source_ips(std::string_view text) {
    std::vector<std::string> items;
    for (std::string item : split_list(text)) {
        if (item.empty())
            return Problem{
                std::string("empty entry in the list (two commas, or a comma at an end)")};
        if (item == "%cfg" || item == "%modeconfig" || item == "%modecfg")
            item = "%config";
        if (item.front() == '%') {
            if (item.size() == 1)
                return Problem{
                    std::string("'%' must be followed by config, config4, config6 or a pool name")};
            items.push_back(item);
            continue;
        }
        if (auto address = canonical_address(item)) {
            items.push_back(*address);
            continue;
        }
        auto network = parse_network(item);
        if (std::holds_alternative<Problem>(network))
            return Problem{
                "invalid source IP '" + item +
                "' (expected %config, %config4, %config6, an address, a subnet, a range or "
                "%poolname)"};
        items.push_back(std::get<std::string>(network));
    }
    return items;
}

Parsed<Mark> parse_mark(std::string_view text) {
    Mark mark;
    const auto slash = text.find('/');
    const std::string_view value = text.substr(0, slash);
    if (value == "%unique")
        mark.special = Mark::Special::unique;
    else if (value == "%unique-dir")
        mark.special = Mark::Special::unique_dir;
    else if (auto n = parse_unsigned(value, 0xffffffff))
        mark.value = static_cast<std::uint32_t>(*n);
    else
        return Problem{"invalid mark '" + std::string(text) +
                       "' (expected VALUE[/MASK] with 32-bit numbers, %unique or %unique-dir)"};
    if (slash != std::string_view::npos) {
        auto mask = parse_unsigned(text.substr(slash + 1), 0xffffffff);
        if (!mask)
            return Problem{"invalid mark mask '" + std::string(text.substr(slash + 1)) +
                           "' (expected a 32-bit number)"};
        mark.mask = static_cast<std::uint32_t>(*mask);
    }
    return mark;
}

Parsed<ProposalList> parse_proposals(std::string_view text) {
    ProposalList list;
    text = trim(text);
    if (!text.empty() && text.back() == '!') {
        list.strict = true;
        text.remove_suffix(1);
    }
    for (const std::string& item : split_list(text)) {
        if (item.empty())
            return Problem{std::string("empty proposal (two commas, or a comma at an end)")};
        for (char c : item) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok)
                return Problem{
                    "unexpected '" + std::string(1, c) + "' in proposal '" + item +
                    "' (expected algorithms joined by '-', proposals separated by ',', an "
                    "optional '!' at the end)"};
        }
        if (item.front() == '-' || item.back() == '-' || item.find("--") != std::string::npos)
            return Problem{"empty algorithm name in proposal '" + item + "'"};
        list.proposals.push_back(item);
    }
    return list;
}

} // namespace ipsec::conf
