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
    old_child.rekey_at.reset();
    old_child.expire_at.reset();
    (void)transition(old_child.state, ChildState::rekeyed);
    core.emit(EventType::child_rekeyed, &sa, &new_child,
              "CHILD_SA " + old_child.name() + " rekeyed to " + new_child.name() + ", " +
                  child_established_text(new_child));
}

} // namespace

Result<std::vector<wire::Payload>> ChildRekey::build_request(EngineCore& core, IkeSa& sa) {
    ChildSa* old_child = sa.find_child(m_old_id);
    if (!old_child || old_child->state != ChildState::installed)
        return Error::plain("CHILD_SA {" + std::to_string(m_old_id) + "} is not there to rekey");
    auto proposals = child_proposals(old_child->config, false);
    if (!proposals)
        return proposals.error();
    m_proposals = std::move(*proposals);
    auto child = prepare_child(core, sa, old_child->config, old_child->reqid);
    if (!child)
        return child.error();
    m_child = std::move(*child);
    m_child->mode = old_child->mode;
    m_child->local_ts = old_child->local_ts;
    m_child->remote_ts = old_child->remote_ts;
    (void)transition(old_child->state, ChildState::rekeying);
    m_ni = core.rng.bytes(core.settings.nonce_size);
    std::vector<wire::Payload> out;
    out.push_back(make_notify(wire::NotifyType::rekey_sa, {}, wire::ProtocolId::esp,
                              spi_bytes(old_child->inbound_spi, 4)));
    child_request_payloads(*m_child, m_proposals, out);
    out.insert(out.begin() + 2, wire::NoncePayload{m_ni});
    auto dh = pfs_key_exchange(core, m_proposals, m_group, out);
    if (!dh) {
        abort(core, sa);
        return dh.error();
    }
    m_dh = std::move(*dh);
    return out;
}

TaskStatus ChildRekey::process_response(EngineCore& core, IkeSa& sa, const Received& response) {
    ChildSa* old_child = sa.find_child(m_old_id);
    auto nonce = required_nonce(response.payloads);
    auto g_ir = pfs_shared_secret(m_dh.get(), response.payloads);
    Result<void> finished = success();
    if (const auto* error = find_error_notify(response.payloads))
        finished = Error::ike(static_cast<int>(error->type),
                              "received " + wire::notify_type_name(error->type) + " notify error");
    else if (!old_child)
        finished = Error::plain("the CHILD_SA went away meanwhile");
    else if (!nonce)
        finished = nonce.error();
    else if (!g_ir)
        finished = g_ir.error();
    else
        finished = finish_child(core, sa, *m_child, m_proposals, response.payloads, m_ni, **nonce,
                                *g_ir, false, false);
    if (!finished) {
        if (auto group = requested_group(m_proposals, response.payloads);
            group != 0 && m_group == 0 && m_dh &&
            group != static_cast<std::uint16_t>(m_dh->group())) {
            core.emit(EventType::invalid_ke, &sa, m_child.get(),
                      "peer didn't accept the PFS group, it requested " + std::to_string(group) +
                          ", retrying");
            abort(core, sa);
            if (ChildSa* old_child = sa.find_child(m_old_id))
                old_child->rekey_at.reset(); // no timed retry: the new request goes now
            core.queue_task(sa, std::make_unique<ChildRekey>(m_old_id, group));
            return TaskStatus::done;
        }
        core.emit(EventType::child_failed, &sa, m_child.get(),
                  "rekeying CHILD_SA {" + std::to_string(m_old_id) +
                      "} failed: " + finished.error().to_string());
        abort(core, sa);
        return TaskStatus::done;
    }
    hand_over(core, sa, *old_child, *m_child);
    sa.children.push_back(std::move(m_child));
    // The initiator of the rekey deletes the old CHILD_SA.
    core.queue_task(sa, std::make_unique<ChildDelete>(m_old_id));
    return TaskStatus::done;
}

void ChildRekey::abort(EngineCore& core, IkeSa& sa) {
    if (ChildSa* old_child = sa.find_child(m_old_id);
        old_child && old_child->state == ChildState::rekeying) {
        (void)transition(old_child->state, ChildState::installed);
        // a collision or a passing failure: try again in a while
        old_child->rekey_at = core.now + core.retry_delay();
        core.arm(*old_child->rekey_at);
    }
    if (m_child) {
        uninstall_child(core, sa, *m_child);
        m_child.reset();
    }
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
    if (old_child->state != ChildState::installed)
        return Error::ike(static_cast<int>(wire::NotifyType::temporary_failure),
                          "CHILD_SA " + old_child->name() + " is " +
                              std::string(state_name(old_child->state)));
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
