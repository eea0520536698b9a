// SPDX-License-Identifier: GPL-2.0-or-later
// The rules of ipxf check that look at SAs alone (check_sa.cpp), and what
// they share with check.cpp. Not installed.
#pragma once

#include "xfrm/check.hpp"

#include <string>
#include <vector>

namespace ipxf::detail {

// "the SA src A dst B proto esp spi 0x...": how a finding names an SA.
std::string check_state_text(const State& s);

// no-integrity, weak-algorithm, short-key and short-icv.
void check_algorithms(const std::vector<State>& ss, std::vector<Finding>& out);
// replay-window-zero, for the SAs an in or fwd policy takes packets from.
void check_replay(const std::vector<Policy>& ps, const std::vector<State>& ss,
                  std::vector<Finding>& out);
// shared-key: an encryption, integrity or AEAD key found in two SAs.
void check_shared_keys(const std::vector<State>& ss, std::vector<Finding>& out);

} // namespace ipxf::detail
