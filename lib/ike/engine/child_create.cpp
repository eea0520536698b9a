// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/child_create.hpp"

#include "ike/crypto/proposal_selection.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/kernel_child.hpp"
#include "ike/engine/payload_access.hpp"
#include "ike/engine/proposals.hpp"
#include "ike/engine/spi.hpp"

namespace ipsec::ike::engine {

namespace {

constexpr int kNoProposalChosen = static_cast<int>(wire::NotifyType::no_proposal_chosen);
constexpr int kTsUnacceptable = static_cast<int>(wire::NotifyType::ts_unacceptable);
constexpr int kInvalidKe = static_cast<int>(wire::NotifyType::invalid_ke_payload);
constexpr int kInvalidSyntax = static_cast<int>(wire::NotifyType::invalid_syntax);

std::vector<TsRange> configured_ts(const std::vector<TrafficSelectorConfig>& list,
                                   const Endpoint& host) {
    std::vector<TsRange> out;
    if (list.empty()) {
        out.push_back(TsRange::from_config({Subnet::host(host.address)}));
        return out;
    }
    for (const auto& ts : list)
        out.push_back(TsRange::from_config(ts));
    return out;
}

template <typename Payload>
std::optional<std::vector<TsRange>> received_ts(const std::vector<wire::Payload>& payloads) {
    const auto* p = find_payload<Payload>(payloads);
    if (!p || p->selectors.empty())
        return std::nullopt;
    std::vector<TsRange> out;
    for (const auto& ts : p->selectors) {
        auto range = TsRange::from_wire(ts);
        if (!range)
            return std::nullopt;
        out.push_back(*range);
    }
    return out;
}

template <typename Payload>
Payload ts_payload(const std::vector<TsRange>& list) {
    Payload p;
    for (const auto& ts : list)
        p.selectors.push_back(ts.to_wire());
    return p;
}

} // namespace

Result<std::vector<crypto::Proposal>> child_proposals(const ChildConfig& config, bool ike_auth) {
    auto proposals = configured(crypto::Protocol::esp, config.esp_proposals);
    if (!proposals)
        return proposals.error().with_context("conn '" + config.name + "' esp=");
    if (ike_auth)
        for (auto& p : *proposals)
            std::erase_if(p.transforms, [](const crypto::Transform& t) {
                return t.type == crypto::TransformType::ke;
            });
    return proposals;
}

Result<std::unique_ptr<ChildSa>> prepare_child(EngineCore& core, IkeSa& sa,
                                               const ChildConfig& config,
                                               std::optional<std::uint32_t> reqid) {
    auto child = std::make_unique<ChildSa>();
    child->unique_id = core.next_child_id++;
    child->config = config;
    child->reqid = reqid ? *reqid : core.allocate_reqid(config);
    child->mode = config.mode;
    child->initiator = true;
    child->local_ts = configured_ts(config.local_ts, sa.local);
    child->remote_ts = configured_ts(config.remote_ts, sa.remote);
    auto spi = allocate_spi(core, sa);
    if (!spi)
        return spi.error();
    child->inbound_spi = *spi;
    core.emit(EventType::log, &sa, child.get(), "establishing CHILD_SA " + child->name());
    return child;
}

void child_request_payloads(const ChildSa& child, const std::vector<crypto::Proposal>& proposals,
                            std::vector<wire::Payload>& out) {
    out.push_back(sa_payload(proposals, spi_bytes(child.inbound_spi, 4)));
    out.push_back(ts_payload<wire::TsiPayload>(child.local_ts));
    out.push_back(ts_payload<wire::TsrPayload>(child.remote_ts));
    if (child.mode == ChildMode::transport)
        out.push_back(make_notify(wire::NotifyType::use_transport_mode));
}

void schedule_child_lifetime(EngineCore& core, ChildSa& child) {
    auto life = std::chrono::duration_cast<Time>(child.config.lifetime);
    auto margin = std::chrono::duration_cast<Time>(child.config.margintime);
    child.expire_at = core.now + life;
    core.arm(*child.expire_at);
    // Both ends rekey, each at its own random point before the margin runs out
    // (rekeyfuzz=), as charon does; a collision is answered TEMPORARY_FAILURE
    // and retried after a random delay.
    if (!child.config.rekey || life <= margin)
        return;
    auto rekey_after =
        child.soft ? std::chrono::duration_cast<Time>(child.soft->time) : life - margin;
    if (rekey_after <= Time(0) || rekey_after >= life)
        return;
    child.rekey_at = core.now + rekey_after;
    core.arm(*child.rekey_at);
}

std::string child_established_text(const ChildSa& child) {
    return "CHILD_SA " + child.name() + " established with SPIs " + hex_spi(child.inbound_spi) +
           "_i " + hex_spi(child.outbound_spi) + "_o and TS " + to_string(child.local_ts) +
           " === " + to_string(child.remote_ts);
}

Result<void> finish_child(EngineCore& core, IkeSa& sa, ChildSa& child, const ChildAnswer& in) {
    const auto& response = in.response;
    const auto& g_ir = in.g_ir;
    const bool ike_auth = in.in_ike_auth;
    if (const auto* error = find_error_notify(response))
        return Error::ike(static_cast<int>(error->type),
                          "received " + wire::notify_type_name(error->type) + " notify error");
    const auto* sa_in = find_payload<wire::SaPayload>(response);
    if (!sa_in || sa_in->proposals.size() != 1)
        return Error::ike(kNoProposalChosen, "no single proposal in the response");
    auto answer = from_wire(sa_in->proposals[0]);
    if (!answer)
        return answer.error();
    crypto::SelectionOptions options;
    options.skip_ke = ike_auth;
    auto selected = crypto::check_selected(in.offered, *answer, options);
    if (!selected)
        return selected.error();
    auto suite = crypto::child_suite(*selected);
    if (!suite)
        return suite.error();
    if (!ike_auth && suite->ke.has_value() != g_ir.has_value())
        return Error::ike(kInvalidKe, "the responder's KE does not match its proposal");
    auto peer_spi = spi_value(selected->spi, 4);
    if (!peer_spi || *peer_spi == 0)
        return Error::ike(kInvalidSyntax, "the responder's proposal has no 4-octet SPI");
    auto tsi = received_ts<wire::TsiPayload>(response);
    auto tsr = received_ts<wire::TsrPayload>(response);
    if (!tsi || !tsr || !covered(*tsi, child.local_ts) || !covered(*tsr, child.remote_ts))
        return Error::ike(kTsUnacceptable, "the responder's traffic selectors are not a subset "
                                           "of ours");
    bool transport = find_notify(response, wire::NotifyType::use_transport_mode) != nullptr;
    if (child.mode == ChildMode::transport && !transport)
        return Error::ike(kNoProposalChosen, "the responder did not accept transport mode");
    child.mode = transport ? ChildMode::transport : ChildMode::tunnel;
    child.local_ts = *tsi;
    child.remote_ts = *tsr;
    child.outbound_spi = static_cast<std::uint32_t>(*peer_spi);
    child.proposal = *selected;
    child.suite = *suite;
    std::optional<crypto::ByteView> shared;
    if (g_ir)
        shared = crypto::ByteView(*g_ir);
    auto keys =
        crypto::derive_child_sa_keys(sa.suite->prf, sa.keys.sk_d, *suite, shared, in.ni, in.nr);
    if (!keys)
        return keys.error();
    child.keys = std::move(*keys);
    child.encap = sa.nat.any();
    if (auto installed = install_child(core, sa, child, in.install_policies); !installed)
        return installed;
    if (auto moved = core.set_state(sa, child, ChildState::installed); !moved) {
        uninstall_child(core, sa, child);
        return moved;
    }
    schedule_child_lifetime(core, child);
    return success();
}

Result<ChildSa*> respond_child(EngineCore& core, IkeSa& sa,
                               const std::vector<wire::Payload>& request,
                               const std::vector<std::uint8_t>& ni,
                               const std::vector<std::uint8_t>& nr, bool ike_auth,
                               const ChildSa* replaces, std::vector<wire::Payload>& out) {
    const auto* sa_in = find_payload<wire::SaPayload>(request);
    if (!sa_in)
        return Error::ike(kNoProposalChosen, "no SA payload for the CHILD_SA");
    auto received = from_wire(*sa_in);
    if (!received)
        return received.error();
    auto tsi = received_ts<wire::TsiPayload>(request);
    auto tsr = received_ts<wire::TsrPayload>(request);
    if (!tsi || !tsr)
        return Error::ike(kTsUnacceptable, "missing or invalid TSi/TSr");
    bool transport = find_notify(request, wire::NotifyType::use_transport_mode) != nullptr;

    // The first config whose selectors overlap what the initiator proposes.
    const ChildConfig* config = nullptr;
    std::vector<TsRange> local, remote;
    std::vector<ChildConfig> candidates;
    if (replaces)
        candidates.push_back(replaces->config);
    else
        candidates = sa.config.children;
    for (const auto& c : candidates) {
        auto l = narrow(configured_ts(c.local_ts, sa.local), *tsr);
        auto r = narrow(configured_ts(c.remote_ts, sa.remote), *tsi);
        if (!l.empty() && !r.empty()) {
            config = &c;
            local = std::move(l);
            remote = std::move(r);
            break;
        }
    }
    if (!config)
        return Error::ike(kTsUnacceptable, "no matching CHILD_SA config found for " +
                                               to_string(*tsr) + " === " + to_string(*tsi));
    core.emit(EventType::log, &sa, nullptr,
              "selecting traffic selectors: " + to_string(local) + " === " + to_string(remote));
    auto ours = child_proposals(*config, ike_auth);
    if (!ours)
        return Error::ike(kNoProposalChosen, ours.error().to_string());
    crypto::SelectionOptions options;
    options.skip_ke = ike_auth;
    auto selected = crypto::select_proposal(*ours, *received, options);
    if (!selected)
        return selected.error();
    auto suite = crypto::child_suite(*selected);
    if (!suite)
        return Error::ike(kNoProposalChosen, suite.error().to_string());
    core.emit(EventType::log, &sa, nullptr, "selected proposal: " + crypto::to_string(*selected));
    auto peer_spi = spi_value(selected->spi, 4);
    if (!peer_spi || *peer_spi == 0)
        return Error::ike(kInvalidSyntax, "the initiator's proposal has no 4-octet SPI");

    // PFS
    std::optional<std::vector<std::uint8_t>> g_ir;
    std::optional<wire::KePayload> ke_out;
    if (!ike_auth && suite->ke) {
        auto group = static_cast<std::uint16_t>(*suite->ke);
        const auto* ke = find_payload<wire::KePayload>(request);
        if (!ke || ke->group != group)
            return Error::ike(
                kInvalidKe, "PFS group " + std::to_string(group) + " required",
                std::string{static_cast<char>(group >> 8), static_cast<char>(group & 0xff)});
        auto dh = crypto::create_diffie_hellman(*suite->ke, core.rng);
        if (!dh)
            return Error::ike(kNoProposalChosen, dh.error().to_string());
        auto secret = (*dh)->shared_secret(ke->data);
        if (!secret)
            return Error::ike(kInvalidSyntax, secret.error().to_string());
        g_ir = std::move(*secret);
        ke_out = wire::KePayload{group, (*dh)->public_value()};
    }

    auto child = std::make_unique<ChildSa>();
    child->unique_id = core.next_child_id++;
    child->config = *config;
    child->reqid = replaces ? replaces->reqid : core.allocate_reqid(*config);
    child->mode = transport && config->mode == ChildMode::transport ? ChildMode::transport
                                                                    : ChildMode::tunnel;
    child->initiator = false;
    child->local_ts = local;
    child->remote_ts = remote;
    child->outbound_spi = static_cast<std::uint32_t>(*peer_spi);
    child->proposal = *selected;
    child->suite = *suite;
    std::optional<crypto::ByteView> shared;
    if (g_ir)
        shared = crypto::ByteView(*g_ir);
    auto keys = crypto::derive_child_sa_keys(sa.suite->prf, sa.keys.sk_d, *suite, shared, ni, nr);
    if (!keys)
        return Error::ike(kNoProposalChosen, keys.error().to_string());
    child->keys = std::move(*keys);
    child->encap = sa.nat.any();
    auto spi = allocate_spi(core, sa);
    if (!spi)
        return spi.error();
    child->inbound_spi = *spi;
    if (auto installed = install_child(core, sa, *child, replaces == nullptr); !installed)
        return installed.error();
    if (auto moved = core.set_state(sa, *child, ChildState::installed); !moved) {
        uninstall_child(core, sa, *child);
        return Error::ike(static_cast<int>(wire::NotifyType::temporary_failure),
                          moved.error().message);
    }
    schedule_child_lifetime(core, *child);

    crypto::Proposal answer = *selected;
    answer.spi = spi_bytes(child->inbound_spi, 4);
    out.push_back(wire::SaPayload{{to_wire(answer)}});
    if (ke_out)
        out.push_back(*ke_out);
    out.push_back(ts_payload<wire::TsiPayload>(remote));
    out.push_back(ts_payload<wire::TsrPayload>(local));
    if (child->mode == ChildMode::transport)
        out.push_back(make_notify(wire::NotifyType::use_transport_mode));
    sa.children.push_back(std::move(child));
    return sa.children.back().get();
}

Result<std::unique_ptr<crypto::DiffieHellman>>
pfs_key_exchange(EngineCore& core, const std::vector<crypto::Proposal>& proposals,
                 std::uint16_t group, std::vector<wire::Payload>& out) {
    if (proposals.empty() || !proposals.front().has(crypto::TransformType::ke))
        return std::unique_ptr<crypto::DiffieHellman>();
    if (group == 0)
        group = proposals.front().of_type(crypto::TransformType::ke).front().id;
    auto dh = crypto::create_diffie_hellman(static_cast<crypto::KeId>(group), core.rng);
    if (!dh)
        return dh.error();
    out.push_back(wire::KePayload{group, (*dh)->public_value()});
    return std::move(*dh);
}

std::uint16_t requested_group(const std::vector<crypto::Proposal>& proposals,
                              const std::vector<wire::Payload>& response) {
    const auto* n = find_notify(response, wire::NotifyType::invalid_ke_payload);
    auto group = n ? spi_value(n->data, 2) : std::nullopt;
    if (!group || *group == 0)
        return 0;
    for (const auto& p : proposals)
        for (const auto& t : p.of_type(crypto::TransformType::ke))
            if (t.id == *group)
                return static_cast<std::uint16_t>(*group);
    return 0;
}

Result<std::optional<std::vector<std::uint8_t>>>
pfs_shared_secret(const crypto::DiffieHellman* dh, const std::vector<wire::Payload>& response) {
    const auto* ke = find_payload<wire::KePayload>(response);
    if (!dh || !ke)
        return std::optional<std::vector<std::uint8_t>>();
    if (ke->group != static_cast<std::uint16_t>(dh->group()))
        return Error::ike(kInvalidKe, "the responder's KE uses group " + std::to_string(ke->group));
    auto secret = dh->shared_secret(ke->data);
    if (!secret)
        return secret.error();
    return std::optional<std::vector<std::uint8_t>>(std::move(*secret));
}

std::unique_ptr<ChildCreate> ChildCreate::rekeying(const ChildSa& old, std::uint16_t group) {
    auto task = std::make_unique<ChildCreate>(old.config, group);
    task->m_rekey = Rekey{old.inbound_spi, old.reqid, old.mode, old.local_ts, old.remote_ts};
    return task;
}

Result<std::vector<wire::Payload>> ChildCreate::build_request(EngineCore& core, IkeSa& sa) {
    auto proposals = child_proposals(m_config, false);
    if (!proposals)
        return proposals.error();
    m_proposals = std::move(*proposals);
    auto child = prepare_child(
        core, sa, m_config, m_rekey ? std::optional<std::uint32_t>(m_rekey->reqid) : std::nullopt);
    if (!child)
        return child.error();
    m_child = std::move(*child);
    if (m_rekey) {
        m_child->mode = m_rekey->mode;
        m_child->local_ts = m_rekey->local_ts;
        m_child->remote_ts = m_rekey->remote_ts;
    }
    m_ni = core.rng.bytes(core.settings.nonce_size);
    std::vector<wire::Payload> out;
    if (m_rekey)
        out.push_back(make_notify(wire::NotifyType::rekey_sa, {}, wire::ProtocolId::esp,
                                  spi_bytes(m_rekey->old_inbound_spi, 4)));
    child_request_payloads(*m_child, m_proposals, out);
    // the Nonce follows the SA payload
    out.insert(out.begin() + (m_rekey ? 2 : 1), wire::NoncePayload{m_ni});
    auto dh = pfs_key_exchange(core, m_proposals, m_group, out);
    if (!dh) {
        abort(core, sa);
        return dh.error();
    }
    m_dh = std::move(*dh);
    return out;
}

ChildCreate::Outcome ChildCreate::complete(EngineCore& core, IkeSa& sa, const Received& response) {
    Outcome outcome;
    auto nonce = required_nonce(response.payloads);
    auto g_ir = pfs_shared_secret(m_dh.get(), response.payloads);
    if (const auto* error = find_error_notify(response.payloads))
        outcome.result =
            Error::ike(static_cast<int>(error->type),
                       "received " + wire::notify_type_name(error->type) + " notify error");
    else if (!m_child)
        outcome.result = Error::plain("no CHILD_SA was being negotiated");
    else if (!nonce)
        outcome.result = nonce.error();
    else if (!g_ir)
        outcome.result = g_ir.error();
    else
        outcome.result = finish_child(
            core, sa, *m_child,
            ChildAnswer{m_proposals, response.payloads, m_ni, **nonce, *g_ir, false, !m_rekey});
    if (!outcome.result) {
        // INVALID_KE_PAYLOAD: once, with a group we offer that is not the one we sent
        if (auto group = requested_group(m_proposals, response.payloads);
            group != 0 && m_group == 0 && m_dh &&
            group != static_cast<std::uint16_t>(m_dh->group())) {
            core.emit(EventType::invalid_ke, &sa, m_child.get(),
                      "peer didn't accept the PFS group, it requested " + std::to_string(group) +
                          ", retrying");
            outcome.retry_group = group;
        }
    }
    return outcome;
}

TaskStatus ChildCreate::process_response(EngineCore& core, IkeSa& sa, const Received& response) {
    auto outcome = complete(core, sa, response);
    if (outcome.retry_group != 0) {
        abort(core, sa);
        core.queue_task(sa, std::make_unique<ChildCreate>(m_config, outcome.retry_group));
        return TaskStatus::done;
    }
    if (!outcome.result) {
        core.emit(EventType::child_failed, &sa, m_child.get(),
                  "failed to establish CHILD_SA " + (m_child ? m_child->name() : m_config.name) +
                      ": " + outcome.result.error().to_string());
        abort(core, sa);
        return TaskStatus::done;
    }
    core.emit(EventType::child_installed, &sa, m_child.get(), child_established_text(*m_child));
    sa.children.push_back(std::move(m_child));
    return TaskStatus::done;
}

void ChildCreate::abort(EngineCore& core, IkeSa& sa) {
    if (m_child) {
        uninstall_child(core, sa, *m_child);
        m_child.reset();
    }
}

Result<Response> respond_create_child(EngineCore& core, IkeSa& sa, const Received& request) {
    auto nonce = required_nonce(request.payloads);
    if (!nonce)
        return nonce.error();
    if (sa.state() != IkeState::established)
        return Error::ike(static_cast<int>(wire::NotifyType::temporary_failure),
                          "IKE_SA is not established");
    Response response;
    std::vector<std::uint8_t> nr = core.rng.bytes(core.settings.nonce_size);
    auto child =
        respond_child(core, sa, request.payloads, **nonce, nr, false, nullptr, response.payloads);
    if (!child) {
        core.emit(EventType::child_failed, &sa, nullptr,
                  "failed to establish CHILD_SA: " + child.error().to_string());
        return child.error();
    }
    response.payloads.insert(response.payloads.begin() + 1, wire::NoncePayload{nr});
    core.emit(EventType::child_installed, &sa, *child, child_established_text(**child));
    return response;
}

} // namespace ipsec::ike::engine
