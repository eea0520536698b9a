// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS 1.3 server (RFC 8446 section 4, server side) on top of Engine:
// typed states with checked transitions, group selection with
// HelloRetryRequest, certificate authentication with the scheme the client
// accepts, client certificates (optional or required, with
// certificate_authorities), ALPN, session tickets and PSK-DHE resumption,
// 0-RTT with single-use tickets.
#pragma once

#include "tls13/engine.hpp"
#include "tls13/key_share.hpp"
#include "tls13/peer_auth.hpp"
#include "tls13/ticket_sealer.hpp"

#include <functional>

namespace tls13 {

enum class ClientAuth { none, optional, required };

class ServerConfig {
public:
    ServerConfig();
    ServerConfig& set_identity(Identity identity);
    ServerConfig& set_cipher_suites(std::vector<uint16_t> suites); // server preference
    ServerConfig& set_groups(std::vector<uint16_t> groups);        // server preference
    ServerConfig& set_alpn(std::vector<std::string> protocols);
    // Client certificates: verified by verifier, CAs named in the request.
    ServerConfig& set_client_auth(ClientAuth mode, ChainVerifier verifier,
                                  std::vector<Bytes> authorities);
    // Tickets sent after the handshake (0: none), sealed by sealer.
    ServerConfig& set_tickets(unsigned count, std::shared_ptr<TicketSealer> sealer);
    ServerConfig& set_max_early_data(uint32_t bytes);
    // Every client gets a HelloRetryRequest with a cookie first and must echo
    // it (RFC 8446 section 4.2.2): proof that it receives at its address.
    ServerConfig& set_require_cookie(bool require);
    ServerConfig& set_clock(std::function<int64_t()> now_ms);

    ipsec::Result<void> validate() const;

    const Identity& identity() const { return m_identity; }
    const std::vector<uint16_t>& cipher_suites() const { return m_suites; }
    const std::vector<uint16_t>& groups() const { return m_groups; }
    const std::vector<std::string>& alpn() const { return m_alpn; }
    ClientAuth client_auth() const { return m_client_auth; }
    const ChainVerifier& client_verifier() const { return m_client_verifier; }
    const std::vector<Bytes>& authorities() const { return m_authorities; }
    unsigned ticket_count() const { return m_ticket_count; }
    const std::shared_ptr<TicketSealer>& sealer() const { return m_sealer; }
    uint32_t max_early_data() const { return m_max_early_data; }
    bool require_cookie() const { return m_require_cookie; }
    int64_t now_ms() const { return m_clock(); }

private:
    Identity m_identity;
    std::vector<uint16_t> m_suites;
    std::vector<uint16_t> m_groups;
    std::vector<std::string> m_alpn;
    ClientAuth m_client_auth = ClientAuth::none;
    ChainVerifier m_client_verifier;
    std::vector<Bytes> m_authorities;
    unsigned m_ticket_count = 0;
    std::shared_ptr<TicketSealer> m_sealer;
    uint32_t m_max_early_data = 0;
    bool m_require_cookie = false;
    std::function<int64_t()> m_clock;
};

enum class ServerState {
    wait_client_hello,
    wait_second_client_hello,
    wait_end_of_early_data,
    wait_client_certificate,
    wait_client_certificate_verify,
    wait_client_finished,
    connected,
};
std::string state_name(ServerState state);

class Server final : public Engine {
public:
    Server(ServerConfig config, Botan::RandomNumberGenerator& rng);
    ~Server() override;

    ServerState state() const { return m_state; }
    const std::optional<std::string>& server_name() const { return m_server_name; }
    bool hello_retried() const { return m_hello_retried; }
    bool early_data_accepted() const { return m_early_accepted; }
    // The ClientHello the handshake went on with (the second after a retry).
    const std::optional<ClientHello>& client_hello() const { return m_client_hello; }
    // The client authenticated with a certificate (peer_chain() holds it).
    bool client_authenticated() const { return !peer_chain().empty(); }

private:
    ipsec::Result<void> on_handshake_message(const HandshakeMessage& msg) override;
    bool handshake_complete() const override { return m_state == ServerState::connected; }
    bool in_handshake() const override { return m_state != ServerState::connected; }
    bool skip_undecryptable(const RawRecord& rec) override;
    bool accepting_early_data() const override {
        return m_state == ServerState::wait_end_of_early_data;
    }

    void transition(ServerState to);
    ipsec::Result<void> on_client_hello(const HandshakeMessage& msg);
    ipsec::Result<void> negotiate(const ClientHello& ch);
    // group: the key share to ask for (none: the client's share will do).
    ipsec::Result<void> send_hello_retry(const HandshakeMessage& msg, uint16_t group,
                                         bool ask_share);
    ipsec::Result<bool> accept_psk(const ClientHello& ch, const HandshakeMessage& msg);
    ipsec::Result<void> send_server_flight(const ClientHello& ch, const KeyShareEntry& peer);
    ipsec::Result<void> on_end_of_early_data(const HandshakeMessage& msg);
    ipsec::Result<void> on_client_certificate(const HandshakeMessage& msg);
    ipsec::Result<void> on_client_certificate_verify(const HandshakeMessage& msg);
    ipsec::Result<void> on_client_finished(const HandshakeMessage& msg);
    void send_tickets();

    ServerConfig m_config;
    ServerState m_state = ServerState::wait_client_hello;
    bool m_hello_retried = false;
    uint16_t m_retry_group = 0;
    Bytes m_cookie; // sent in the HelloRetryRequest, to come back
    Bytes m_session_id;
    uint16_t m_scheme = 0;
    std::optional<std::string> m_server_name;
    std::optional<ClientHello> m_client_hello;
    std::optional<TicketState> m_ticket;
    bool m_early_accepted = false;
    bool m_skip_early = false;
    size_t m_skipped_early = 0;
    bool m_request_sent = false;
    Bytes m_client_hs_secret;
    Bytes m_server_hs_secret;
    Bytes m_client_ap_secret;
};

} // namespace tls13
