// SPDX-License-Identifier: GPL-2.0-or-later
// TLS 1.3 handshake messages (RFC 8446 section 4) as plain structs, with their
// parsers and serializers. Parsers take the message body (after the 4-byte
// handshake header), check every length and the extension rules (no duplicates,
// pre_shared_key last) and return an error carrying the alert to send.
#pragma once

#include "tls13/protocol.hpp"
#include "tls13/wire.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tls13 {

struct KeyShareEntry {
    uint16_t group = 0;
    Bytes key;
};

struct PskIdentity {
    Bytes identity;
    uint32_t obfuscated_age = 0;
};

struct ClientHello {
    Bytes random; // 32 bytes
    Bytes session_id;
    std::vector<uint16_t> cipher_suites;
    std::optional<std::string> server_name;
    std::vector<uint16_t> supported_versions;
    std::vector<uint16_t> groups;
    std::vector<uint16_t> signature_schemes;
    std::vector<KeyShareEntry> key_shares;
    bool has_key_share = false;
    std::vector<std::string> alpn;
    std::vector<uint8_t> psk_modes;
    std::optional<Bytes> cookie;
    bool early_data = false;
    std::vector<PskIdentity> psk_identities;
    std::vector<Bytes> psk_binders;
    std::vector<uint16_t> extension_types; // in wire order
};

// The magic ServerHello.random of a HelloRetryRequest (RFC 8446 section 4.1.3).
const Bytes& hello_retry_random();

struct ServerHello {
    Bytes random;
    Bytes session_id;
    uint16_t cipher_suite = 0;
    uint16_t selected_version = 0; // 0: no supported_versions (TLS 1.2 or older)
    std::optional<KeyShareEntry> key_share;
    std::optional<uint16_t> hrr_group; // a HelloRetryRequest's selected_group
    std::optional<Bytes> cookie;
    std::optional<uint16_t> psk_identity;
    std::vector<uint16_t> extension_types;
    bool is_hello_retry() const { return random == hello_retry_random(); }
};

struct EncryptedExtensions {
    std::optional<std::string> alpn;
    bool early_data = false;
    bool server_name_ack = false;
    std::vector<uint16_t> groups;
    std::vector<uint16_t> extension_types;
};

struct CertificateRequest {
    Bytes context;
    std::vector<uint16_t> signature_schemes;
    std::vector<Bytes> authorities; // DER distinguished names
};

struct CertificateMsg {
    Bytes context;
    std::vector<Bytes> certificates; // DER, leaf first
};

struct CertificateVerify {
    uint16_t scheme = 0;
    Bytes signature;
};

struct NewSessionTicket {
    uint32_t lifetime = 0;
    uint32_t age_add = 0;
    Bytes nonce;
    Bytes ticket;
    std::optional<uint32_t> max_early_data;
};

// A handshake message with its 4-byte header.
Bytes frame_handshake(HandshakeType type, ByteView body);

Bytes serialize(const ClientHello& msg);
// Bytes of the binders list (with its 2-byte length) at the end of a
// serialized ClientHello: the part a PSK binder does not cover.
size_t binders_size(const ClientHello& msg);
Bytes serialize(const ServerHello& msg);
Bytes serialize(const EncryptedExtensions& msg);
Bytes serialize(const CertificateRequest& msg);
Bytes serialize(const CertificateMsg& msg);
Bytes serialize(const CertificateVerify& msg);
Bytes serialize_finished(ByteView verify_data);
Bytes serialize(const NewSessionTicket& msg);
Bytes serialize_key_update(bool request_update);

// Each returns the whole message (with header) from serialize, and parses a body.
ipsec::Result<ClientHello> parse_client_hello(ByteView body);
ipsec::Result<ServerHello> parse_server_hello(ByteView body);
ipsec::Result<EncryptedExtensions> parse_encrypted_extensions(ByteView body);
ipsec::Result<CertificateRequest> parse_certificate_request(ByteView body);
ipsec::Result<CertificateMsg> parse_certificate(ByteView body);
ipsec::Result<CertificateVerify> parse_certificate_verify(ByteView body);
ipsec::Result<Bytes> parse_finished(ByteView body, size_t hash_len);
ipsec::Result<NewSessionTicket> parse_new_session_ticket(ByteView body);
ipsec::Result<bool> parse_key_update(ByteView body);

// One handshake message cut from the handshake byte stream.
struct HandshakeMessage {
    HandshakeType type;
    Bytes bytes; // header and body, as the transcript hashes it
    ByteView body() const { return ByteView(bytes).subspan(4); }
};

// Reassembles handshake messages from handshake record fragments (a message
// may span records, a record may hold several messages).
class HandshakeReader {
public:
    void feed(ByteView fragment) {
        m_buffer.insert(m_buffer.end(), fragment.begin(), fragment.end());
    }
    ipsec::Result<std::optional<HandshakeMessage>> next();
    // Bytes of an incomplete message: must be zero when the keys change.
    size_t pending() const { return m_buffer.size(); }

private:
    Bytes m_buffer;
};

} // namespace tls13
