// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/ike_init.hpp"

#include "ike/crypto/proposal_selection.hpp"
#include "ike/crypto/sk_ciphers.hpp"
#include "ike/crypto/transform_registry.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/exchange_rules.hpp"
#include "ike/engine/natd.hpp"
#include "ike/engine/payload_access.hpp"
#include "ike/engine/proposals.hpp"
#include "ike/engine/spi.hpp"
#include "ike/wire/codec.hpp"

namespace ipsec::ike::engine {

namespace {

namespace crypto = ::ipsec::ike::crypto;

std::string group_name(std::uint16_t group) {
    return crypto::transform_name({crypto::TransformType::ke, group, 0});
}

bool offers_group(const std::vector<crypto::Proposal>& proposals, std::uint16_t group) {
    for (const auto& p : proposals)
        for (const auto& t : p.of_type(crypto::TransformType::ke))
            if (t.id == group)
                return true;
    return false;
}

// Keys and SK ciphers of a new IKE_SA from the exchanged values.
Result<void> derive_keys(IkeSa& sa, const crypto::IkeSuite& suite, const crypto::Bytes& g_ir,
                         bool initiator) {
    auto keys = crypto::derive_ike_sa(suite, g_ir, sa.ni, sa.nr, spi_bytes(sa.spi_i, 8),
                                      spi_bytes(sa.spi_r, 8));
    if (!keys)
        return keys.error();
    auto ciphers = crypto::make_sk_ciphers(suite, *keys, initiator);
    if (!ciphers)
        return ciphers.error();
    sa.suite = suite;
    sa.keys = std::move(*keys);
    sa.ciphers.emplace(std::move(*ciphers));
    return success();
}

void send_stateless(EngineCore& core, const wire::Header& request, const Endpoint& local,
                    const Endpoint& remote, wire::NotifyPayload notify) {
    wire::Message response;
    response.header.spi_i = request.spi_i;
    response.header.spi_r = 0;
    response.header.exchange = wire::ExchangeType::ike_sa_init;
    response.header.response = true;
    response.header.message_id = 0;
    response.payloads.push_back(std::move(notify));
    core.emit(EventType::log, nullptr, nullptr, "generating " + response.summary());
    core.send(local, remote, wire::serialize(response));
}

} // namespace

wire::Bytes signature_hash_algorithms() {
    return {0, 2, 0, 3, 0, 4, 0, 5};
}

Result<std::unique_ptr<Task>> IkeInit::create(EngineCore&, IkeSa& sa) {
    auto proposals = configured(crypto::Protocol::ike, sa.config.ike_proposals);
    if (!proposals)
        return proposals.error().with_context("conn '" + sa.config.name + "' ike=");
    if (proposals->empty() || !proposals->front().has(crypto::TransformType::ke))
        return Error::plain("conn '" + sa.config.name + "': the first IKE proposal has no group");
    std::uint16_t group = proposals->front().of_type(crypto::TransformType::ke).front().id;
    return std::unique_ptr<Task>(new IkeInit(std::move(*proposals), group));
}

Result<std::vector<wire::Payload>> IkeInit::build_request(EngineCore& core, IkeSa& sa) {
    if (!sa.dh || static_cast<std::uint16_t>(sa.dh->group()) != m_group) {
        auto dh = crypto::create_diffie_hellman(static_cast<crypto::KeId>(m_group), core.rng);
        if (!dh)
            return dh.error();
        sa.dh = std::move(*dh);
    }
    if (sa.ni.empty())
        sa.ni = core.rng.bytes(core.settings.nonce_size);
    std::vector<wire::Payload> out;
    if (!sa.cookie.empty())
        out.push_back(make_notify(wire::NotifyType::cookie, sa.cookie));
    out.push_back(sa_payload(m_proposals, {}));
    out.push_back(wire::KePayload{m_group, sa.dh->public_value()});
    out.push_back(wire::NoncePayload{sa.ni});
    for (auto& p : natd_payloads(sa.spi_i, 0, sa.local, sa.remote,
                                 sa.config.force_encaps ? &core.rng : nullptr))
        out.push_back(std::move(p));
    if (sa.config.fragmentation)
        out.push_back(make_notify(wire::NotifyType::ikev2_fragmentation_supported));
    out.push_back(
        make_notify(wire::NotifyType::signature_hash_algorithms, signature_hash_algorithms()));
    return out;
}

TaskStatus IkeInit::process_response(EngineCore& core, IkeSa& sa, const Received& response) {
    const auto& payloads = response.payloads;
    if (const auto* cookie = find_notify(payloads, wire::NotifyType::cookie)) {
        if (++m_cookies > 3 || cookie->data.empty() || cookie->data.size() > 64) {
            core.emit(EventType::ike_failed, &sa, nullptr, "received too many or bad COOKIEs");
            return TaskStatus::failed;
        }
        core.emit(EventType::cookie, &sa, nullptr,
                  "received COOKIE notify, retrying " + sa.name() + " with it");
        sa.cookie = cookie->data;
        return TaskStatus::retry;
    }
    if (const auto* ke = find_notify(payloads, wire::NotifyType::invalid_ke_payload)) {
        auto requested = spi_value(ke->data, 2);
        if (!requested || ++m_ke_retries > 2 ||
            !offers_group(m_proposals, static_cast<std::uint16_t>(*requested)) ||
            *requested == m_group) {
            core.emit(EventType::invalid_ke, &sa, nullptr,
                      "peer requested an unacceptable DH group, giving up");
            core.emit(EventType::ike_failed, &sa, nullptr,
                      "establishing IKE_SA " + sa.name() + " failed: INVALID_KE_PAYLOAD");
            return TaskStatus::failed;
        }
        core.emit(EventType::invalid_ke, &sa, nullptr,
                  "peer didn't accept DH group " + group_name(m_group) + ", it requested " +
                      group_name(static_cast<std::uint16_t>(*requested)));
        m_group = static_cast<std::uint16_t>(*requested);
        sa.dh.reset();
        return TaskStatus::retry;
    }
    if (const auto* error = find_error_notify(payloads)) {
        // Unauthenticated: anyone on the path can send it. Note it, and give
        // the real responder a moment to answer (RFC 7296 2.21.1).
        if (!m_error_seen) {
            m_error_seen = error->type;
            core.emit(EventType::log, &sa, nullptr,
                      "received " + wire::notify_type_name(error->type) +
                          " notify error, waiting briefly for another response");
        }
        return TaskStatus::pending;
    }
    auto fail = [&](const std::string& why, EventType type = EventType::ike_failed) {
        core.emit(type, &sa, nullptr, why);
        if (type != EventType::ike_failed)
            core.emit(EventType::ike_failed, &sa, nullptr,
                      "establishing IKE_SA " + sa.name() + " failed");
        return TaskStatus::failed;
    };
    auto sa_checked = required_payload<wire::SaPayload>(payloads);
    auto ke_checked = required_payload<wire::KePayload>(payloads);
    auto nonce_checked = required_nonce(payloads);
    if (auto present = first_missing(sa_checked, ke_checked, nonce_checked); !present)
        return fail("IKE_SA_INIT response: " + present.error().message);
    const wire::SaPayload* sa_payload_in = *sa_checked;
    const wire::KePayload* ke = *ke_checked;
    const wire::Bytes& nonce = **nonce_checked;
    if (sa_payload_in->proposals.size() != 1)
        return fail("IKE_SA_INIT response with " + std::to_string(sa_payload_in->proposals.size()) +
                        " proposals",
                    EventType::no_proposal_chosen);
    auto answer = from_wire(sa_payload_in->proposals[0]);
    if (!answer)
        return fail(answer.error().to_string());
    auto selected = crypto::check_selected(m_proposals, *answer);
    if (!selected)
        return fail("invalid proposal received: " + selected.error().to_string(),
                    EventType::no_proposal_chosen);
    auto suite = crypto::ike_suite(*selected);
    if (!suite)
        return fail(suite.error().to_string(), EventType::no_proposal_chosen);
    core.emit(EventType::log, &sa, nullptr, "selected proposal: " + crypto::to_string(*selected));
    if (ke->group != m_group || static_cast<std::uint16_t>(suite->ke) != m_group)
        return fail("responder's KE payload uses group " + group_name(ke->group) + ", we sent " +
                    group_name(m_group));
    if (response.header.spi_r == 0)
        return fail("IKE_SA_INIT response without a responder SPI");
    auto g_ir = sa.dh->shared_secret(ke->data);
    if (!g_ir)
        return fail("DH failed: " + g_ir.error().to_string());
    sa.nr = nonce;
    sa.spi_r = response.header.spi_r;
    sa.proposal = *selected;
    sa.init_response = response.datagram;
    if (auto derived = derive_keys(sa, *suite, *g_ir, true); !derived)
        return fail("key derivation failed: " + derived.error().to_string());
    sa.dh.reset();
    sa.fragmentation = sa.config.fragmentation &&
                       find_notify(payloads, wire::NotifyType::ikev2_fragmentation_supported);
    sa.fragment_bytes_max = core.settings.fragment_bytes_max;
    sa.nat = check_natd(payloads, sa.spi_i, sa.spi_r, sa.local, sa.remote);
    sa.nat.faked = sa.config.force_encaps;
    if (sa.nat.faked)
        core.emit(EventType::log, &sa, nullptr,
                  "faking NAT situation to enforce UDP encapsulation");
    if (sa.nat.local_behind)
        core.emit(EventType::log, &sa, nullptr, "local host is behind NAT");
    if (sa.nat.remote_behind)
        core.emit(EventType::log, &sa, nullptr, "remote host is behind NAT");
    if ((sa.config.mobike || sa.nat.any()) && sa.remote.port == kIkePort) {
        sa.local.port = kNattPort;
        sa.remote.port = kNattPort;
    }
    return TaskStatus::done;
}

bool IkeInit::fail_pending(EngineCore& core, IkeSa& sa) {
    if (!m_error_seen)
        return false;
    auto name = wire::notify_type_name(*m_error_seen);
    core.emit(*m_error_seen == wire::NotifyType::no_proposal_chosen ? EventType::no_proposal_chosen
                                                                    : EventType::ike_failed,
              &sa, nullptr, "received " + name + " notify error");
    if (*m_error_seen == wire::NotifyType::no_proposal_chosen)
        core.emit(EventType::ike_failed, &sa, nullptr,
                  "establishing IKE_SA " + sa.name() + " failed: " + name);
    return true;
}

void respond_ike_sa_init(EngineCore& core, const wire::Message& request,
                         std::vector<std::uint8_t> datagram, const Endpoint& local,
                         const Endpoint& remote) {
    const auto& h = request.header;
    // A retransmitted request: answer from the half-open IKE_SA, but only the
    // very same request from the same endpoint (no reflection to a third party).
    for (IkeSa* sa : core.responder_sas(h.spi_i)) {
        if (sa->remote == remote && sa->state() != IkeState::destroyed) {
            if (datagram == sa->init_request && sa->state() == IkeState::connecting) {
                core.emit(EventType::log, sa, nullptr,
                          "received retransmit of IKE_SA_INIT request, retransmitting response");
                core.send(local, remote, sa->init_response);
            } else {
                core.emit(EventType::message_dropped, sa, nullptr,
                          "dropping IKE_SA_INIT request for an existing IKE_SA");
            }
            return;
        }
    }
    if (core.settings.half_open_limit != 0 &&
        core.half_open_count() >= core.settings.half_open_limit) {
        core.emit(EventType::message_dropped, nullptr, nullptr,
                  "ignoring IKE_SA_INIT from " + remote.to_string() + ", " +
                      std::to_string(core.half_open_count()) + " half-open IKE_SAs (the limit)");
        return;
    }
    if (h.message_id != 0 || h.spi_r != 0 || h.spi_i == 0) {
        core.emit(EventType::message_dropped, nullptr, nullptr,
                  "dropping IKE_SA_INIT request with message ID " + std::to_string(h.message_id) +
                      " or a responder SPI from " + remote.to_string());
        return;
    }
    core.emit(EventType::log, nullptr, nullptr,
              remote.address.to_string() + " is initiating an IKE_SA");
    const PeerConfig* peer = core.find_peer(local, remote);
    if (!peer) {
        core.emit(EventType::no_proposal_chosen, nullptr, nullptr,
                  "no IKE config found for " + local.address.to_string() + "..." +
                      remote.address.to_string() + ", sending NO_PROPOSAL_CHOSEN");
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::no_proposal_chosen));
        return;
    }
    const auto& payloads = request.payloads;
    if (auto checked = check_payloads(*find_exchange_rule(h.exchange, false), payloads); !checked) {
        core.emit(EventType::message_dropped, nullptr, nullptr, checked.error().to_string());
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::invalid_syntax));
        return;
    }
    if (find_error_notify(payloads)) {
        core.emit(EventType::message_dropped, nullptr, nullptr,
                  "IKE_SA_INIT request with an error notify, dropped");
        return;
    }
    auto sa_checked = required_payload<wire::SaPayload>(payloads);
    auto ke_checked = required_payload<wire::KePayload>(payloads);
    auto nonce_checked = required_nonce(payloads);
    if (auto present = first_missing(sa_checked, ke_checked, nonce_checked); !present) {
        core.emit(EventType::message_dropped, nullptr, nullptr,
                  "IKE_SA_INIT request from " + remote.to_string() + ": " +
                      present.error().message);
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::invalid_syntax));
        return;
    }
    const wire::Bytes& nonce = **nonce_checked;
    const wire::KePayload* ke = *ke_checked;
    if (core.half_open_count() >= core.settings.cookie_threshold) {
        core.cookies.rotate_if_due(core.now, core.settings.cookie_secret_lifetime);
        const auto* cookie = find_notify(payloads, wire::NotifyType::cookie);
        if (!cookie || !core.cookies.verify(cookie->data, nonce, remote, h.spi_i)) {
            core.emit(EventType::cookie, nullptr, nullptr,
                      std::to_string(core.half_open_count()) +
                          " half-open IKE_SAs, sending COOKIE to " + remote.to_string());
            send_stateless(
                core, h, local, remote,
                make_notify(wire::NotifyType::cookie, core.cookies.make(nonce, remote, h.spi_i)));
            return;
        }
    }
    auto received = from_wire(**sa_checked);
    auto ours = configured(crypto::Protocol::ike, peer->ike_proposals);
    if (!received || !ours) {
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::no_proposal_chosen));
        return;
    }
    core.emit(EventType::log, nullptr, nullptr, "received proposals: " + to_string(*received));
    auto selected = crypto::select_proposal(*ours, *received);
    crypto::IkeSuite suite;
    if (selected) {
        auto s = crypto::ike_suite(*selected);
        if (s)
            suite = *s;
        else
            selected = s.error();
    }
    if (!selected) {
        core.emit(EventType::no_proposal_chosen, nullptr, nullptr,
                  "no acceptable proposal found: " + selected.error().to_string());
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::no_proposal_chosen));
        return;
    }
    auto group = static_cast<std::uint16_t>(suite.ke);
    if (ke->group != group) {
        core.emit(EventType::invalid_ke, nullptr, nullptr,
                  "DH group " + group_name(ke->group) + " unacceptable, requesting " +
                      group_name(group));
        send_stateless(core, h, local, remote,
                       make_notify(wire::NotifyType::invalid_ke_payload, spi_bytes(group, 2)));
        return;
    }
    // Before the work and the state a new IKE_SA costs (Diffie-Hellman, memory):
    // at most half_open_per_source half-open IKE_SAs from one address
    // (charon's block_threshold). The stateless answers above still go out.
    if (unsigned from = core.half_open_from(remote.address);
        from >= core.settings.half_open_per_source) {
        core.emit(EventType::message_dropped, nullptr, nullptr,
                  "ignoring IKE_SA_INIT, " + std::to_string(from) + " half-open IKE_SAs from " +
                      remote.address.to_string() + " (blocked)");
        return;
    }
    auto dh = crypto::create_diffie_hellman(suite.ke, core.rng);
    if (!dh) {
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::no_proposal_chosen));
        return;
    }
    auto g_ir = (*dh)->shared_secret(ke->data);
    if (!g_ir) {
        core.emit(EventType::message_dropped, nullptr, nullptr,
                  "bad KE payload: " + g_ir.error().to_string());
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::invalid_syntax));
        return;
    }

    auto sa = std::make_unique<IkeSa>();
    sa->config = *peer;
    sa->original_initiator = false;
    sa->spi_i = h.spi_i;
    sa->spi_r = core.new_spi();
    sa->local = local;
    sa->remote = remote;
    sa->local_id = peer->local_id.value_or(Identity::from_address(local.address));
    sa->remote_id = peer->remote_id.value_or(Identity::from_address(remote.address));
    sa->ni = nonce;
    sa->nr = core.rng.bytes(core.settings.nonce_size);
    sa->proposal = *selected;
    sa->init_request = datagram;
    sa->created_at = core.now;
    sa->last_received = core.now;
    if (auto derived = derive_keys(*sa, suite, *g_ir, false); !derived) {
        core.emit(EventType::ike_failed, nullptr, nullptr,
                  "key derivation failed: " + derived.error().to_string());
        send_stateless(core, h, local, remote, make_notify(wire::NotifyType::no_proposal_chosen));
        return;
    }
    sa->nat = check_natd(payloads, sa->spi_i, 0, local, remote);
    sa->nat.faked = peer->force_encaps;
    sa->fragmentation = peer->fragmentation &&
                        find_notify(payloads, wire::NotifyType::ikev2_fragmentation_supported);
    sa->fragment_bytes_max = core.settings.fragment_bytes_max;

    wire::Message response;
    response.header = sa->header(wire::ExchangeType::ike_sa_init, true, 0);
    response.payloads.push_back(wire::SaPayload{{to_wire(*selected)}});
    response.payloads.push_back(wire::KePayload{group, (*dh)->public_value()});
    response.payloads.push_back(wire::NoncePayload{sa->nr});
    for (auto& p : natd_payloads(sa->spi_i, sa->spi_r, local, remote,
                                 peer->force_encaps ? &core.rng : nullptr))
        response.payloads.push_back(std::move(p));
    if (peer->fragmentation)
        response.payloads.push_back(make_notify(wire::NotifyType::ikev2_fragmentation_supported));
    response.payloads.push_back(
        make_notify(wire::NotifyType::signature_hash_algorithms, signature_hash_algorithms()));
    sa->init_response = wire::serialize(response);
    sa->expected_request_id = 1;
    sa->cached_response_id = 0;
    sa->cached_response = sa->init_response;
    sa->expire_at = core.now + core.settings.half_open_timeout;

    IkeSa& added = core.adopt(std::move(sa));
    (void)core.set_state(added, IkeState::connecting); // CREATED => CONNECTING
    if (added.nat.local_behind)
        core.emit(EventType::log, &added, nullptr, "local host is behind NAT");
    if (added.nat.remote_behind)
        core.emit(EventType::log, &added, nullptr, "remote host is behind NAT");
    core.arm(*added.expire_at);
    core.emit(EventType::log, &added, nullptr,
              "selected proposal: " + crypto::to_string(added.proposal));
    core.emit(EventType::log, &added, nullptr, "generating " + response.summary());
    core.send(local, remote, added.init_response);
}

} // namespace ipsec::ike::engine
