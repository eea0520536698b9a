// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/key_schedule.hpp"

#include <botan/hash.h>
#include <botan/mac.h>
#include <stdexcept>

namespace tls13 {

Bytes hash_of(const std::string& hash, ByteView data) {
    auto h = Botan::HashFunction::create_or_throw(hash);
    h->update(data.data(), data.size());
    Bytes out(h->output_length());
    h->final(out.data());
    return out;
}

Bytes hmac(const std::string& hash, ByteView key, ByteView data) {
    auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(" + hash + ")");
    mac->set_key(key.data(), key.size());
    mac->update(data.data(), data.size());
    Bytes out(mac->output_length());
    mac->final(out.data());
    return out;
}

// RFC 5869 section 2.2: PRK = HMAC-Hash(salt, IKM); an absent salt is HashLen zeros.
Bytes hkdf_extract(const std::string& hash, ByteView salt, ByteView ikm) {
    if (salt.empty()) {
        Bytes zeros(hash_of(hash, {}).size(), 0);
        return hmac(hash, zeros, ikm);
    }
    return hmac(hash, salt, ikm);
}

// RFC 5869 section 2.3: T(i) = HMAC(PRK, T(i-1) | info | i).
static Bytes hkdf_expand(const std::string& hash, ByteView prk, ByteView info, size_t length) {
    auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(" + hash + ")");
    if (length > 255 * mac->output_length())
        throw std::invalid_argument("HKDF-Expand length too large");
    mac->set_key(prk.data(), prk.size());
    Bytes out;
    Bytes t;
    for (uint8_t i = 1; out.size() < length; ++i) {
        mac->update(t.data(), t.size());
        mac->update(info.data(), info.size());
        mac->update(i);
        t.resize(mac->output_length());
        mac->final(t.data());
        out.insert(out.end(), t.begin(), t.end());
    }
    out.resize(length);
    return out;
}

// RFC 8446 section 7.1: HkdfLabel = length(2) | "tls13 " + label (1-byte vector)
// | context (1-byte vector).
Bytes hkdf_expand_label(const std::string& hash, ByteView secret, const std::string& label,
                        ByteView context, size_t length) {
    Writer w;
    w.u16(static_cast<uint16_t>(length));
    const std::string full = "tls13 " + label;
    w.opaque(1, ByteView(reinterpret_cast<const uint8_t*>(full.data()), full.size()));
    w.opaque(1, context);
    return hkdf_expand(hash, secret, w.out(), length);
}

Bytes derive_secret(const std::string& hash, ByteView secret, const std::string& label,
                    ByteView transcript_hash) {
    return hkdf_expand_label(hash, secret, label, transcript_hash, transcript_hash.size());
}

KeySchedule::KeySchedule(const CipherSuite& suite) : m_suite(suite) {}

void KeySchedule::start(ByteView psk) {
    Bytes zeros(m_suite.hash_len, 0);
    m_early = hkdf_extract(m_suite.hash, {}, psk.empty() ? ByteView(zeros) : psk);
    m_handshake.clear();
    m_master.clear();
}

void KeySchedule::add_shared_secret(ByteView shared) {
    Bytes derived = derive_secret(m_suite.hash, m_early, "derived", empty_hash());
    m_handshake = hkdf_extract(m_suite.hash, derived, shared);
}

void KeySchedule::derive_master() {
    Bytes derived = derive_secret(m_suite.hash, m_handshake, "derived", empty_hash());
    Bytes zeros(m_suite.hash_len, 0);
    m_master = hkdf_extract(m_suite.hash, derived, zeros);
}

Bytes KeySchedule::binder_key(bool resumption) const {
    return derive_secret(m_suite.hash, m_early, resumption ? "res binder" : "ext binder",
                         empty_hash());
}

Bytes KeySchedule::client_early_traffic_secret(ByteView th) const {
    return derive_secret(m_suite.hash, m_early, "c e traffic", th);
}

Bytes KeySchedule::client_handshake_traffic_secret(ByteView th) const {
    return derive_secret(m_suite.hash, m_handshake, "c hs traffic", th);
}

Bytes KeySchedule::server_handshake_traffic_secret(ByteView th) const {
    return derive_secret(m_suite.hash, m_handshake, "s hs traffic", th);
}

Bytes KeySchedule::client_application_traffic_secret(ByteView th) const {
    return derive_secret(m_suite.hash, m_master, "c ap traffic", th);
}

Bytes KeySchedule::server_application_traffic_secret(ByteView th) const {
    return derive_secret(m_suite.hash, m_master, "s ap traffic", th);
}

Bytes KeySchedule::exporter_master_secret(ByteView th) const {
    return derive_secret(m_suite.hash, m_master, "exp master", th);
}

Bytes KeySchedule::resumption_master_secret(ByteView th) const {
    return derive_secret(m_suite.hash, m_master, "res master", th);
}

Bytes KeySchedule::finished_verify_data(ByteView base_key, ByteView th) const {
    Bytes key = hkdf_expand_label(m_suite.hash, base_key, "finished", {}, m_suite.hash_len);
    return hmac(m_suite.hash, key, th);
}

TrafficKeys KeySchedule::traffic_keys(ByteView secret) const {
    return {hkdf_expand_label(m_suite.hash, secret, "key", {}, m_suite.key_len),
            hkdf_expand_label(m_suite.hash, secret, "iv", {}, 12)};
}

Bytes KeySchedule::next_application_secret(ByteView secret) const {
    return hkdf_expand_label(m_suite.hash, secret, "traffic upd", {}, m_suite.hash_len);
}

Bytes KeySchedule::ticket_psk(ByteView resumption_master, ByteView nonce) const {
    return hkdf_expand_label(m_suite.hash, resumption_master, "resumption", nonce,
                             m_suite.hash_len);
}

} // namespace tls13
