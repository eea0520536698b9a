// SPDX-License-Identifier: GPL-2.0-or-later
// TlsEndpoint: the Botan callbacks of one TLS connection over a socket, shared
// by s_client, s_server and s_time. Records go out one flight per write
// (flush() after each input), application data is collected, and what openssl
// shows is recorded: the -state trace ("SSL_connect:SSLv3/TLS write client
// hello"), the peer's signature and temporary key, the CAs a server asks for,
// whether the handshake was a resumption, bytes read and written.
#pragma once

#include <botan/tls_callbacks.h>
#include <botan/tls_channel.h>
#include <botan/tls_session.h>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tlsctl {

class TlsEndpoint : public Botan::TLS::Callbacks {
public:
    TlsEndpoint(int fd, Botan::TLS::Connection_Side side, bool trace);
    ~TlsEndpoint() override = default;

    // Prints "SSL_connect:before SSL initialization" when tracing; call before
    // constructing the Botan client or server.
    void trace_start();
    // A trace line ("DONE", "SSL3 alert write:warning:close notify"), raw.
    void trace_raw(const std::string& line) const;

    // Sends what Botan produced since the last flush, in one write.
    bool flush();
    // Waits up to timeout_ms for data and feeds it to channel. Returns the
    // number of bytes read, 0 on EOF, -1 on a socket error or timeout.
    // Botan's exceptions (fatal alerts, failed checks) pass through.
    long pump(Botan::TLS::Channel& channel, int timeout_ms);
    // Pumps until channel's handshake is done; throws std::runtime_error when
    // the peer closes first or sends nothing for 30 s.
    void complete_handshake(Botan::TLS::Channel& channel);

    // Botan::TLS::Callbacks
    void tls_emit_data(const uint8_t data[], size_t size) override;
    void tls_record_received(uint64_t seq_no, const uint8_t data[], size_t size) override;
    void tls_alert(Botan::TLS::Alert alert) override;
    bool tls_session_established(const Botan::TLS::Session& session) override;
    void tls_inspect_handshake_msg(const Botan::TLS::Handshake_Message& message) override;
    // Signs through the process-wide SignerPool (ready-made signers).
    std::vector<uint8_t> tls_sign_message(const Botan::Private_Key& key,
                                          Botan::RandomNumberGenerator& rng,
                                          const std::string& emsa, Botan::Signature_Format format,
                                          const std::vector<uint8_t>& msg) override;
    bool tls_verify_message(const Botan::Public_Key& key, const std::string& emsa,
                            Botan::Signature_Format format, const std::vector<uint8_t>& msg,
                            const std::vector<uint8_t>& sig) override;
    std::pair<Botan::secure_vector<uint8_t>, std::vector<uint8_t>>
    tls_ecdh_agree(const std::string& curve_name, const std::vector<uint8_t>& peer_public_value,
                   const Botan::TLS::Policy& policy, Botan::RandomNumberGenerator& rng,
                   bool compressed) override;
    std::pair<Botan::secure_vector<uint8_t>, std::vector<uint8_t>>
    tls_dh_agree(const std::vector<uint8_t>& modulus, const std::vector<uint8_t>& generator,
                 const std::vector<uint8_t>& peer_public_value, const Botan::TLS::Policy& policy,
                 Botan::RandomNumberGenerator& rng) override;

    int fd() const { return m_fd; }
    bool established() const { return m_session.has_value(); }
    bool peer_closed() const { return m_peer_closed; }
    const std::optional<Botan::TLS::Session>& session() const { return m_session; }
    // A full handshake shows the peer's (server's) Certificate; a resumed one does not.
    bool resumed() const { return m_established_resumed; }
    std::string& app_data() { return m_app_in; }
    uint64_t bytes_read() const { return m_bytes_read; }
    uint64_t bytes_written() const { return m_bytes_written; }
    const std::optional<Botan::TLS::Alert>& alert() const { return m_alert; }
    const std::string& temp_key() const { return m_temp_key; }
    const std::string& peer_sig_digest() const { return m_peer_sig_digest; }
    const std::string& peer_sig_type() const { return m_peer_sig_type; }
    const std::vector<std::string>& requested_ca_names() const { return m_requested_cas; }
    bool certificate_requested() const { return m_cert_requested; }
    const std::vector<uint16_t>& offered_suites() const { return m_offered_suites; }
    uint32_t ticket_lifetime() const { return m_ticket_lifetime; }
    // Client certificates received by a server (empty: none or an empty message).
    bool received_certificate_message() const { return m_peer_cert_msg; }
    size_t received_certificate_count() const { return m_peer_cert_count; }

protected:
    // Called for every handshake message after the trace, with its direction.
    virtual void on_handshake_message(const Botan::TLS::Handshake_Message& message, bool sent);
    // Prints the trace line held back until the certificate verification lines.
    void flush_pending_trace();
    bool tracing() const { return m_trace; }
    Botan::TLS::Connection_Side side() const { return m_side; }

private:
    void trace(const char* what, bool sent);

    int m_fd;
    Botan::TLS::Connection_Side m_side;
    bool m_trace;
    std::string m_out;
    std::string m_app_in;
    std::string m_pending_trace;
    uint64_t m_bytes_read = 0;
    uint64_t m_bytes_written = 0;
    bool m_peer_closed = false;
    std::optional<Botan::TLS::Alert> m_alert;
    std::optional<Botan::TLS::Session> m_session;
    bool m_saw_hello_done = false;
    bool m_full_handshake = false;
    int m_finished_seen = 0;
    bool m_peer_cert_msg = false;
    size_t m_peer_cert_count = 0;
    bool m_server_cert_seen = false;
    bool m_established_resumed = false;
    bool m_cert_requested = false;
    std::vector<std::string> m_requested_cas;
    std::vector<uint16_t> m_offered_suites;
    uint32_t m_ticket_lifetime = 0;
    std::string m_temp_key;
    std::string m_peer_sig_digest;
    std::string m_peer_sig_type;
};

} // namespace tlsctl
