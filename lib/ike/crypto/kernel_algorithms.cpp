// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/kernel_algorithms.hpp"

#include "ike/crypto/transform_registry.hpp"

namespace ipsec::ike::crypto {

namespace {

KernelAlgorithm make(std::string name, ByteView key, std::optional<std::uint32_t> icv_bits) {
    return {std::move(name), Bytes(key.begin(), key.end()),
            static_cast<std::uint32_t>(key.size() * 8), icv_bits};
}

std::optional<std::pair<const char*, std::uint32_t>> auth_name(IntegId id) {
    switch (id) {
    case IntegId::hmac_sha1_96:
        return std::pair{"hmac(sha1)", 96u};
    case IntegId::hmac_sha2_256_128:
        return std::pair{"hmac(sha256)", 128u};
    case IntegId::hmac_sha2_384_192:
        return std::pair{"hmac(sha384)", 192u};
    case IntegId::hmac_sha2_512_256:
        return std::pair{"hmac(sha512)", 256u};
    case IntegId::aes_xcbc_96:
        return std::pair{"xcbc(aes)", 96u};
    case IntegId::aes_cmac_96:
        return std::pair{"cmac(aes)", 96u};
    default:
        return std::nullopt;
    }
}

} // namespace

ipsec::Result<KernelSaAlgorithms> kernel_algorithms(const ChildSuite& suite, ByteView encr_key,
                                                    ByteView integ_key) {
    KernelSaAlgorithms out;
    if (suite.encr) {
        Transform t = make_transform(*suite.encr, suite.encr_key_length);
        auto size = encr_key_size(*suite.encr, suite.encr_key_length);
        if (!size)
            return ipsec::Error::plain("no kernel algorithm for " + transform_name(t));
        if (encr_key.size() != *size)
            return ipsec::Error::plain(transform_name(t) + " takes " + std::to_string(*size) +
                                       " bytes of key, got " + std::to_string(encr_key.size()));
        switch (*suite.encr) {
        case EncrId::aes_cbc:
            out.enc = make("cbc(aes)", encr_key, std::nullopt);
            break;
        case EncrId::aes_gcm_8:
            out.aead = make("rfc4106(gcm(aes))", encr_key, 64);
            break;
        case EncrId::aes_gcm_12:
            out.aead = make("rfc4106(gcm(aes))", encr_key, 96);
            break;
        case EncrId::aes_gcm_16:
            out.aead = make("rfc4106(gcm(aes))", encr_key, 128);
            break;
        case EncrId::chacha20_poly1305:
            out.aead = make("rfc7539esp(chacha20,poly1305)", encr_key, 128);
            break;
        default:
            return ipsec::Error::plain("no kernel algorithm for " + transform_name(t));
        }
    }
    if (suite.integ) {
        auto name = auth_name(*suite.integ);
        if (!name)
            return ipsec::Error::plain("no kernel algorithm for " +
                                       transform_name(make_transform(*suite.integ)));
        if (integ_key.size() != integ_key_size(*suite.integ))
            return ipsec::Error::plain(transform_name(make_transform(*suite.integ)) + " takes " +
                                       std::to_string(integ_key_size(*suite.integ)) +
                                       " bytes of key, got " + std::to_string(integ_key.size()));
        out.auth = make(name->first, integ_key, name->second);
    }
    if (!out.enc && !out.aead && !out.auth)
        return ipsec::Error::plain("CHILD_SA suite without algorithms");
    return out;
}

} // namespace ipsec::ike::crypto
