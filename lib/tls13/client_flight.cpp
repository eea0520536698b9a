// SPDX-License-Identifier: GPL-2.0-or-later
// The client's handling of the server's messages (RFC 8446 sections 4.1.3 to
// 4.6) and its second flight.
#include "tls13/client.hpp"
#include "tls13/signature.hpp"

#include <algorithm>

namespace tls13 {

namespace {

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

bool has_downgrade_sentinel(const Bytes& random) {
    static const uint8_t prefix[7] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44};
    return random.size() == 32 && std::equal(prefix, prefix + 7, random.begin() + 24) &&
           (random[31] == 0 || random[31] == 1);
}

constexpr uint16_t ext(ExtensionType t) {
    return static_cast<uint16_t>(t);
}

} // namespace

ipsec::Result<void> Client::on_handshake_message(const HandshakeMessage& msg) {
    using S = ClientState;
    const auto expect = [&](HandshakeType t) {
        return msg.type == t;
    };
    switch (m_state) {
    case S::wait_server_hello:
        if (expect(HandshakeType::server_hello))
            return on_server_hello(msg);
        break;
    case S::wait_encrypted_extensions:
        if (expect(HandshakeType::encrypted_extensions))
            return on_encrypted_extensions(msg);
        break;
    case S::wait_certificate_or_request:
        if (expect(HandshakeType::certificate_request))
            return on_certificate_request(msg);
        if (expect(HandshakeType::certificate))
            return on_certificate(msg);
        break;
    case S::wait_certificate:
        if (expect(HandshakeType::certificate))
            return on_certificate(msg);
        break;
    case S::wait_certificate_verify:
        if (expect(HandshakeType::certificate_verify))
            return on_certificate_verify(msg);
        break;
    case S::wait_finished:
        if (expect(HandshakeType::finished))
            return on_finished(msg);
        break;
    case S::connected:
        return on_post_handshake(msg);
    case S::start:
        break;
    }
    return tls_error(Alert::unexpected_message,
                     handshake_name(msg.type) + " in client state " + state_name(m_state));
}

ipsec::Result<void> Client::check_server_hello(const ServerHello& sh) {
    if (sh.selected_version == 0) {
        // RFC 8446 section 4.1.3: a TLS 1.2 answer from a server that can do
        // 1.3 carries the sentinel: an attacker removed our 1.3 offer.
        if (has_downgrade_sentinel(sh.random))
            return tls_error(
                Alert::illegal_parameter,
                "ServerHello.random has the TLS 1.3 downgrade sentinel: downgrade attack");
        if (m_config.offer_tls12() && !m_hello_retried) {
            m_peer_tls12 = true;
            return tls_error(Alert::protocol_version, "the server chose TLS 1.2");
        }
        return tls_error(Alert::protocol_version, "the server does not speak TLS 1.3");
    }
    if (sh.selected_version != kTls13)
        return tls_error(Alert::illegal_parameter,
                         "ServerHello selects version " +
                             to_hex(Bytes{static_cast<uint8_t>(sh.selected_version >> 8),
                                          static_cast<uint8_t>(sh.selected_version)}));
    if (sh.session_id != m_hello.session_id)
        return tls_error(Alert::illegal_parameter, "ServerHello does not echo our session id");
    if (!contains(m_hello.cipher_suites, sh.cipher_suite) || !find_cipher_suite(sh.cipher_suite))
        return tls_error(Alert::illegal_parameter, "ServerHello selects cipher suite " +
                                                       std::to_string(sh.cipher_suite) +
                                                       " we did not offer");
    if (cipher_suite() && cipher_suite()->id != sh.cipher_suite && m_hello_retried)
        return tls_error(Alert::illegal_parameter,
                         "ServerHello changes the suite of the HelloRetryRequest");
    const std::vector<uint16_t> allowed =
        sh.is_hello_retry()
            ? std::vector<uint16_t>{ext(ExtensionType::supported_versions),
                                    ext(ExtensionType::key_share), ext(ExtensionType::cookie)}
            : std::vector<uint16_t>{ext(ExtensionType::supported_versions),
                                    ext(ExtensionType::key_share),
                                    ext(ExtensionType::pre_shared_key)};
    for (uint16_t t : sh.extension_types)
        if (!contains(allowed, t))
            return tls_error(Alert::unsupported_extension,
                             "extension " + std::to_string(t) + " in a ServerHello");
    return ipsec::success();
}

