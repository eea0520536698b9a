// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/record_layer.hpp"

#include <botan/aead.h>

namespace tls13 {

ipsec::Result<std::optional<RawRecord>> RecordDecoder::next() {
    if (buffered() < 5)
        return std::optional<RawRecord>();
    const uint8_t* h = m_buffer.data() + m_pos;
    const auto type = static_cast<ContentType>(h[0]);
    if (type != ContentType::change_cipher_spec && type != ContentType::alert &&
        type != ContentType::handshake && type != ContentType::application_data)
        return tls_error(Alert::unexpected_message,
                         "record of unknown content type " + std::to_string(h[0]));
    const uint16_t version = static_cast<uint16_t>(h[1] << 8 | h[2]);
    if ((version >> 8) != 0x03)
        return tls_error(Alert::protocol_version,
                         "record version " + to_hex(ByteView(h + 1, 2)) + " is not TLS");
    const size_t len = static_cast<size_t>(h[3] << 8 | h[4]);
    if (len > kMaxCiphertext)
        return tls_error(Alert::record_overflow,
                         "record of " + std::to_string(len) + " bytes exceeds 2^14 + 256");
    if (len == 0 && type != ContentType::application_data)
        return tls_error(Alert::unexpected_message,
                         "empty record of type " + std::to_string(static_cast<int>(type)));
    if (buffered() < 5 + len)
        return std::optional<RawRecord>();
    RawRecord rec;
    rec.type = type;
    rec.version = version;
    rec.fragment.assign(h + 5, h + 5 + len);
    m_pos += 5 + len;
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    } else if (m_pos > 65536) {
        m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(m_pos));
        m_pos = 0;
    }
    return std::optional<RawRecord>(std::move(rec));
}

Bytes plaintext_record(ContentType type, ByteView fragment, uint16_t version) {
    Writer w;
    w.u8(static_cast<uint8_t>(type));
    w.u16(version);
    w.opaque(2, fragment);
    return w.take();
}

RecordCipher::RecordCipher(const CipherSuite& suite, const TrafficKeys& keys, Direction direction)
    : m_suite(suite), m_iv(keys.iv), m_direction(direction) {
    m_aead = Botan::AEAD_Mode::create_or_throw(
        suite.aead, direction == Direction::seal ? Botan::ENCRYPTION : Botan::DECRYPTION);
    m_aead->set_key(keys.key.data(), keys.key.size());
}

RecordCipher::~RecordCipher() = default;

// RFC 8446 section 5.3: the 64-bit sequence number, left-padded to the IV
// length, xor the IV.
Bytes RecordCipher::nonce() const {
    Bytes n = m_iv;
    for (size_t i = 0; i < 8; ++i)
        n[n.size() - 1 - i] ^= static_cast<uint8_t>(m_sequence >> (8 * i));
    return n;
}

ipsec::Result<Bytes> RecordCipher::seal(ContentType type, ByteView content, size_t padding) {
    if (m_direction != Direction::seal)
        return tls_error(Alert::internal_error, "seal on a receiving record key");
    if (content.size() > kMaxPlaintext)
        return tls_error(Alert::internal_error, "record content above 2^14 bytes");
    padding = std::min(padding, kMaxPlaintext + 1 - content.size() - 1);
    if (m_sequence == UINT64_MAX)
        return tls_error(Alert::internal_error, "record sequence number exhausted");
    Botan::secure_vector<uint8_t> buf(content.begin(), content.end());
    buf.push_back(static_cast<uint8_t>(type));
    buf.insert(buf.end(), padding, 0);
    const size_t out_len = buf.size() + m_aead->tag_size();
    const uint8_t header[5] = {static_cast<uint8_t>(ContentType::application_data), 0x03, 0x03,
                               static_cast<uint8_t>(out_len >> 8), static_cast<uint8_t>(out_len)};
    m_aead->set_associated_data(header, sizeof header);
    const Bytes n = nonce();
    m_aead->start(n.data(), n.size());
    m_aead->finish(buf);
    ++m_sequence;
    Bytes record(header, header + 5);
    record.insert(record.end(), buf.begin(), buf.end());
    return record;
}

ipsec::Result<InnerPlaintext> RecordCipher::open(const RawRecord& record) {
    if (m_direction != Direction::open)
        return tls_error(Alert::internal_error, "open on a sending record key");
    if (record.type != ContentType::application_data)
        return tls_error(Alert::unexpected_message,
                         "unprotected record of type " +
                             std::to_string(static_cast<int>(record.type)) + " after key change");
    if (record.fragment.size() > kMaxCiphertext)
        return tls_error(Alert::record_overflow, "protected record above 2^14 + 256 bytes");
    if (record.fragment.size() < m_aead->tag_size() + 1)
        return tls_error(Alert::bad_record_mac, "protected record shorter than its tag");
    if (m_sequence == UINT64_MAX)
        return tls_error(Alert::internal_error, "record sequence number exhausted");
    const size_t len = record.fragment.size();
    const uint8_t header[5] = {static_cast<uint8_t>(record.type),
                               static_cast<uint8_t>(record.version >> 8),
                               static_cast<uint8_t>(record.version), static_cast<uint8_t>(len >> 8),
                               static_cast<uint8_t>(len)};
    Botan::secure_vector<uint8_t> buf(record.fragment.begin(), record.fragment.end());
    m_aead->set_associated_data(header, sizeof header);
    const Bytes n = nonce();
    m_aead->start(n.data(), n.size());
    try {
        m_aead->finish(buf);
    } catch (const Botan::Invalid_Authentication_Tag&) {
        return tls_error(Alert::bad_record_mac,
                         "record " + std::to_string(m_sequence) + " failed authentication");
    }
    ++m_sequence;
    if (buf.size() > kMaxPlaintext + 1)
        return tls_error(Alert::record_overflow, "inner plaintext above 2^14 + 1 bytes");
    size_t end = buf.size();
    while (end > 0 && buf[end - 1] == 0)
        --end;
    if (end == 0)
        return tls_error(Alert::unexpected_message, "protected record holds only padding");
    InnerPlaintext out;
    out.type = static_cast<ContentType>(buf[end - 1]);
    out.content.assign(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(end - 1));
    return out;
}

} // namespace tls13
