// SPDX-License-Identifier: GPL-2.0-or-later
// The client's end of the handshake: the server Finished, the client's second
// flight (EndOfEarlyData, Certificate, CertificateVerify, Finished), and the
// post-handshake messages (NewSessionTicket, KeyUpdate).
#include "tls13/client.hpp"
#include "tls13/signature.hpp"

#include <algorithm>
#include <botan/hash.h>

namespace tls13 {

ipsec::Result<void> Client::on_finished(const HandshakeMessage& msg) {
    auto verify_data = parse_finished(msg.body(), cipher_suite()->hash_len);
    if (!verify_data)
        return verify_data.error();
    const Bytes expected = schedule().finished_verify_data(m_server_hs_secret, transcript_hash());
    if (!Botan::constant_time_compare(expected.data(), verify_data->data(), expected.size()))
        return tls_error(Alert::decrypt_error, "the server's Finished does not verify");
    add_transcript(msg.bytes);
    schedule().derive_master();
    const Bytes th = transcript_hash();
    const Bytes client_ap = schedule().client_application_traffic_secret(th);
    const Bytes server_ap = schedule().server_application_traffic_secret(th);
    log_secret("SERVER_TRAFFIC_SECRET_0", server_ap);
    log_secret("CLIENT_TRAFFIC_SECRET_0", client_ap);
    log_secret("EXPORTER_SECRET", schedule().exporter_master_secret(th));
    if (auto r = set_read_secret(server_ap, true); !r)
        return r;
    if (auto r = send_client_flight(); !r)
        return r;
    set_write_secret(client_ap, true);
    m_resumption_master = schedule().resumption_master_secret(transcript_hash());
    transition(ClientState::connected);
    emit(HandshakeDone{});
    return ipsec::success();
}

ipsec::Result<void> Client::send_client_flight() {
    send_change_cipher_spec();
    if (m_early_sent && m_early_accepted)
        send_handshake(frame_handshake(HandshakeType::end_of_early_data, {}));
    set_write_secret(m_client_hs_secret, false);
    if (m_request) {
        CertificateMsg cert;
        std::optional<uint16_t> scheme;
        if (const auto& id = m_config.identity()) {
            for (uint16_t s : schemes_for_key(*id->key))
                if (std::find(m_request->signature_schemes.begin(),
                              m_request->signature_schemes.end(),
                              s) != m_request->signature_schemes.end()) {
                    scheme = s;
                    break;
                }
            // Without a scheme the server accepts, send no certificate (RFC
            // 8446 section 4.4.2.3) and let the server decide.
            if (scheme)
                for (const auto& c : id->chain)
                    cert.certificates.push_back(c.BER_encode());
        }
        send_handshake(serialize(cert));
        if (scheme) {
            const Bytes content = certificate_verify_content(false, transcript_hash());
            auto sig = sign_as(*m_config.identity(), *scheme, content, rng());
            if (!sig)
                return sig.error();
            send_handshake(serialize(CertificateVerify{*scheme, *sig}));
        }
    }
    send_handshake(
        serialize_finished(schedule().finished_verify_data(m_client_hs_secret, transcript_hash())));
    return ipsec::success();
}

ipsec::Result<void> Client::on_post_handshake(const HandshakeMessage& msg) {
    if (msg.type == HandshakeType::key_update)
        return handle_key_update(msg);
    if (msg.type != HandshakeType::new_session_ticket)
        return tls_error(Alert::unexpected_message,
                         handshake_name(msg.type) + " after the handshake");
    auto nst = parse_new_session_ticket(msg.body());
    if (!nst)
        return nst.error();
    Session s;
    s.cipher_suite = cipher_suite()->id;
    s.psk = schedule().ticket_psk(m_resumption_master, nst->nonce);
    s.ticket = nst->ticket;
    s.lifetime = nst->lifetime;
    s.age_add = nst->age_add;
    s.max_early_data = nst->max_early_data.value_or(0);
    s.received_ms = m_config.now_ms();
    s.server_name = m_config.server_name();
    s.alpn = alpn().value_or("");
    if (!peer_chain().empty()) {
        s.peer_certificate = peer_chain().front().BER_encode();
    } else if (m_config.session()) {
        s.peer_certificate = m_config.session()->peer_certificate;
    }
    emit(TicketReceived{std::move(s)});
    return ipsec::success();
}

} // namespace tls13
