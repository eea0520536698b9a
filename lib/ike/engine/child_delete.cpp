// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/child_delete.hpp"

#include "ike/engine/engine_core.hpp"
#include "ike/engine/kernel_child.hpp"
#include "ike/engine/spi.hpp"

#include <algorithm>

namespace ipsec::ike::engine {

void remove_child(EngineCore& core, IkeSa& sa, std::uint32_t child_id) {
    auto it = std::find_if(sa.children.begin(), sa.children.end(),
                           [&](const auto& c) { return c->unique_id == child_id; });
    if (it == sa.children.end())
        return;
    ChildSa& child = **it;
    uninstall_child(core, sa, child);
    (void)core.set_state(sa, child, ChildState::destroyed); // refused only when destroyed
    core.emit(EventType::child_deleted, &sa, &child,
              "closing CHILD_SA " + child.name() + " with SPIs " + hex_spi(child.inbound_spi) +
                  "_i " + hex_spi(child.outbound_spi) + "_o and TS " + to_string(child.local_ts) +
                  " === " + to_string(child.remote_ts));
    sa.children.erase(it);
}

Result<std::vector<wire::Payload>> ChildDelete::build_request(EngineCore& core, IkeSa& sa) {
    ChildSa* child = sa.find_child(m_id);
    if (!child || child->state() == ChildState::deleting)
        return Error::plain("CHILD_SA {" + std::to_string(m_id) + "} is not there to delete");
    if (auto moved = core.set_state(sa, *child, ChildState::deleting); !moved)
        return moved.error();
    core.emit(EventType::log, &sa, child,
              "sending DELETE for ESP CHILD_SA with SPI " + hex_spi(child->inbound_spi));
    wire::DeletePayload del;
    del.protocol = wire::ProtocolId::esp;
    del.spi_size = 4;
    del.spis.push_back(spi_bytes(child->inbound_spi, 4));
    return std::vector<wire::Payload>{del};
}

TaskStatus ChildDelete::process_response(EngineCore& core, IkeSa& sa, const Received&) {
    remove_child(core, sa, m_id);
    return TaskStatus::done;
}

void respond_child_delete(EngineCore& core, IkeSa& sa, const wire::DeletePayload& request,
                          std::vector<wire::Payload>& out) {
    wire::DeletePayload answer;
    answer.protocol = request.protocol;
    answer.spi_size = 4;
    for (const auto& bytes : request.spis) {
        auto spi = spi_value(bytes, 4);
        if (!spi)
            continue;
        core.emit(EventType::log, &sa, nullptr,
                  "received DELETE for ESP CHILD_SA with SPI " +
                      hex_spi(static_cast<std::uint32_t>(*spi)));
        ChildSa* child = sa.find_child_by_outbound(static_cast<std::uint32_t>(*spi));
        if (!child) {
            core.emit(EventType::log, &sa, nullptr, "CHILD_SA not found, ignored");
            continue;
        }
        // A delete collision: our own DELETE for it is under way; do not answer for it.
        if (child->state() != ChildState::deleting)
            answer.spis.push_back(spi_bytes(child->inbound_spi, 4));
        core.closed_by_peer(sa, child);
        remove_child(core, sa, child->unique_id);
    }
    if (!answer.spis.empty())
        out.push_back(answer);
}

} // namespace ipsec::ike::engine
