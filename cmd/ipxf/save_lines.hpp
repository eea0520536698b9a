// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf save`'s lines (save_lines.cpp) and `save` / `restore` (save.cpp).
// Not installed.
#pragma once

#include "cli.hpp"

#include <string>

namespace ipxf::cli {

// The `xfrm state add ...` line, newline included, that recreates `state`
// (keys in hex). Throws CliError (exit 1) for what no command can give.
std::string state_save_line(const State& state);
// The `xfrm policy add ...` line that recreates `policy`, its index
// included. Throws CliError (exit 1) for a socket policy.
std::string policy_save_line(const Policy& policy);

} // namespace ipxf::cli
