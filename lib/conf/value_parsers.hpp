// SPDX-License-Identifier: GPL-2.0-or-later
// Parsers for the values of ipsec.conf keywords that are more than a word from a list:
// addresses, subnets with [proto/port], marks, proposal lists, numbers. Each returns
// the value or a message saying what was expected (the caller adds the position).
#pragma once

#include "conf/conn.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ipsec::conf {

// What was wrong with a value's text, saying what was expected.
struct Problem {
    std::string text;
};

// Either the parsed value or the problem with the text.
template <typename T>
using Parsed = std::variant<T, Problem>;

// Canonical text of an IPv4 or IPv6 address, or nullopt.
std::optional<std::string> canonical_address(std::string_view text);

// "10.1.0.0/16" (host bits cleared), "10.1.0.1" (-> "10.1.0.1/32"), or a range "a-b".
Parsed<std::string> parse_network(std::string_view text);

// left= / right=: comma-separated hosts. `default_route` resolves %defaultroute (may be empty).
Parsed<std::vector<Host>>
parse_hosts(std::string_view text, bool& allow_any,
            const std::function<std::optional<std::string>()>& default_route);

// "proto/port", "proto", "/port" (the [..] of leftsubnet and leftprotoport).
Parsed<ProtoPort> parse_proto_port(std::string_view text);

// leftsubnet: "net[proto/port],..." and %dynamic.
Parsed<std::vector<TrafficSelector>> parse_subnets(std::string_view text);

// leftsourceip: %config, %config4, %config6 (and synonyms), addresses, networks, %poolname.
Parsed<std::vector<std::string>> parse_source_ips(std::string_view text);

// mark=: value[/mask], %unique, %unique-dir.
Parsed<Mark> parse_mark(std::string_view text);

// ike= / esp= / ah=: comma-separated proposals, optional trailing '!'.
Parsed<ProposalList> parse_proposals(std::string_view text);

// An unsigned decimal (or 0x hex) number not above `max`.
std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max);

// A comma-separated list, each item trimmed; empty items kept.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

} // namespace ipsec::conf
