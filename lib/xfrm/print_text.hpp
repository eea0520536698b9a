// SPDX-License-Identifier: GPL-2.0-or-later
// iproute2-compatible text printer: output byte-identical to `ip xfrm` of
// iproute2 6.1 (its odd spacing included) for the same options.
#pragma once

#include "xfrm/model.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ipxf {

struct PrintOptions {
    int stats = 0;                      // -s given N times (show_stats)
    bool details = false;               // -d
    bool oneline = false;               // -o: lines end in "\" instead of newline
    bool nokeys = false;                // `ip xfrm state list nokeys`
    std::uint16_t preferred_family = 0; // -4 / -6 / -f
    // ifindex -> name (ll_index_to_name); defaults to if_indextoname or "if%d"
    std::function<std::string(int)> ifname;
};

// One SA as `ip xfrm state list` prints it (title: e.g. "Deleted " for monitor).
std::string format_state(const State& state, const PrintOptions& opt,
                         const std::string& title = {});
// One policy as `ip xfrm policy list` prints it.
std::string format_policy(const Policy& policy, const PrintOptions& opt,
                          const std::string& title = {});
// The same, appended to `out` (no string of its own: for long listings).
void append_state(std::string& out, const State& state, const PrintOptions& opt,
                  const std::string& title = {});
void append_policy(std::string& out, const Policy& policy, const PrintOptions& opt,
                   const std::string& title = {});
// `ip xfrm state count` and `ip xfrm policy count` output.
std::string format_sad_info(const SadInfo& info, const PrintOptions& opt);
std::string format_spd_info(const SpdInfo& info, const PrintOptions& opt);
// `ip xfrm policy getdefault`
std::string format_default_policy(const DefaultPolicy& def, const PrintOptions& opt);

// Names used by both printers and the parser.
std::string xfrm_proto_name(std::uint8_t proto); // esp, ah, comp, route2, hao, or number
std::string mode_name(std::uint8_t mode);        // transport, tunnel, ro, in_trigger, beet
std::string ip_proto_name(std::uint8_t proto);   // /etc/protocols name or number
// /etc/protocols name or alias -> number (the file is read once, on the first call).
std::optional<std::uint8_t> ip_proto_number(std::string_view name);
std::string share_name(std::uint8_t share);      // any, session, user, unique or number
const char* default_policy_name(std::uint8_t v); // unspec, block, accept or unknown
// opt.ifname, else ll_index_to_name(): "*" for 0, the name, or "if%d".
std::string interface_name(const PrintOptions& opt, int index);

} // namespace ipxf
