// SPDX-License-Identifier: GPL-2.0-or-later
// The part of a TLS 1.3 endpoint shared by client and server: no sockets, no
// clock of its own. Bytes from the peer go into receive(); what to send comes
// out of take_output(), what happened out of take_events(). It owns the record
// layer, the handshake reassembly, the transcript, alerts, KeyUpdate (RFC 8446
// section 4.6.3) and close_notify; the client and server state machines feed
// it handshake messages and traffic secrets.
#pragma once

#include "tls13/events.hpp"
#include "tls13/key_schedule.hpp"
#include "tls13/messages.hpp"
#include "tls13/record_layer.hpp"

#include <botan/x509cert.h>
#include <memory>
#include <optional>
#include <vector>

namespace Botan {
class RandomNumberGenerator;
}

namespace tls13 {

class Engine {
public:
    virtual ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Bytes from the peer. An error ends the connection: the alert for the
    // peer is already in take_output() (none when the peer sent the alert).
    ipsec::Result<void> receive(ByteView data);
    // Application data (after the handshake), cut into records of 2^14.
    ipsec::Result<void> send(ByteView data);
    // Sends a KeyUpdate and moves to the next sending key; request_peer asks
    // the peer to update its own (RFC 8446 section 4.6.3).
    ipsec::Result<void> update_keys(bool request_peer);
    // close_notify; nothing more can be sent.
    void close();

    Bytes take_output();
    std::vector<Event> take_events();

    bool connected() const { return handshake_complete() && !m_failed && !m_write_closed; }
    bool failed() const { return m_failed; }
    bool peer_closed() const { return m_read_closed; }
    // The negotiated values (valid once the ServerHello is done).
    const std::optional<CipherSuite>& cipher_suite() const { return m_suite; }
    uint16_t group() const { return m_group; }
    uint16_t peer_signature_scheme() const { return m_peer_scheme; }
    const std::optional<std::string>& alpn() const { return m_alpn; }
    bool resumed() const { return m_resumed; }
    const std::vector<Botan::X509_Certificate>& peer_chain() const { return m_peer_chain; }
    const Bytes& client_random() const { return m_client_random; }
    uint64_t bytes_received() const { return m_bytes_in; }
    uint64_t bytes_sent() const { return m_bytes_out; }

protected:
    explicit Engine(Botan::RandomNumberGenerator& rng);

    // A whole handshake message from the peer, in order.
    virtual ipsec::Result<void> on_handshake_message(const HandshakeMessage& msg) = 0;
    virtual bool handshake_complete() const = 0;
    // change_cipher_spec is ignored during the handshake (RFC 8446 section 5).
    virtual bool in_handshake() const = 0;
    // A server that rejected 0-RTT skips records it cannot decrypt (RFC 8446
    // section 4.2.10); true when rec was skipped that way.
    virtual bool skip_undecryptable(const RawRecord&) { return false; }
    // A server reading 0-RTT data under the early traffic key.
    virtual bool accepting_early_data() const { return false; }

    Botan::RandomNumberGenerator& rng() { return m_rng; }
    Bytes random_bytes(size_t n);

    // Sends a handshake message under the current sending key (plaintext
    // before any), adding it to the transcript unless told not to.
    void send_handshake(const Bytes& msg, bool transcript = true);
    void send_change_cipher_spec();
    // Application data under the current key, handshake or not (0-RTT).
    void send_early_record(ByteView data) { send_record(ContentType::application_data, data); }
    void add_transcript(ByteView msg);
    // RFC 8446 section 4.4.1: after a HelloRetryRequest the first ClientHello
    // is replaced by message_hash.
    void replace_transcript_with_hash();
    Bytes transcript_hash() const;
    const Bytes& transcript() const { return m_transcript; }

    void set_suite(const CipherSuite& suite);
    KeySchedule& schedule() { return *m_schedule; }
    ipsec::Result<void> set_read_secret(const Bytes& secret, bool application);
    void set_write_secret(const Bytes& secret, bool application);
    // Back to plaintext records (the second ClientHello after 0-RTT and a retry).
    void drop_write_key() { m_write.reset(); }
    void log_secret(const std::string& label, const Bytes& secret);
    void emit(Event event) { m_events.push_back(std::move(event)); }
    ipsec::Result<void> handle_key_update(const HandshakeMessage& msg);

    void set_client_random(Bytes random) { m_client_random = std::move(random); }
    void set_group(uint16_t group) { m_group = group; }
    void set_peer_scheme(uint16_t scheme) { m_peer_scheme = scheme; }
    void set_alpn(std::optional<std::string> alpn) { m_alpn = std::move(alpn); }
    void set_resumed(bool resumed) { m_resumed = resumed; }
    void set_peer_chain(std::vector<Botan::X509_Certificate> chain) {
        m_peer_chain = std::move(chain);
    }
    // Ends the connection with the alert of error; returns error.
    ipsec::Error fail(const ipsec::Error& error);

private:
    ipsec::Result<void> process_record(const RawRecord& rec);
    ipsec::Result<void> process_plaintext(const InnerPlaintext& plain);
    ipsec::Result<void> process_alert(const Bytes& content);
    void send_record(ContentType type, ByteView content);
    void send_alert(Alert alert);

    Botan::RandomNumberGenerator& m_rng;
    RecordDecoder m_decoder;
    HandshakeReader m_handshake;
    std::unique_ptr<RecordCipher> m_read;
    std::unique_ptr<RecordCipher> m_write;
    Bytes m_read_app_secret;
    Bytes m_write_app_secret;
    std::optional<CipherSuite> m_suite;
    std::unique_ptr<KeySchedule> m_schedule;
    Bytes m_transcript;
    Bytes m_output;
    std::vector<Event> m_events;
    Bytes m_client_random;
    uint16_t m_group = 0;
    uint16_t m_peer_scheme = 0;
    std::optional<std::string> m_alpn;
    bool m_resumed = false;
    std::vector<Botan::X509_Certificate> m_peer_chain;
    bool m_failed = false;
    bool m_read_closed = false;
    bool m_write_closed = false;
    bool m_ccs_sent = false;
    uint64_t m_bytes_in = 0;
    uint64_t m_bytes_out = 0;
};

} // namespace tls13
