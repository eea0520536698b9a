// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS 1.3 client (RFC 8446 section 4, client side) on top of Engine:
// typed states with checked transitions, (EC)DHE with HelloRetryRequest,
// server authentication, client certificates, PSK resumption from a ticket,
// 0-RTT early data, the TLS 1.2 downgrade sentinel, NewSessionTicket.
#pragma once

#include "tls13/engine.hpp"
#include "tls13/key_share.hpp"
#include "tls13/peer_auth.hpp"

#include <functional>

namespace tls13 {

class ClientConfig {
public:
    ClientConfig();
    ClientConfig& set_server_name(std::string name); // SNI; empty sends none
    ClientConfig& set_cipher_suites(std::vector<uint16_t> suites);
    // Groups offered, and those sent a key share at first (a subset).
    ClientConfig& set_groups(std::vector<uint16_t> groups, std::vector<uint16_t> key_share_groups);
    ClientConfig& set_alpn(std::vector<std::string> protocols);
    ClientConfig& set_verifier(ChainVerifier verifier);
    ClientConfig& set_identity(Identity identity);
    ClientConfig& set_offer_tls12(bool offer);
    // The TLS 1.2 suites offered with it (default: tls12_fallback_suites()).
    ClientConfig& set_tls12_suites(std::vector<uint16_t> suites);
    ClientConfig& set_session(Session session);
    ClientConfig& set_early_data(Bytes data);
    // Milliseconds since the epoch (ticket ages); the system clock by default.
    ClientConfig& set_clock(std::function<int64_t()> now_ms);

    // The whole configuration is usable (suites known, key shares offered...).
    ipsec::Result<void> validate() const;

    const std::string& server_name() const { return m_server_name; }
    const std::vector<uint16_t>& cipher_suites() const { return m_suites; }
    const std::vector<uint16_t>& groups() const { return m_groups; }
    const std::vector<uint16_t>& key_share_groups() const { return m_key_share_groups; }
    const std::vector<std::string>& alpn() const { return m_alpn; }
    const ChainVerifier& verifier() const { return m_verifier; }
    const std::optional<Identity>& identity() const { return m_identity; }
    bool offer_tls12() const { return m_offer_tls12; }
    const std::vector<uint16_t>& tls12_suites() const { return m_tls12_suites; }
    const std::optional<Session>& session() const { return m_session; }
    const Bytes& early_data() const { return m_early_data; }
    int64_t now_ms() const { return m_clock(); }

private:
    std::string m_server_name;
    std::vector<uint16_t> m_suites;
    std::vector<uint16_t> m_groups;
    std::vector<uint16_t> m_key_share_groups;
    std::vector<std::string> m_alpn;
    ChainVerifier m_verifier;
    std::optional<Identity> m_identity;
    bool m_offer_tls12 = false;
    std::vector<uint16_t> m_tls12_suites;
    std::optional<Session> m_session;
    Bytes m_early_data;
    std::function<int64_t()> m_clock;
};

enum class ClientState {
    start,
    wait_server_hello,
    wait_encrypted_extensions,
    wait_certificate_or_request,
    wait_certificate,
    wait_certificate_verify,
    wait_finished,
    connected,
};
std::string state_name(ClientState state);

// The TLS 1.2 suites offered besides the 1.3 ones when TLS 1.2 is offered:
// ECDHE with ECDSA or RSA and AES-GCM or ChaCha20-Poly1305 (RFC 5289, 7905).
const std::vector<uint16_t>& tls12_fallback_suites();

class Client final : public Engine {
public:
    Client(ClientConfig config, Botan::RandomNumberGenerator& rng);
    ~Client() override;

    // Queues the ClientHello (and 0-RTT data when configured).
    ipsec::Result<void> start();
    ClientState state() const { return m_state; }
    // The server answered with TLS 1.2 and no downgrade sentinel: the caller
    // may run its TLS 1.2 stack on a new connection.
    bool peer_chose_tls12() const { return m_peer_tls12; }
    bool hello_retried() const { return m_hello_retried; }
    bool early_data_sent() const { return m_early_sent; }
    bool early_data_accepted() const { return m_early_accepted; }
    const std::optional<CertificateRequest>& certificate_request() const { return m_request; }

private:
    ipsec::Result<void> on_handshake_message(const HandshakeMessage& msg) override;
    bool handshake_complete() const override { return m_state == ClientState::connected; }
    bool in_handshake() const override { return m_state != ClientState::connected; }

    void transition(ClientState to);
    ipsec::Result<void> send_client_hello();
    ipsec::Result<void> add_binder(ClientHello& ch, Bytes& wire);
    ipsec::Result<void> on_server_hello(const HandshakeMessage& msg);
    ipsec::Result<void> check_server_hello(const ServerHello& sh);
    ipsec::Result<void> on_hello_retry(const HandshakeMessage& msg, const ServerHello& sh);
    ipsec::Result<void> on_encrypted_extensions(const HandshakeMessage& msg);
    ipsec::Result<void> on_certificate_request(const HandshakeMessage& msg);
    ipsec::Result<void> on_certificate(const HandshakeMessage& msg);
    ipsec::Result<void> on_certificate_verify(const HandshakeMessage& msg);
    ipsec::Result<void> on_finished(const HandshakeMessage& msg);
    ipsec::Result<void> send_client_flight();
    ipsec::Result<void> on_post_handshake(const HandshakeMessage& msg);

    ClientConfig m_config;
    ClientState m_state = ClientState::start;
    ClientHello m_hello;
    std::vector<std::unique_ptr<KeyShare>> m_shares;
    bool m_hello_retried = false;
    bool m_peer_tls12 = false;
    bool m_psk_offered = false;
    bool m_early_sent = false;
    bool m_early_accepted = false;
    std::optional<CertificateRequest> m_request;
    Bytes m_client_hs_secret;
    Bytes m_server_hs_secret;
    Bytes m_early_secret;
    Bytes m_resumption_master;
};

} // namespace tls13
