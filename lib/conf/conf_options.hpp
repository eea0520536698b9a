// SPDX-License-Identifier: GPL-2.0-or-later
// ConfOptions: how parse_ipsec_conf treats what it cannot take as is.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace ipsec::conf {

struct ConfOptions {
    // Unknown and unsupported keywords are errors instead of warnings.
    bool strict = false;
    // Deepest nesting of include directives.
    int max_include_depth = 10;
    // Resolves %defaultroute in left=/right= to the address of the default route's
    // interface; unset or returning nullopt leaves a HostKind::default_route entry.
    std::function<std::optional<std::string>()> default_route;
};

} // namespace ipsec::conf
