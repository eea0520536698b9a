// SPDX-License-Identifier: GPL-2.0-or-later
// Retransmission of requests, as charon does it by default: the n-th send
// (n = 0 for the first) waits timeout * base^n seconds for the answer; after
// `tries` retransmits and the last wait, the peer is given up on
// (4.0 s, 1.8, 5 tries: 4, 7.2, 13, 23.3, 42, 75.6 s, 165 s in all).
#pragma once

#include "ike/engine/config.hpp"
#include "ike/engine/time.hpp"

namespace ipsec::ike::engine {

// How long to wait after the send numbered `sent` (0: the original).
Time retransmit_wait(const EngineSettings& settings, unsigned sent);

} // namespace ipsec::ike::engine
