// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS 1.3 record layer (RFC 8446 section 5): framing of TLSPlaintext and
// TLSCiphertext records out of a byte stream, and record protection with an
// AEAD: the per-record nonce (IV xor sequence number), the inner content type,
// zero padding, the size limits and the key usage limits.
#pragma once

#include "tls13/cipher_suite.hpp"
#include "tls13/key_schedule.hpp"
#include "tls13/protocol.hpp"

#include <memory>
#include <optional>

namespace Botan {
class AEAD_Mode;
}

namespace tls13 {

struct RawRecord {
    ContentType type = ContentType::invalid;
    uint16_t version = 0;
    Bytes fragment;
};

// Cuts records out of the bytes received so far.
class RecordDecoder {
public:
    void feed(ByteView data) { m_buffer.insert(m_buffer.end(), data.begin(), data.end()); }
    // The next whole record; nullopt while more bytes are needed. Errors: an
    // unknown content type, a length above 2^14 + 256 (record_overflow).
    ipsec::Result<std::optional<RawRecord>> next();
    size_t buffered() const { return m_buffer.size() - m_pos; }

private:
    Bytes m_buffer;
    size_t m_pos = 0;
};

// Frames an unprotected record (ClientHello, ServerHello, alerts before keys,
// the compatibility change_cipher_spec).
Bytes plaintext_record(ContentType type, ByteView fragment, uint16_t version = kTls12);

struct InnerPlaintext {
    ContentType type = ContentType::invalid;
    Bytes content;
};

// One direction of protected records under one traffic secret.
class RecordCipher {
public:
    enum class Direction { seal, open };
    RecordCipher(const CipherSuite& suite, const TrafficKeys& keys, Direction direction);
    ~RecordCipher();
    RecordCipher(const RecordCipher&) = delete;
    RecordCipher& operator=(const RecordCipher&) = delete;

    // A whole TLSCiphertext record holding content (at most 2^14 bytes) of
    // type, with padding zero bytes after the type.
    ipsec::Result<Bytes> seal(ContentType type, ByteView content, size_t padding = 0);
    // Decrypts and strips padding. bad_record_mac on a failed tag,
    // record_overflow on oversize, unexpected_message when no type is left.
    ipsec::Result<InnerPlaintext> open(const RawRecord& record);

    uint64_t sequence() const { return m_sequence; }
    // True once the key has protected as many records as its suite allows
    // (RFC 8446 section 5.5): the sender must update its key first.
    bool limit_reached() const { return m_sequence >= m_suite.record_limit; }

private:
    Bytes nonce() const;

    CipherSuite m_suite;
    Bytes m_iv;
    uint64_t m_sequence = 0;
    std::unique_ptr<Botan::AEAD_Mode> m_aead;
    Direction m_direction;
};

} // namespace tls13
