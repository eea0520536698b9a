// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/engine/ike_auth.hpp"

#include "ike/crypto/psk_auth.hpp"
#include "ike/engine/child_create.hpp"
#include "ike/engine/engine_core.hpp"
#include "ike/engine/kernel_child.hpp"
#include "ike/engine/payload_access.hpp"

namespace ipsec::ike::engine {

namespace {

namespace crypto = ::ipsec::ike::crypto;

// IDx': the ID payload's body (type, three reserved octets, data).
std::vector<std::uint8_t> id_body(wire::IdType type, const wire::Bytes& data) {
    std::vector<std::uint8_t> out(4 + data.size(), 0);
    out[0] = static_cast<std::uint8_t>(type);
    std::copy(data.begin(), data.end(), out.begin() + 4);
    return out;
}

Result<std::vector<std::uint8_t>> psk_auth_data(const IkeSa& sa, bool for_initiator,
                                                const std::vector<std::uint8_t>& body) {
    const auto& message = for_initiator ? sa.init_request : sa.init_response;
    const auto& nonce = for_initiator ? sa.nr : sa.ni;
    const auto& sk_p = for_initiator ? sa.keys.sk_pi : sa.keys.sk_pr;
    auto octets = crypto::signed_octets(sa.suite->prf, message, nonce, sk_p, body);
    if (!octets)
        return octets.error();
    return crypto::psk_auth(sa.suite->prf,
                            crypto::ByteView(sa.config.psk.data(), sa.config.psk.size()), *octets);
}

Result<void> verify_auth(const IkeSa& sa, bool from_initiator, const wire::AuthPayload& auth,
                         const std::vector<std::uint8_t>& body) {
    constexpr int failed = static_cast<int>(wire::NotifyType::authentication_failed);
    if (auth.method != wire::AuthMethod::shared_key_mic)
        return Error::ike(failed, "peer uses authentication method " +
                                      wire::auth_method_name(auth.method) +
                                      ", we expect a pre-shared key");
    const auto& message = from_initiator ? sa.init_request : sa.init_response;
    const auto& nonce = from_initiator ? sa.nr : sa.ni;
    const auto& sk_p = from_initiator ? sa.keys.sk_pi : sa.keys.sk_pr;
    auto octets = crypto::signed_octets(sa.suite->prf, message, nonce, sk_p, body);
    if (!octets)
        return octets.error();
    return crypto::verify_psk_auth(sa.suite->prf,
                                   crypto::ByteView(sa.config.psk.data(), sa.config.psk.size()),
                                   *octets, auth.data);
}

// Other IKE_SAs with the same peer go away when it says INITIAL_CONTACT.
void initial_contact(EngineCore& core, IkeSa& sa) {
    for (auto& [spi, other] : core.sas)
        if (other.get() != &sa && other->state() == IkeState::established &&
            other->config.name == sa.config.name && other->remote_id == sa.remote_id) {
            core.emit(EventType::log, other.get(), nullptr,
                      "destroying duplicate IKE_SA for peer '" + sa.remote_id.to_string() +
                          "', received INITIAL_CONTACT");
            core.destroy(*other, "INITIAL_CONTACT");
        }
}

void established(EngineCore& core, IkeSa& sa) {
    if (!core.set_state(sa, IkeState::established))
        return; // refused and logged: the IKE_SA was closed meanwhile
    sa.expire_at.reset();
    core.emit(EventType::ike_established, &sa, nullptr,
              "IKE_SA " + sa.name() + " established between " + sa.between());
    core.schedule_ike_lifetime(sa);
}

} // namespace

Result<std::vector<wire::Payload>> IkeAuth::build_request(EngineCore& core, IkeSa& sa) {
    std::vector<wire::Payload> out;
    wire::IdiPayload idi{sa.local_id.id_type(), sa.local_id.data()};
    auto auth = psk_auth_data(sa, true, id_body(idi.id_type, idi.data));
    if (!auth)
        return auth.error();
    core.emit(EventType::log, &sa, nullptr,
              "authentication of '" + sa.local_id.to_string() + "' (myself) with pre-shared key");
    out.push_back(idi);
    bool first = true;
    for (const auto& [spi, other] : core.sas)
        if (other.get() != &sa && other->state() == IkeState::established &&
            other->config.name == sa.config.name)
            first = false;
    if (first)
        out.push_back(make_notify(wire::NotifyType::initial_contact));
    if (sa.config.remote_id)
        out.push_back(wire::IdrPayload{sa.remote_id.id_type(), sa.remote_id.data()});
    out.push_back(wire::AuthPayload{wire::AuthMethod::shared_key_mic, std::move(*auth)});
    if (m_config) {
        auto proposals = child_proposals(*m_config, true);
        if (!proposals)
            return proposals.error();
        m_proposals = std::move(*proposals);
        if (!m_child) {
            auto child = prepare_child(core, sa, *m_config, std::nullopt);
            if (!child)
                return child.error();
            m_child = std::move(*child);
        }
        child_request_payloads(*m_child, m_proposals, out);
    }
    return out;
}

TaskStatus IkeAuth::process_response(EngineCore& core, IkeSa& sa, const Received& response) {
    const auto& payloads = response.payloads;
    const auto* idr = find_payload<wire::IdrPayload>(payloads);
    const auto* auth = find_payload<wire::AuthPayload>(payloads);
    if (!idr || !auth) {
        const auto* error = find_error_notify(payloads);
        auto name = error ? wire::notify_type_name(error->type) : std::string("no AUTH");
        core.emit(error && error->type == wire::NotifyType::authentication_failed
                      ? EventType::authentication_failed
                      : EventType::ike_failed,
                  &sa, nullptr, "received " + name + " notify error");
        abort(core, sa);
        return TaskStatus::failed;
    }
    auto peer = Identity::from_wire(idr->id_type, idr->data);
    if (!peer || (sa.config.remote_id && *peer != *sa.config.remote_id)) {
        core.emit(EventType::authentication_failed, &sa, nullptr,
                  "peer identity '" + (peer ? peer->to_string() : std::string("?")) +
                      "' does not match '" + sa.remote_id.to_string() + "'");
        abort(core, sa);
        return TaskStatus::failed;
    }
    if (auto ok = verify_auth(sa, false, *auth, id_body(idr->id_type, idr->data)); !ok) {
        core.emit(EventType::authentication_failed, &sa, nullptr,
                  "authentication of '" + peer->to_string() +
                      "' with pre-shared key failed: " + ok.error().to_string());
        abort(core, sa);
        return TaskStatus::failed;
    }
    sa.remote_id = *peer;
    core.emit(EventType::log, &sa, nullptr,
              "authentication of '" + peer->to_string() + "' with pre-shared key successful");
    established(core, sa);
    if (m_child) {
        auto finished = finish_child(
            core, sa, *m_child,
            ChildAnswer{m_proposals, payloads, sa.ni, sa.nr, std::nullopt, true, true});
        if (!finished) {
            core.emit(EventType::child_failed, &sa, m_child.get(),
                      "failed to establish CHILD_SA " + m_child->name() +
                          ", keeping IKE_SA: " + finished.error().to_string());
            abort(core, sa);
        } else {
            core.emit(EventType::child_installed, &sa, m_child.get(),
                      child_established_text(*m_child));
            sa.children.push_back(std::move(m_child));
        }
    }
    return TaskStatus::done;
}

void IkeAuth::abort(EngineCore& core, IkeSa& sa) {
    if (m_child) {
        uninstall_child(core, sa, *m_child);
        m_child.reset();
    }
}

Result<Response> respond_ike_auth(EngineCore& core, IkeSa& sa, const Received& request) {
    const auto& payloads = request.payloads;
    auto idi_checked = required_payload<wire::IdiPayload>(payloads);
    auto auth_checked = required_payload<wire::AuthPayload>(payloads);
    if (auto present = first_missing(idi_checked, auth_checked); !present)
        return present.error();
    const wire::IdiPayload* idi = *idi_checked;
    const wire::AuthPayload* auth = *auth_checked;
    const auto* idr = find_payload<wire::IdrPayload>(payloads);
    Response failed;
    failed.payloads.push_back(make_notify(wire::NotifyType::authentication_failed));
    failed.destroy_ike = true;

    auto peer = Identity::from_wire(idi->id_type, idi->data);
    std::optional<Identity> wanted;
    if (idr) {
        wanted = Identity::from_wire(idr->id_type, idr->data);
        if (!wanted) {
            core.emit(EventType::authentication_failed, &sa, nullptr,
                      "peer wants an identity of a type iked does not take");
            return failed;
        }
    }
    // The conn chosen by addresses at IKE_SA_INIT may give way to the one
    // whose identities match (charon's peer config selection).
    const PeerConfig* chosen =
        peer ? core.select_peer(sa.local, sa.remote, *peer, wanted) : nullptr;
    if (!chosen) {
        core.emit(EventType::authentication_failed, &sa, nullptr,
                  "no config for peer identity '" + (peer ? peer->to_string() : "?") + "'" +
                      (wanted ? " wanting '" + wanted->to_string() + "'" : std::string()));
        return failed;
    }
    if (chosen->name != sa.config.name) {
        core.emit(EventType::log, &sa, nullptr,
                  "switching to peer config '" + chosen->name + "' for '" + peer->to_string() +
                      "'");
        sa.config = *chosen;
        sa.local_id = chosen->local_id.value_or(Identity::from_address(sa.local.address));
    }
    if (core.psk_lookup)
        if (auto key = core.psk_lookup(sa.local_id, *peer))
            sa.config.psk = std::move(*key);
    if (auto ok = verify_auth(sa, true, *auth, id_body(idi->id_type, idi->data)); !ok) {
        core.emit(EventType::authentication_failed, &sa, nullptr,
                  "tried 1 shared key for '" + sa.local_id.to_string() + "' - '" +
                      peer->to_string() + "', but MAC mismatched (" + ok.error().message + ")");
        return failed;
    }
    sa.remote_id = *peer;
    core.emit(EventType::log, &sa, nullptr,
              "authentication of '" + peer->to_string() + "' with pre-shared key successful");
    if (find_notify(payloads, wire::NotifyType::initial_contact))
        initial_contact(core, sa);

    Response response;
    wire::IdrPayload ours{sa.local_id.id_type(), sa.local_id.data()};
    auto data = psk_auth_data(sa, false, id_body(ours.id_type, ours.data));
    if (!data)
        return data.error();
    core.emit(EventType::log, &sa, nullptr,
              "authentication of '" + sa.local_id.to_string() + "' (myself) with pre-shared key");
    response.payloads.push_back(ours);
    response.payloads.push_back(wire::AuthPayload{wire::AuthMethod::shared_key_mic, *data});
    established(core, sa);
    if (find_payload<wire::SaPayload>(payloads)) {
        auto child =
            respond_child(core, sa, payloads, sa.ni, sa.nr, true, nullptr, response.payloads);
        if (!child) {
            const Error& e = child.error();
            int code = e.domain == ErrorDomain::ike
                           ? e.code
                           : static_cast<int>(wire::NotifyType::no_proposal_chosen);
            core.emit(e.code == static_cast<int>(wire::NotifyType::no_proposal_chosen)
                          ? EventType::no_proposal_chosen
                          : EventType::child_failed,
                      &sa, nullptr,
                      "failed to establish CHILD_SA, keeping IKE_SA: " + e.to_string());
            response.payloads.push_back(make_notify(static_cast<wire::NotifyType>(code)));
        } else {
            core.emit(EventType::child_installed, &sa, *child, child_established_text(**child));
        }
    }
    return response;
}

} // namespace ipsec::ike::engine
