// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/ike_delete.hpp"

#include "ike/engine/engine_core.hpp"

namespace ipsec::ike::engine {

Result<std::vector<wire::Payload>> IkeDelete::build_request(EngineCore& core, IkeSa& sa) {
    if (sa.state() != IkeState::deleting)
        if (auto moved = core.set_state(sa, IkeState::deleting); !moved)
            return moved.error();
    core.emit(EventType::log, &sa, nullptr,
              "deleting IKE_SA " + sa.name() + " between " + sa.between());
    wire::DeletePayload del;
    del.protocol = wire::ProtocolId::ike;
    del.spi_size = 0;
    return std::vector<wire::Payload>{del};
}

TaskStatus IkeDelete::process_response(EngineCore& core, IkeSa& sa, const Received&) {
    core.emit(EventType::log, &sa, nullptr, "IKE_SA deleted");
    core.destroy(sa, "");
    return TaskStatus::done;
}

} // namespace ipsec::ike::engine
