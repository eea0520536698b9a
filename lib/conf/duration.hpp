// SPDX-License-Identifier: GPL-2.0-or-later
// Durations of ipsec.conf (ikelifetime, lifetime, margintime, dpddelay, ...): a number
// of seconds, optionally followed by s, m, h or d; m, h and d also take a decimal
// number ("1.5h"). The result is rounded to whole seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace ipsec::conf {

std::optional<std::chrono::seconds> parse_duration(std::string_view text);

} // namespace ipsec::conf
