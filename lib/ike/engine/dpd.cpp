// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/dpd.hpp"

#include "ike/engine/engine_core.hpp"

namespace ipsec::ike::engine {

Result<std::vector<wire::Payload>> Dpd::build_request(EngineCore& core, IkeSa& sa) {
    core.emit(EventType::log, &sa, nullptr, "sending DPD request");
    return std::vector<wire::Payload>{};
}

TaskStatus Dpd::process_response(EngineCore& core, IkeSa& sa, const Received&) {
    auto dpd = std::chrono::duration_cast<Time>(sa.config.dpddelay);
    if (dpd.count() > 0)
        core.arm(core.now + dpd);
    return TaskStatus::done;
}

} // namespace ipsec::ike::engine
