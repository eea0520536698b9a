// SPDX-License-Identifier: GPL-2.0-or-later
// ConfigSetup: the `config setup` section of ipsec.conf, typed.
#pragma once

#include <string>
#include <vector>

namespace ipsec::conf {

enum class UniqueIds { yes, no, never, replace, keep };
enum class StrictCrlPolicy { no, yes, ifuri };

// One "subsystem level" pair of charondebug, e.g. {"ike", 2}.
struct DebugLevel {
    std::string subsystem;
    int level = 1;
};

struct ConfigSetup {
    std::vector<DebugLevel> charondebug; // subsystems not listed log at level 1
    UniqueIds uniqueids = UniqueIds::yes;
    StrictCrlPolicy strictcrlpolicy = StrictCrlPolicy::no;
    bool cachecrls = false;
};

} // namespace ipsec::conf
