// SPDX-License-Identifier: GPL-2.0-or-later
// A lint of the SPD and SAD as a whole (ipxf check): what the kernel accepts
// one object at a time but that does not work, or does not protect, as a
// table. Pure: it reads the policies and SAs it is given (a dump, or any
// other source) and says what it finds; nothing here talks to the kernel.
#pragma once

#include "xfrm/model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace ipxf {

enum class CheckRule {
    shadowed_policy,      // a broader policy of higher priority takes all its traffic
    tunnel_without_fwd,   // a tunnel-mode in policy with no fwd policy for its selector
    unmirrored_policy,    // an out policy with no in policy for the reverse selector, or back
    unused_sa,            // an SA that no policy template can use
    unsatisfied_template, // a required template that no SA satisfies
    no_integrity,         // ESP encrypting without integrity protection
    weak_algorithm,       // an algorithm RFC 8221 deprecates
    short_key,            // a key shorter than the algorithm's security needs
    short_icv,            // an integrity check value truncated below 96 bits
    replay_window_zero,   // an inbound SA without anti-replay protection
    shared_key,           // two SAs with the same key
};

// "shadowed-policy", ...: the name a finding carries in ipxf check's output.
const char* check_rule_name(CheckRule rule);

// One finding: the rule, a sentence that names no key material, and the
// objects concerned as positions in the vectors that were checked.
struct Finding {
    CheckRule rule;
    std::string text;
    std::vector<std::size_t> policies;
    std::vector<std::size_t> states;
};

// Every finding on the tables, rule by rule in the order of CheckRule, and
// within a rule in the order of the objects. Socket policies (dir 3 and
// up) are not looked at.
std::vector<Finding> check_tables(const std::vector<Policy>& policies,
                                  const std::vector<State>& states);

// Whether SA `s` can serve template `t` of policy `p`: protocol, mode and
// reqid agree, and the addresses are the template's (tunnel, beet) or lie
// in the policy's selector (transport), and the if_id is the policy's.
bool template_uses_state(const Policy& p, const Template& t, const State& s);

// Whether every packet `inner` matches also matches `outer` (family,
// prefixes, protocol, ports, interface).
bool selector_covers(const Selector& outer, const Selector& inner);

} // namespace ipxf
