// SPDX-License-Identifier: GPL-2.0-or-later
// How well an ipsec.secrets selector matches an IKE identity, by strongSwan's rules:
// %any (and %any6, 0.0.0.0, ::, *) matches every identity weakly; a selector with a
// leading '*' matches identities ending with the rest; otherwise the two must be equal
// (IP addresses compared in canonical form, names case-insensitively, a leading '@'
// of an FQDN ignored).
#pragma once

#include <string_view>

namespace ipsec::conf {

enum class IdMatch : int {
    none = 0,
    any = 1,
    one_wildcard = 19,
    perfect = 20,
};

IdMatch match_identity(std::string_view selector, std::string_view id);

} // namespace ipsec::conf
