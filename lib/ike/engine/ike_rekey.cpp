// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/ike_rekey.hpp"

#include "ike/crypto/proposal_selection.hpp"
#include "ike/crypto/sk_ciphers.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/ike_delete.hpp"
#include "ike/engine/payload_access.hpp"
#include "ike/engine/proposals.hpp"
#include "ike/engine/spi.hpp"

namespace ipsec::ike::engine {

namespace {

namespace crypto = ::ipsec::ike::crypto;

constexpr int kNoProposalChosen = static_cast<int>(wire::NotifyType::no_proposal_chosen);

// The new IKE_SA: keys from the old SK_d, the children moved over.
Result<IkeSa*> make_rekeyed(EngineCore& core, IkeSa& old_sa, bool initiator, std::uint64_t spi_i,
                            std::uint64_t spi_r, const crypto::Proposal& selected,
                            const crypto::Bytes& g_ir, const crypto::Bytes& ni,
                            const crypto::Bytes& nr) {
    auto suite = crypto::ike_suite(selected);
    if (!suite)
        return suite.error();
    auto skeyseed =
        crypto::compute_rekey_skeyseed(old_sa.suite->prf, old_sa.keys.sk_d, g_ir, ni, nr);
    if (!skeyseed)
        return skeyseed.error();
    auto keys = crypto::derive_ike_sa_keys(*suite, *skeyseed, ni, nr, spi_bytes(spi_i, 8),
                                           spi_bytes(spi_r, 8));
    if (!keys)
        return keys.error();
    auto ciphers = crypto::make_sk_ciphers(*suite, *keys, initiator);
    if (!ciphers)
        return ciphers.error();
    auto sa = std::make_unique<IkeSa>();
    sa->config = old_sa.config;
    sa->original_initiator = initiator;
    sa->spi_i = spi_i;
    sa->spi_r = spi_r;
    sa->local = old_sa.local;
    sa->remote = old_sa.remote;
    sa->local_id = old_sa.local_id;
    sa->remote_id = old_sa.remote_id;
    sa->ni = ni;
    sa->nr = nr;
    sa->nat = old_sa.nat;
    sa->proposal = selected;
    sa->suite = *suite;
    sa->keys = std::move(*keys);
    sa->ciphers.emplace(std::move(*ciphers));
    sa->created_at = core.now;
    sa->last_received = core.now;
    sa->children = std::move(old_sa.children);
    old_sa.children.clear();
    IkeSa& added = core.adopt(std::move(sa));
    // a new IKE_SA: CREATED => CONNECTING => ESTABLISHED is always allowed
    (void)core.set_state(added, IkeState::connecting);
    (void)core.set_state(added, IkeState::established);
    core.schedule_ike_lifetime(added);
    old_sa.rekey_at.reset();
    old_sa.expire_at.reset();
    if (!core.set_state(old_sa, IkeState::rekeyed))
        core.emit(EventType::log, &old_sa, nullptr,
                  "IKE_SA " + old_sa.name() + " stays " + std::string(state_name(old_sa.state())));
    core.emit(EventType::ike_rekeyed, &added, nullptr,
              "IKE_SA " + old_sa.name() + " rekeyed to " + added.name() + " between " +
                  added.between());
    return &added;
}

} // namespace

Result<std::vector<wire::Payload>> IkeRekey::build_request(EngineCore& core, IkeSa& sa) {
    if (sa.state() != IkeState::established)
        return Error::plain("IKE_SA " + sa.name() + " is " + std::string(state_name(sa.state())) +
                            ", not rekeying");
    auto proposals = configured(crypto::Protocol::ike, sa.config.ike_proposals);
    if (!proposals)
        return proposals.error();
    m_proposals = std::move(*proposals);
    auto dh = crypto::create_diffie_hellman(sa.suite->ke, core.rng);
    if (!dh)
        return dh.error();
    m_dh = std::move(*dh);
    m_spi = core.new_spi();
    m_ni = core.rng.bytes(core.settings.nonce_size);
    if (auto moved = core.set_state(sa, IkeState::rekeying); !moved)
        return moved.error();
    core.emit(EventType::log, &sa, nullptr, "initiating rekeying of IKE_SA " + sa.name());
    std::vector<wire::Payload> out;
    out.push_back(sa_payload(m_proposals, spi_bytes(m_spi, 8)));
    out.push_back(wire::NoncePayload{m_ni});
    out.push_back(wire::KePayload{static_cast<std::uint16_t>(m_dh->group()), m_dh->public_value()});
    return out;
}

TaskStatus IkeRekey::process_response(EngineCore& core, IkeSa& sa, const Received& response) {
    auto fail = [&](const std::string& why) {
        core.emit(EventType::log, &sa, nullptr, "rekeying IKE_SA " + sa.name() + " failed: " + why);
        abort(core, sa);
        return TaskStatus::done;
    };
    if (const auto* error = find_error_notify(response.payloads))
        return fail("received " + wire::notify_type_name(error->type) + " notify error");
    auto sa_checked = required_payload<wire::SaPayload>(response.payloads);
    auto nonce = required_nonce(response.payloads);
    auto ke_checked = required_payload<wire::KePayload>(response.payloads);
    if (auto present = first_missing(sa_checked, nonce, ke_checked); !present)
        return fail(present.error().message);
    const wire::SaPayload* sa_in = *sa_checked;
    const wire::KePayload* ke = *ke_checked;
    if (sa_in->proposals.size() != 1)
        return fail("response with " + std::to_string(sa_in->proposals.size()) + " proposals");
    auto answer = from_wire(sa_in->proposals[0]);
    if (!answer)
        return fail(answer.error().to_string());
    auto selected = crypto::check_selected(m_proposals, *answer);
    if (!selected)
        return fail(selected.error().to_string());
    auto peer_spi = spi_value(selected->spi, 8);
    if (!peer_spi || *peer_spi == 0 || ke->group != static_cast<std::uint16_t>(m_dh->group()))
        return fail("bad SPI or KE group in the response");
    auto g_ir = m_dh->shared_secret(ke->data);
    if (!g_ir)
        return fail(g_ir.error().to_string());
    auto added = make_rekeyed(core, sa, true, m_spi, *peer_spi, *selected, *g_ir, m_ni, **nonce);
    if (!added)
        return fail(added.error().to_string());
    core.queue_task(sa, std::make_unique<IkeDelete>());
    return TaskStatus::done;
}

void IkeRekey::abort(EngineCore& core, IkeSa& sa) {
    if (sa.state() == IkeState::rekeying) {
        (void)core.set_state(sa, IkeState::established); // REKEYING => ESTABLISHED is allowed
        // try again in a while
        sa.rekey_at = core.now + core.retry_delay();
        core.arm(*sa.rekey_at);
    }
}

Result<Response> respond_ike_rekey(EngineCore& core, IkeSa& sa, const Received& request) {
    if (sa.state() != IkeState::established)
        return Error::ike(static_cast<int>(wire::NotifyType::temporary_failure),
                          "IKE_SA " + sa.name() + " is " + std::string(state_name(sa.state())));
    auto sa_checked = required_payload<wire::SaPayload>(request.payloads);
    auto nonce = required_nonce(request.payloads);
    auto ke_checked = required_payload<wire::KePayload>(request.payloads);
    if (auto present = first_missing(sa_checked, nonce, ke_checked); !present)
        return Error::ike(present.error().code, "IKE rekey: " + present.error().message);
    const wire::KePayload* ke = *ke_checked;
    auto received = from_wire(**sa_checked);
    if (!received)
        return received.error();
    auto ours = configured(crypto::Protocol::ike, sa.config.ike_proposals);
    if (!ours)
        return Error::ike(kNoProposalChosen, ours.error().to_string());
    auto selected = crypto::select_proposal(*ours, *received);
    if (!selected)
        return selected.error();
    auto suite = crypto::ike_suite(*selected);
    if (!suite)
        return Error::ike(kNoProposalChosen, suite.error().to_string());
    auto group = static_cast<std::uint16_t>(suite->ke);
    if (ke->group != group)
        return Error::ike(static_cast<int>(wire::NotifyType::invalid_ke_payload),
                          "KE group " + std::to_string(ke->group) + " unacceptable",
                          std::string{static_cast<char>(group >> 8), static_cast<char>(group)});
    auto peer_spi = spi_value(selected->spi, 8);
    if (!peer_spi || *peer_spi == 0)
        return Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                          "IKE rekey proposal without an 8-octet SPI");
    auto dh = crypto::create_diffie_hellman(suite->ke, core.rng);
    if (!dh)
        return Error::ike(kNoProposalChosen, dh.error().to_string());
    auto g_ir = (*dh)->shared_secret(ke->data);
    if (!g_ir)
        return Error::ike(static_cast<int>(wire::NotifyType::invalid_syntax),
                          g_ir.error().to_string());
    std::uint64_t spi = core.new_spi();
    crypto::Bytes nr = core.rng.bytes(core.settings.nonce_size);
    auto added = make_rekeyed(core, sa, false, *peer_spi, spi, *selected, *g_ir, **nonce, nr);
    if (!added)
        return Error::ike(kNoProposalChosen, added.error().to_string());
    crypto::Proposal answer = *selected;
    answer.spi = spi_bytes(spi, 8);
    Response response;
    response.payloads.push_back(wire::SaPayload{{to_wire(answer)}});
    response.payloads.push_back(wire::NoncePayload{nr});
    response.payloads.push_back(wire::KePayload{group, (*dh)->public_value()});
    return response;
}

} // namespace ipsec::ike::engine
