// SPDX-License-Identifier: GPL-2.0-or-later
// Updown: the leftupdown= script (or, with leftfirewall=yes and no script,
// strongSwan's default "ipsec _updown iptables"), run as charon's updown
// plugin runs it: with /bin/sh -c, once per pair of traffic selectors, when a
// CHILD_SA comes up (PLUTO_VERB=up-host or up-client, -v6 for IPv6) and when
// it goes down for good (down-...; not when a rekey replaced it), with the
// PLUTO_* environment existing updown scripts read. The script runs to its end
// before iked goes on, as in charon; a failure is logged.
#pragma once

#include "ike/engine/output.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace iked {

struct UpdownConfig {
    std::string command; // empty: no script for this conn
    bool operator==(const UpdownConfig&) const = default;
};

// The default script of leftfirewall=yes.
inline constexpr const char* kDefaultUpdown = "ipsec _updown iptables";

// The environment of one call: NAME=VALUE pairs, in charon's order.
std::vector<std::pair<std::string, std::string>>
updown_environment(bool up, const std::string& conn, std::uint32_t ike_id,
                   const ipsec::ike::engine::ChildInfo& child,
                   const ipsec::ike::engine::TsRange& mine,
                   const ipsec::ike::engine::TsRange& theirs, const std::string& interface);

// Runs the command for every selector pair of the CHILD_SA; `log` gets a line
// for each failure (exit status, signal, or not started).
void run_updown(const UpdownConfig& config, bool up, const std::string& conn, std::uint32_t ike_id,
                const ipsec::ike::engine::ChildInfo& child,
                const std::function<void(const std::string&)>& log);

} // namespace iked