ipsec::Result<void> Client::on_server_hello(const HandshakeMessage& msg) {
    auto sh = parse_server_hello(msg.body());
    if (!sh)
        return sh.error();
    if (auto r = check_server_hello(*sh); !r)
        return r;
    if (sh->is_hello_retry())
        return on_hello_retry(msg, *sh);
    if (!sh->key_share)
        return tls_error(Alert::missing_extension,
                         "ServerHello without key_share (psk_ke is not offered)");
    auto share = std::find_if(m_shares.begin(), m_shares.end(),
                              [&](const auto& s) { return s->group() == sh->key_share->group; });
    if (share == m_shares.end())
        return tls_error(Alert::illegal_parameter,
                         "ServerHello key share for a group we sent no share for");
    auto shared = (*share)->agree(sh->key_share->key);
    if (!shared)
        return shared.error();
    const CipherSuite suite = *find_cipher_suite(sh->cipher_suite);
    Bytes psk;
    if (sh->psk_identity) {
        const CipherSuite psk_suite = *find_cipher_suite(m_config.session()->cipher_suite);
        if (!m_psk_offered || *sh->psk_identity != 0 || psk_suite.hash_len != suite.hash_len ||
            std::string(psk_suite.hash) != suite.hash)
            return tls_error(Alert::illegal_parameter,
                             "ServerHello selects a PSK we did not offer for this suite");
        psk = m_config.session()->psk;
        set_resumed(true);
    }
    if (!cipher_suite() || cipher_suite()->id != suite.id) {
        // Keep the transcript (and any 0-RTT key) when the suite is unchanged.
        set_suite(suite);
    }
    set_group(sh->key_share->group);
    add_transcript(msg.bytes);
    schedule().start(psk);
    schedule().add_shared_secret(*shared);
    const Bytes th = transcript_hash();
    m_client_hs_secret = schedule().client_handshake_traffic_secret(th);
    m_server_hs_secret = schedule().server_handshake_traffic_secret(th);
    log_secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET", m_client_hs_secret);
    log_secret("SERVER_HANDSHAKE_TRAFFIC_SECRET", m_server_hs_secret);
    if (auto r = set_read_secret(m_server_hs_secret, false); !r)
        return r;
    transition(ClientState::wait_encrypted_extensions);
    return ipsec::success();
}

ipsec::Result<void> Client::on_hello_retry(const HandshakeMessage& msg, const ServerHello& sh) {
    // RFC 8446 section 4.1.4: one retry, and it must change something.
    if (m_hello_retried)
        return tls_error(Alert::unexpected_message, "a second HelloRetryRequest");
    m_hello_retried = true;
    if (sh.hrr_group) {
        if (!contains(m_hello.groups, *sh.hrr_group) || !group_supported(*sh.hrr_group))
            return tls_error(Alert::illegal_parameter,
                             "HelloRetryRequest asks for a group we did not offer");
        for (const auto& s : m_shares)
            if (s->group() == *sh.hrr_group)
                return tls_error(Alert::illegal_parameter,
                                 "HelloRetryRequest asks for a group we already sent a share for");
    } else if (!sh.cookie) {
        return tls_error(Alert::illegal_parameter,
                         "HelloRetryRequest that would not change the ClientHello");
    }
    const CipherSuite suite = *find_cipher_suite(sh.cipher_suite);
    set_suite(suite);
    replace_transcript_with_hash();
    add_transcript(msg.bytes);
    if (sh.hrr_group) {
        auto share = KeyShare::generate(*sh.hrr_group, rng());
        if (!share)
            return share.error();
        m_shares.clear();
        m_hello.key_shares = {{*sh.hrr_group, (*share)->public_value()}};
        m_shares.push_back(std::move(*share));
    }
    m_hello.cookie = sh.cookie;
    m_hello.early_data = false; // RFC 8446 section 4.2.10
    const Session* s = m_config.session() ? &*m_config.session() : nullptr;
    if (m_psk_offered && find_cipher_suite(s->cipher_suite)->hash != std::string(suite.hash)) {
        m_psk_offered = false; // the PSK cannot be used with this hash
        m_hello.psk_identities.clear();
        m_hello.psk_binders.clear();
    }
    send_change_cipher_spec();
    drop_write_key(); // 0-RTT data is rejected by a retry
    m_early_sent = false;
    transition(ClientState::wait_server_hello);
    return send_client_hello();
}

