// SPDX-License-Identifier: GPL-2.0-or-later
// The server's flight (ServerHello to Finished), the client's second flight
// (EndOfEarlyData, Certificate, CertificateVerify, Finished) and the tickets
// (RFC 8446 sections 4.3 to 4.6.1).
#include "tls13/server.hpp"
#include "tls13/signature.hpp"

#include <algorithm>
#include <botan/hash.h>
#include <botan/rng.h>

namespace tls13 {

ipsec::Result<void> Server::send_server_flight(const ClientHello& ch, const KeyShareEntry& peer) {
    auto share = KeyShare::generate(peer.group, rng());
    if (!share)
        return share.error();
    auto shared = (*share)->agree(peer.key);
    if (!shared)
        return shared.error();
    set_group(peer.group);
    if (m_early_accepted && m_ticket->alpn != alpn().value_or(""))
        m_early_accepted = false; // RFC 8446 section 4.2.10: same ALPN for 0-RTT
    if (ch.early_data && !m_early_accepted)
        m_skip_early = true;
    ServerHello sh;
    sh.random = random_bytes(32);
    sh.session_id = m_session_id;
    sh.cipher_suite = cipher_suite()->id;
    sh.selected_version = kTls13;
    sh.key_share = KeyShareEntry{peer.group, (*share)->public_value()};
    if (resumed())
        sh.psk_identity = 0;
    schedule().start(resumed() ? m_ticket->psk : Bytes());
    if (m_early_accepted) {
        const Bytes early = schedule().client_early_traffic_secret(transcript_hash());
        log_secret("CLIENT_EARLY_TRAFFIC_SECRET", early);
        if (auto r = set_read_secret(early, false); !r)
            return r;
    }
    send_handshake(serialize(sh));
    send_change_cipher_spec(); // middlebox compatibility (RFC 8446 appendix D.4)
    schedule().add_shared_secret(*shared);
    Bytes th = transcript_hash();
    m_client_hs_secret = schedule().client_handshake_traffic_secret(th);
    m_server_hs_secret = schedule().server_handshake_traffic_secret(th);
    log_secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET", m_client_hs_secret);
    log_secret("SERVER_HANDSHAKE_TRAFFIC_SECRET", m_server_hs_secret);
    set_write_secret(m_server_hs_secret, false);

    EncryptedExtensions ee;
    ee.alpn = alpn();
    ee.early_data = m_early_accepted;
    ee.server_name_ack = ch.server_name.has_value() && !resumed();
    send_handshake(serialize(ee));
    if (!resumed()) {
        if (m_config.client_auth() != ClientAuth::none) {
            CertificateRequest cr;
            cr.signature_schemes = supported_signature_schemes();
            cr.authorities = m_config.authorities();
            send_handshake(serialize(cr));
            m_request_sent = true;
        }
        CertificateMsg cert;
        for (const auto& c : m_config.identity().chain)
            cert.certificates.push_back(c.BER_encode());
        send_handshake(serialize(cert));
        const Bytes content = certificate_verify_content(true, transcript_hash());
        auto sig = sign_as(m_config.identity(), m_scheme, content, rng());
        if (!sig)
            return sig.error();
        send_handshake(serialize(CertificateVerify{m_scheme, *sig}));
    }
    send_handshake(
        serialize_finished(schedule().finished_verify_data(m_server_hs_secret, transcript_hash())));
    schedule().derive_master();
    th = transcript_hash();
    m_client_ap_secret = schedule().client_application_traffic_secret(th);
    const Bytes server_ap = schedule().server_application_traffic_secret(th);
    log_secret("SERVER_TRAFFIC_SECRET_0", server_ap);
    log_secret("CLIENT_TRAFFIC_SECRET_0", m_client_ap_secret);
    log_secret("EXPORTER_SECRET", schedule().exporter_master_secret(th));
    set_write_secret(server_ap, true);
    if (m_early_accepted) {
        transition(ServerState::wait_end_of_early_data);
        return ipsec::success();
    }
    if (auto r = set_read_secret(m_client_hs_secret, false); !r)
        return r;
    transition(m_request_sent ? ServerState::wait_client_certificate
                              : ServerState::wait_client_finished);
    return ipsec::success();
}

ipsec::Result<void> Server::on_end_of_early_data(const HandshakeMessage& msg) {
    if (!msg.body().empty())
        return tls_error(Alert::decode_error, "EndOfEarlyData with a body");
    add_transcript(msg.bytes);
    if (auto r = set_read_secret(m_client_hs_secret, false); !r)
        return r;
    transition(ServerState::wait_client_finished);
    return ipsec::success();
}

ipsec::Result<void> Server::on_client_certificate(const HandshakeMessage& msg) {
    auto cert = parse_certificate(msg.body());
    if (!cert)
        return cert.error();
    if (!cert->context.empty())
        return tls_error(Alert::illegal_parameter,
                         "client Certificate with a request context we did not send");
    add_transcript(msg.bytes);
    if (cert->certificates.empty()) {
        // RFC 8446 section 4.4.2.4: abort when a certificate is required.
        if (m_config.client_auth() == ClientAuth::required)
            return tls_error(Alert::certificate_required, "the client sent no certificate");
        transition(ServerState::wait_client_finished);
        return ipsec::success();
    }
    auto chain = decode_chain(cert->certificates);
    if (!chain)
        return chain.error();
    if (auto v = m_config.client_verifier()(*chain); !v)
        return v.error();
    set_peer_chain(std::move(*chain));
    transition(ServerState::wait_client_certificate_verify);
    return ipsec::success();
}

ipsec::Result<void> Server::on_client_certificate_verify(const HandshakeMessage& msg) {
    auto cv = parse_certificate_verify(msg.body());
    if (!cv)
        return cv.error();
    const auto& offered = supported_signature_schemes();
    if (std::find(offered.begin(), offered.end(), cv->scheme) == offered.end())
        return tls_error(Alert::illegal_parameter,
                         "client CertificateVerify with a scheme we did not offer");
    auto key = peer_chain().front().load_subject_public_key();
    const Bytes content = certificate_verify_content(false, transcript_hash());
    if (auto r = verify_signature(cv->scheme, *key, content, cv->signature); !r)
        return r;
    set_peer_scheme(cv->scheme);
    add_transcript(msg.bytes);
    transition(ServerState::wait_client_finished);
    return ipsec::success();
}

ipsec::Result<void> Server::on_client_finished(const HandshakeMessage& msg) {
    auto verify_data = parse_finished(msg.body(), cipher_suite()->hash_len);
    if (!verify_data)
        return verify_data.error();
    const Bytes expected = schedule().finished_verify_data(m_client_hs_secret, transcript_hash());
    if (!Botan::constant_time_compare(expected.data(), verify_data->data(), expected.size()))
        return tls_error(Alert::decrypt_error, "the client's Finished does not verify");
    add_transcript(msg.bytes);
    if (auto r = set_read_secret(m_client_ap_secret, true); !r)
        return r;
    transition(ServerState::connected);
    send_tickets();
    emit(HandshakeDone{});
    return ipsec::success();
}

void Server::send_tickets() {
    if (!m_config.ticket_count())
        return;
    const Bytes resumption = schedule().resumption_master_secret(transcript_hash());
    for (unsigned i = 0; i < m_config.ticket_count(); ++i) {
        TicketState state;
        state.cipher_suite = cipher_suite()->id;
        const Bytes nonce = {static_cast<uint8_t>(i)};
        state.psk = schedule().ticket_psk(resumption, nonce);
        state.created_ms = m_config.now_ms();
        rng().randomize(reinterpret_cast<uint8_t*>(&state.age_add), sizeof state.age_add);
        state.lifetime = 7200;
        state.max_early_data = m_config.max_early_data();
        state.alpn = alpn().value_or("");
        NewSessionTicket nst;
        nst.lifetime = state.lifetime;
        nst.age_add = state.age_add;
        nst.nonce = nonce;
        nst.ticket = m_config.sealer()->seal(state, rng());
        if (state.max_early_data)
            nst.max_early_data = state.max_early_data;
        send_handshake(serialize(nst), false);
    }
}

} // namespace tls13
