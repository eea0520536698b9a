// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/child_rekey.hpp"

#include "ike/engine/child_create.hpp"
#include "ike/engine/child_delete.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/kernel_child.hpp"
#include "ike/engine/payload_access.hpp"
#include "ike/engine/spi.hpp"

namespace ipsec::ike::engine {

namespace {

// The new CHILD_SA takes over the policies; the old one is marked rekeyed.
void hand_over(EngineCore& core, IkeSa& sa, ChildSa& old_child, ChildSa& new_child) {
    new_child.owns_policies = old_child.owns_policies;
    old_child.owns_policies = false;
    old_child.replaced = true;
    old_child.rekey_at.reset();
    old_child.expire_at.reset();
    // a refusal is logged; the old CHILD_SA then keeps its state and goes with its DELETE
    (void)core.set_state(sa, old_child, ChildState::rekeyed);
    core.emit(EventType::child_rekeyed, &sa, &new_child,
              "CHILD_SA " + old_child.name() + " rekeyed to " + new_child.name() + ", " +
                  child_established_text(new_child));
}

} // namespace

Result<std::vector<wire::Payload>> ChildRekey::build_request(EngineCore& core, IkeSa& sa) {
    ChildSa* old_child = sa.find_child(m_old_id);
    if (!old_child || old_child->state() != ChildState::installed)
        return Error::plain("CHILD_SA {" + std::to_string(m_old_id) + "} is not there to rekey");
    m_create = ChildCreate::rekeying(*old_child, m_group);
    auto request = m_create->build_request(core, sa);
    if (!request)
        return request.error();
    if (auto moved = core.set_state(sa, *old_child, ChildState::rekeying); !moved) {
        m_create->abort(core, sa);
        return moved.error();
    }
    return request;
}

TaskStatus ChildRekey::process_response(EngineCore& core, IkeSa& sa, const Received& response) {
    auto outcome = m_create->complete(core, sa, response);
    ChildSa* old_child = sa.find_child(m_old_id);
    if (outcome.result && !old_child)
        outcome.result = Error::plain("the CHILD_SA went away meanwhile");
    if (outcome.retry_group != 0) {
        abort(core, sa);
        if (ChildSa* old = sa.find_child(m_old_id))
            old->rekey_at.reset(); // no timed retry: the new request goes now
        core.queue_task(sa, std::make_unique<ChildRekey>(m_old_id, outcome.retry_group));
        return TaskStatus::done;
    }
    if (!outcome.result) {
        core.emit(EventType::child_failed, &sa, m_create->child(),
                  "rekeying CHILD_SA {" + std::to_string(m_old_id) +
                      "} failed: " + outcome.result.error().to_string());
        abort(core, sa);
        return TaskStatus::done;
    }
    auto fresh = m_create->take_child();
    hand_over(core, sa, *old_child, *fresh);
    sa.children.push_back(std::move(fresh));
    // The initiator of the rekey deletes the old CHILD_SA.
    core.queue_task(sa, std::make_unique<ChildDelete>(m_old_id));
    return TaskStatus::done;
}

void ChildRekey::abort(EngineCore& core, IkeSa& sa) {
    if (ChildSa* old_child = sa.find_child(m_old_id);
        old_child && old_child->state() == ChildState::rekeying) {
        (void)core.set_state(sa, *old_child, ChildState::installed); // REKEYING => INSTALLED
        // a collision or a passing failure: try again in a while
        old_child->rekey_at = core.now + core.retry_delay();
        core.arm(*old_child->rekey_at);
    }
    if (m_create)
        m_create->abort(core, sa);
}

Result<Response> respond_child_rekey(EngineCore& core, IkeSa& sa, const Received& request) {
    const auto* rekey = find_notify(request.payloads, wire::NotifyType::rekey_sa);
    auto nonce = required_nonce(request.payloads);
    if (!rekey)
        return Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                          "CHILD_SA rekey without a REKEY_SA notify");
    if (!nonce)
        return nonce.error();
    auto spi = spi_value(rekey->spi, 4);
    ChildSa* old_child =
        spi ? sa.find_child_by_outbound(static_cast<std::uint32_t>(*spi)) : nullptr;
    if (!old_child || rekey->protocol != wire::ProtocolId::esp)
        return Error::ike(static_cast<int>(wire::NotifyType::child_sa_not_found),
                          "CHILD_SA to rekey not found");
    if (old_child->state() != ChildState::installed)
        return Error::ike(static_cast<int>(wire::NotifyType::temporary_failure),
                          "CHILD_SA " + old_child->name() + " is " +
                              std::string(state_name(old_child->state())));
    Response response;
    std::vector<std::uint8_t> nr = core.rng.bytes(core.settings.nonce_size);
    std::uint32_t old_id = old_child->unique_id;
    auto child =
        respond_child(core, sa, request.payloads, **nonce, nr, false, old_child, response.payloads);
    if (!child)
        return child.error();
    old_child = sa.find_child(old_id); // children may have moved in memory
    response.payloads.insert(response.payloads.begin() + 1, wire::NoncePayload{nr});
    hand_over(core, sa, *old_child, **child);
    return response;
}

} // namespace ipsec::ike::engine