ipsec::Result<void> Client::on_encrypted_extensions(const HandshakeMessage& msg) {
    auto ee = parse_encrypted_extensions(msg.body());
    if (!ee)
        return ee.error();
    for (uint16_t t : ee->extension_types) {
        const bool offered = t == ext(ExtensionType::supported_groups) ||
                             (t == ext(ExtensionType::server_name) && m_hello.server_name) ||
                             (t == ext(ExtensionType::alpn) && !m_hello.alpn.empty()) ||
                             (t == ext(ExtensionType::early_data) && m_hello.early_data);
        if (!offered)
            return tls_error(Alert::unsupported_extension, "EncryptedExtensions has extension " +
                                                               std::to_string(t) +
                                                               " we did not offer");
    }
    if (ee->alpn && !contains(m_hello.alpn, *ee->alpn))
        return tls_error(Alert::illegal_parameter, "the server selected ALPN protocol '" +
                                                       *ee->alpn + "', which we did not offer");
    if (ee->early_data && !resumed())
        return tls_error(Alert::illegal_parameter, "early_data accepted without the PSK");
    m_early_accepted = ee->early_data;
    set_alpn(ee->alpn);
    add_transcript(msg.bytes);
    transition(resumed() ? ClientState::wait_finished : ClientState::wait_certificate_or_request);
    return ipsec::success();
}

ipsec::Result<void> Client::on_certificate_request(const HandshakeMessage& msg) {
    auto cr = parse_certificate_request(msg.body());
    if (!cr)
        return cr.error();
    if (!cr->context.empty())
        return tls_error(Alert::illegal_parameter, "handshake CertificateRequest with a context");
    m_request = std::move(*cr);
    add_transcript(msg.bytes);
    transition(ClientState::wait_certificate);
    return ipsec::success();
}

ipsec::Result<void> Client::on_certificate(const HandshakeMessage& msg) {
    auto cert = parse_certificate(msg.body());
    if (!cert)
        return cert.error();
    if (!cert->context.empty())
        return tls_error(Alert::illegal_parameter, "server Certificate with a request context");
    auto chain = decode_chain(cert->certificates);
    if (!chain)
        return chain.error();
    if (auto v = m_config.verifier()(*chain); !v)
        return v.error();
    set_peer_chain(std::move(*chain));
    add_transcript(msg.bytes);
    transition(ClientState::wait_certificate_verify);
    return ipsec::success();
}

ipsec::Result<void> Client::on_certificate_verify(const HandshakeMessage& msg) {
    auto cv = parse_certificate_verify(msg.body());
    if (!cv)
        return cv.error();
    if (!contains(m_hello.signature_schemes, cv->scheme))
        return tls_error(Alert::illegal_parameter,
                         "CertificateVerify uses " +
                             scheme_name(static_cast<SignatureScheme>(cv->scheme)) +
                             ", which we did not offer");
    auto key = peer_chain().front().load_subject_public_key();
    const Bytes content = certificate_verify_content(true, transcript_hash());
    if (auto r = verify_signature(cv->scheme, *key, content, cv->signature); !r)
        return r;
    set_peer_scheme(cv->scheme);
    add_transcript(msg.bytes);
    transition(ClientState::wait_finished);
    return ipsec::success();
}

} // namespace tls13
