// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/retransmission.hpp"

#include <cmath>

namespace ipsec::ike::engine {

Time retransmit_wait(const EngineSettings& settings, unsigned sent) {
    double seconds = settings.retransmit_timeout * std::pow(settings.retransmit_base, sent);
    return Time(static_cast<Time::rep>(std::llround(seconds * 1000.0)));
}

} // namespace ipsec::ike::engine
