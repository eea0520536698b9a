// SPDX-License-Identifier: GPL-2.0-or-later
// Time as the engine sees it: milliseconds on the caller's monotonic clock. The
// engine never reads a clock (DESIGN.md principle 6); every input carries `now`.
#pragma once

#include <chrono>

namespace ipsec::ike::engine {

using Time = std::chrono::milliseconds;

} // namespace ipsec::ike::engine
