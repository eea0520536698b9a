// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/prf.hpp"

#include "ike/crypto/aes_xcbc.hpp"
#include "ike/crypto/transform_registry.hpp"

#include <botan/mac.h>

namespace ipsec::ike::crypto {

namespace {

const char* hmac_name(PrfId id) {
    switch (id) {
    case PrfId::hmac_sha1:
        return "HMAC(SHA-1)";
    case PrfId::hmac_sha2_256:
        return "HMAC(SHA-256)";
    case PrfId::hmac_sha2_384:
        return "HMAC(SHA-384)";
    case PrfId::hmac_sha2_512:
        return "HMAC(SHA-512)";
    default:
        return nullptr;
    }
}

Bytes mac(const char* name, ByteView key, ByteView data) {
    auto m = Botan::MessageAuthenticationCode::create_or_throw(name);
    m->set_key(key.data(), key.size());
    m->update(data.data(), data.size());
    auto out = m->final();
    return Bytes(out.begin(), out.end());
}

const Bytes kZeroKey(16, 0);

} // namespace

ipsec::Result<Prf> Prf::create(PrfId id) {
    if (!is_supported(make_transform(id)))
        return ipsec::Error::ike(notify::no_proposal_chosen,
                                 "PRF " + transform_name(make_transform(id)) + " (id " +
                                     std::to_string(static_cast<int>(id)) + ") is not supported");
    return Prf(id);
}

std::size_t Prf::output_size() const {
    return prf_output_size(m_id);
}

std::size_t Prf::key_size() const {
    return prf_key_size(m_id);
}

Bytes Prf::compute(ByteView key, ByteView data) const {
    switch (m_id) {
    case PrfId::aes128_xcbc: {
        if (key.size() == 16)
            return aes_xcbc_mac(key, data);
        Bytes k;
        if (key.size() < 16) {
            k.assign(key.begin(), key.end());
            k.resize(16, 0);
        } else {
            k = aes_xcbc_mac(kZeroKey, key);
        }
        return aes_xcbc_mac(k, data);
    }
    case PrfId::aes128_cmac: {
        if (key.size() == 16)
            return mac("CMAC(AES-128)", key, data);
        Bytes k = mac("CMAC(AES-128)", kZeroKey, key);
        return mac("CMAC(AES-128)", k, data);
    }
    default:
        return mac(hmac_name(m_id), key, data);
    }
}

ipsec::Result<Bytes> Prf::prf_plus(ByteView key, ByteView seed, std::size_t length) const {
    std::size_t block = output_size();
    std::size_t blocks = (length + block - 1) / block;
    if (blocks > 255)
        return ipsec::Error::plain("prf+ asked for " + std::to_string(length) +
                                   " bytes, more than 255 blocks of " + std::to_string(block));
    Bytes out;
    out.reserve(blocks * block);
    Bytes t;
    for (std::size_t n = 1; n <= blocks; ++n) {
        const std::uint8_t counter = static_cast<std::uint8_t>(n);
        t = compute(key, concat({t, seed, ByteView(&counter, 1)}));
        out.insert(out.end(), t.begin(), t.end());
    }
    out.resize(length);
    return out;
}

} // namespace ipsec::ike::crypto
