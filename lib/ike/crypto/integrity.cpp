// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/integrity.hpp"

#include "ike/crypto/aes_xcbc.hpp"
#include "ike/crypto/transform_registry.hpp"

#include <botan/mac.h>
#include <botan/mem_ops.h>

namespace ipsec::ike::crypto {

namespace {

const char* mac_name(IntegId id) {
    switch (id) {
    case IntegId::hmac_sha1_96:
        return "HMAC(SHA-1)";
    case IntegId::hmac_sha2_256_128:
        return "HMAC(SHA-256)";
    case IntegId::hmac_sha2_384_192:
        return "HMAC(SHA-384)";
    case IntegId::hmac_sha2_512_256:
        return "HMAC(SHA-512)";
    case IntegId::aes_cmac_96:
        return "CMAC(AES-128)";
    default:
        return nullptr;
    }
}

} // namespace

ipsec::Result<Integrity> Integrity::create(IntegId id, ByteView key) {
    Transform t = make_transform(id);
    if (!is_supported(t))
        return ipsec::Error::ike(notify::no_proposal_chosen,
                                 "integrity algorithm " + transform_name(t) + " (id " +
                                     std::to_string(static_cast<int>(id)) + ") is not supported");
    if (key.size() != integ_key_size(id))
        return ipsec::Error::plain(transform_name(t) + " needs a " +
                                   std::to_string(integ_key_size(id)) + "-byte key, got " +
                                   std::to_string(key.size()));
    return Integrity(id, Bytes(key.begin(), key.end()));
}

std::size_t Integrity::key_size() const {
    return integ_key_size(m_id);
}

std::size_t Integrity::icv_size() const {
    return integ_icv_size(m_id);
}

Bytes Integrity::compute(ByteView data) const {
    Bytes full;
    if (m_id == IntegId::aes_xcbc_96) {
        full = aes_xcbc_mac(m_key, data);
    } else {
        auto mac = Botan::MessageAuthenticationCode::create_or_throw(mac_name(m_id));
        mac->set_key(m_key.data(), m_key.size());
        mac->update(data.data(), data.size());
        auto out = mac->final();
        full.assign(out.begin(), out.end());
    }
    full.resize(icv_size());
    return full;
}

bool Integrity::verify(ByteView data, ByteView icv) const {
    if (icv.size() != icv_size())
        return false;
    Bytes expected = compute(data);
    return Botan::constant_time_compare(expected.data(), icv.data(), icv.size());
}

} // namespace ipsec::ike::crypto
