// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/transform_registry.hpp"

#include <array>

namespace ipsec::ike::crypto {

namespace {

using T = TransformType;

constexpr std::uint16_t v(EncrId id) {
    return static_cast<std::uint16_t>(id);
}
constexpr std::uint16_t v(PrfId id) {
    return static_cast<std::uint16_t>(id);
}
constexpr std::uint16_t v(IntegId id) {
    return static_cast<std::uint16_t>(id);
}
constexpr std::uint16_t v(KeId id) {
    return static_cast<std::uint16_t>(id);
}
constexpr std::uint16_t v(EsnId id) {
    return static_cast<std::uint16_t>(id);
}

constexpr std::array kTable = {
    TransformInfo{T::encr, v(EncrId::des_iv64), "DES_IV64", false},
    TransformInfo{T::encr, v(EncrId::des), "DES_CBC", false},
    TransformInfo{T::encr, v(EncrId::triple_des), "3DES_CBC", false},
    TransformInfo{T::encr, v(EncrId::null), "NULL", false},
    TransformInfo{T::encr, v(EncrId::aes_cbc), "AES_CBC", true},
    TransformInfo{T::encr, v(EncrId::aes_ctr), "AES_CTR", false},
    TransformInfo{T::encr, v(EncrId::aes_ccm_8), "AES_CCM_8", false},
    TransformInfo{T::encr, v(EncrId::aes_ccm_12), "AES_CCM_12", false},
    TransformInfo{T::encr, v(EncrId::aes_ccm_16), "AES_CCM_16", false},
    TransformInfo{T::encr, v(EncrId::aes_gcm_8), "AES_GCM_8", true},
    TransformInfo{T::encr, v(EncrId::aes_gcm_12), "AES_GCM_12", true},
    TransformInfo{T::encr, v(EncrId::aes_gcm_16), "AES_GCM_16", true},
    TransformInfo{T::encr, v(EncrId::null_auth_aes_gmac), "NULL_AES_GMAC", false},
    TransformInfo{T::encr, v(EncrId::camellia_cbc), "CAMELLIA_CBC", false},
    TransformInfo{T::encr, v(EncrId::camellia_ctr), "CAMELLIA_CTR", false},
    TransformInfo{T::encr, v(EncrId::camellia_ccm_8), "CAMELLIA_CCM_8", false},
    TransformInfo{T::encr, v(EncrId::camellia_ccm_12), "CAMELLIA_CCM_12", false},
    TransformInfo{T::encr, v(EncrId::camellia_ccm_16), "CAMELLIA_CCM_16", false},
    TransformInfo{T::encr, v(EncrId::chacha20_poly1305), "CHACHA20_POLY1305", true},

    TransformInfo{T::prf, v(PrfId::hmac_md5), "PRF_HMAC_MD5", false},
    TransformInfo{T::prf, v(PrfId::hmac_sha1), "PRF_HMAC_SHA1", true},
    TransformInfo{T::prf, v(PrfId::aes128_xcbc), "PRF_AES128_XCBC", true},
    TransformInfo{T::prf, v(PrfId::hmac_sha2_256), "PRF_HMAC_SHA2_256", true},
    TransformInfo{T::prf, v(PrfId::hmac_sha2_384), "PRF_HMAC_SHA2_384", true},
    TransformInfo{T::prf, v(PrfId::hmac_sha2_512), "PRF_HMAC_SHA2_512", true},
    TransformInfo{T::prf, v(PrfId::aes128_cmac), "PRF_AES128_CMAC", true},

    TransformInfo{T::integ, v(IntegId::none), "NONE", false},
    TransformInfo{T::integ, v(IntegId::hmac_md5_96), "HMAC_MD5_96", false},
    TransformInfo{T::integ, v(IntegId::hmac_sha1_96), "HMAC_SHA1_96", true},
    TransformInfo{T::integ, v(IntegId::aes_xcbc_96), "AES_XCBC_96", true},
    TransformInfo{T::integ, v(IntegId::hmac_md5_128), "HMAC_MD5_128", false},
    TransformInfo{T::integ, v(IntegId::hmac_sha1_160), "HMAC_SHA1_160", false},
    TransformInfo{T::integ, v(IntegId::aes_cmac_96), "AES_CMAC_96", true},
    TransformInfo{T::integ, v(IntegId::aes_128_gmac), "AES_128_GMAC", false},
    TransformInfo{T::integ, v(IntegId::aes_192_gmac), "AES_192_GMAC", false},
    TransformInfo{T::integ, v(IntegId::aes_256_gmac), "AES_256_GMAC", false},
    TransformInfo{T::integ, v(IntegId::hmac_sha2_256_128), "HMAC_SHA2_256_128", true},
    TransformInfo{T::integ, v(IntegId::hmac_sha2_384_192), "HMAC_SHA2_384_192", true},
    TransformInfo{T::integ, v(IntegId::hmac_sha2_512_256), "HMAC_SHA2_512_256", true},

    TransformInfo{T::ke, v(KeId::none), "KE_NONE", false},
    TransformInfo{T::ke, v(KeId::modp_768), "MODP_768", false},
    TransformInfo{T::ke, v(KeId::modp_1024), "MODP_1024", false},
    TransformInfo{T::ke, v(KeId::modp_1536), "MODP_1536", false},
    TransformInfo{T::ke, v(KeId::modp_2048), "MODP_2048", true},
    TransformInfo{T::ke, v(KeId::modp_3072), "MODP_3072", true},
    TransformInfo{T::ke, v(KeId::modp_4096), "MODP_4096", true},
    TransformInfo{T::ke, v(KeId::modp_6144), "MODP_6144", false},
    TransformInfo{T::ke, v(KeId::modp_8192), "MODP_8192", false},
    TransformInfo{T::ke, v(KeId::ecp_256), "ECP_256", true},
    TransformInfo{T::ke, v(KeId::ecp_384), "ECP_384", true},
    TransformInfo{T::ke, v(KeId::ecp_521), "ECP_521", true},
    TransformInfo{T::ke, v(KeId::modp_1024_160), "MODP_1024_160", false},
    TransformInfo{T::ke, v(KeId::modp_2048_224), "MODP_2048_224", false},
    TransformInfo{T::ke, v(KeId::modp_2048_256), "MODP_2048_256", false},
    TransformInfo{T::ke, v(KeId::ecp_192), "ECP_192", false},
    TransformInfo{T::ke, v(KeId::ecp_224), "ECP_224", false},
    TransformInfo{T::ke, v(KeId::ecp_224_bp), "ECP_224_BP", false},
    TransformInfo{T::ke, v(KeId::ecp_256_bp), "ECP_256_BP", false},
    TransformInfo{T::ke, v(KeId::ecp_384_bp), "ECP_384_BP", false},
    TransformInfo{T::ke, v(KeId::ecp_512_bp), "ECP_512_BP", false},
    TransformInfo{T::ke, v(KeId::curve_25519), "CURVE_25519", true},
    TransformInfo{T::ke, v(KeId::curve_448), "CURVE_448", false},

    TransformInfo{T::esn, v(EsnId::no), "NO_EXT_SEQ", true},
    TransformInfo{T::esn, v(EsnId::yes), "EXT_SEQ", true},
};

} // namespace

std::span<const TransformInfo> transform_table() {
    return kTable;
}

const TransformInfo* find_transform(TransformType type, std::uint16_t id) {
    for (const TransformInfo& info : kTable)
        if (info.type == type && info.id == id)
            return &info;
    return nullptr;
}

std::string_view transform_type_name(TransformType type) {
    switch (type) {
    case TransformType::encr:
        return "ENCRYPTION_ALGORITHM";
    case TransformType::prf:
        return "PSEUDO_RANDOM_FUNCTION";
    case TransformType::integ:
        return "INTEGRITY_ALGORITHM";
    case TransformType::ke:
        return "KEY_EXCHANGE_METHOD";
    case TransformType::esn:
        return "EXTENDED_SEQUENCE_NUMBERS";
    }
    return "UNKNOWN_TRANSFORM_TYPE";
}

std::string transform_name(const Transform& transform) {
    const TransformInfo* info = find_transform(transform.type, transform.id);
    std::string name;
    if (info)
        name = info->name;
    else
        name = "UNKNOWN_" + std::to_string(static_cast<int>(transform.type)) + "_" +
               std::to_string(transform.id);
    if (transform.key_length != 0)
        name += "_" + std::to_string(transform.key_length);
    return name;
}

bool is_aead(EncrId id) {
    switch (id) {
    case EncrId::aes_ccm_8:
    case EncrId::aes_ccm_12:
    case EncrId::aes_ccm_16:
    case EncrId::aes_gcm_8:
    case EncrId::aes_gcm_12:
    case EncrId::aes_gcm_16:
    case EncrId::null_auth_aes_gmac:
    case EncrId::camellia_ccm_8:
    case EncrId::camellia_ccm_12:
    case EncrId::camellia_ccm_16:
    case EncrId::chacha20_poly1305:
        return true;
    default:
        return false;
    }
}

std::optional<std::size_t> encr_key_size(EncrId id, std::uint16_t key_length_bits) {
    switch (id) {
    case EncrId::aes_cbc:
    case EncrId::aes_gcm_8:
    case EncrId::aes_gcm_12:
    case EncrId::aes_gcm_16: {
        if (key_length_bits != 128 && key_length_bits != 192 && key_length_bits != 256)
            return std::nullopt;
        std::size_t salt = id == EncrId::aes_cbc ? 0 : 4;
        return key_length_bits / 8 + salt;
    }
    case EncrId::chacha20_poly1305:
        // RFC 7634: no Key Length attribute; 256-bit key plus 4-byte salt.
        if (key_length_bits != 0 && key_length_bits != 256)
            return std::nullopt;
        return 32 + 4;
    default:
        return std::nullopt;
    }
}

std::size_t integ_key_size(IntegId id) {
    switch (id) {
    case IntegId::hmac_sha1_96:
        return 20;
    case IntegId::aes_xcbc_96:
    case IntegId::aes_cmac_96:
        return 16;
    case IntegId::hmac_sha2_256_128:
        return 32;
    case IntegId::hmac_sha2_384_192:
        return 48;
    case IntegId::hmac_sha2_512_256:
        return 64;
    default:
        return 0;
    }
}

std::size_t integ_icv_size(IntegId id) {
    switch (id) {
    case IntegId::hmac_sha1_96:
    case IntegId::aes_xcbc_96:
    case IntegId::aes_cmac_96:
        return 12;
    case IntegId::hmac_sha2_256_128:
        return 16;
    case IntegId::hmac_sha2_384_192:
        return 24;
    case IntegId::hmac_sha2_512_256:
        return 32;
    default:
        return 0;
    }
}

std::size_t prf_output_size(PrfId id) {
    switch (id) {
    case PrfId::hmac_sha1:
        return 20;
    case PrfId::aes128_xcbc:
    case PrfId::aes128_cmac:
        return 16;
    case PrfId::hmac_sha2_256:
        return 32;
    case PrfId::hmac_sha2_384:
        return 48;
    case PrfId::hmac_sha2_512:
        return 64;
    default:
        return 0;
    }
}

std::size_t prf_key_size(PrfId id) {
    // HMAC PRFs: the output size (RFC 7296 section 2.13); the AES PRFs take
    // a 128-bit key.
    return prf_output_size(id);
}

std::size_t ke_public_size(KeId id) {
    switch (id) {
    case KeId::modp_2048:
        return 256;
    case KeId::modp_3072:
        return 384;
    case KeId::modp_4096:
        return 512;
    case KeId::ecp_256:
        return 64;
    case KeId::ecp_384:
        return 96;
    case KeId::ecp_521:
        return 132;
    case KeId::curve_25519:
        return 32;
    default:
        return 0;
    }
}

bool is_supported(const Transform& transform) {
    const TransformInfo* info = find_transform(transform.type, transform.id);
    if (!info || !info->supported)
        return false;
    if (transform.type == TransformType::encr)
        return encr_key_size(static_cast<EncrId>(transform.id), transform.key_length).has_value();
    return transform.key_length == 0;
}

} // namespace ipsec::ike::crypto
