// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/informational.hpp"

#include "ike/engine/child_delete.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/payload_access.hpp"

namespace ipsec::ike::engine {

Result<Response> respond_informational(EngineCore& core, IkeSa& sa, const Received& request) {
    Response response;
    auto deletes = find_payloads<wire::DeletePayload>(request.payloads);
    for (const auto* del : deletes) {
        if (del->protocol == wire::ProtocolId::ike) {
            core.emit(EventType::log, &sa, nullptr, "received DELETE for IKE_SA " + sa.name());
            if (sa.state() == IkeState::established)
                core.closed_by_peer(sa, nullptr);
            response.payloads.clear();
            response.destroy_ike = true;
            return response;
        }
    }
    for (const auto* del : deletes)
        if (del->protocol == wire::ProtocolId::esp || del->protocol == wire::ProtocolId::ah)
            respond_child_delete(core, sa, *del, response.payloads);
    if (deletes.empty())
        core.emit(EventType::log, &sa, nullptr,
                  request.payloads.empty() ? "received DPD request" : "informational request");
    return response;
}

} // namespace ipsec::ike::engine
