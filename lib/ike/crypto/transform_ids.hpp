// SPDX-License-Identifier: GPL-2.0-or-later
// IKEv2 transform identifiers with their IANA values (RFC 7296 section 3.3.2 and
// the IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" registry), and
// the plain Transform the proposal code and the wire codec share.
#pragma once

#include <compare>
#include <cstdint>

namespace ipsec::ike::crypto {

// Security protocol of a proposal (RFC 7296 section 3.3.1).
enum class Protocol : std::uint8_t {
    ike = 1,
    ah = 2,
    esp = 3,
};

// Transform type (RFC 7296 section 3.3.2).
enum class TransformType : std::uint8_t {
    encr = 1,  // encryption algorithm
    prf = 2,   // pseudorandom function
    integ = 3, // integrity algorithm
    ke = 4,    // key exchange method (Diffie-Hellman group)
    esn = 5,   // extended sequence numbers
};

// Transform type 1.
enum class EncrId : std::uint16_t {
    des_iv64 = 1,
    des = 2,
    triple_des = 3,
    null = 11,
    aes_cbc = 12,
    aes_ctr = 13,
    aes_ccm_8 = 14,
    aes_ccm_12 = 15,
    aes_ccm_16 = 16,
    aes_gcm_8 = 18,
    aes_gcm_12 = 19,
    aes_gcm_16 = 20,
    null_auth_aes_gmac = 21,
    camellia_cbc = 23,
    camellia_ctr = 24,
    camellia_ccm_8 = 25,
    camellia_ccm_12 = 26,
    camellia_ccm_16 = 27,
    chacha20_poly1305 = 28,
};

// Transform type 2.
enum class PrfId : std::uint16_t {
    hmac_md5 = 1,
    hmac_sha1 = 2,
    aes128_xcbc = 4,
    hmac_sha2_256 = 5,
    hmac_sha2_384 = 6,
    hmac_sha2_512 = 7,
    aes128_cmac = 8,
};

// Transform type 3.
enum class IntegId : std::uint16_t {
    none = 0,
    hmac_md5_96 = 1,
    hmac_sha1_96 = 2,
    aes_xcbc_96 = 5,
    hmac_md5_128 = 6,
    hmac_sha1_160 = 7,
    aes_cmac_96 = 8,
    aes_128_gmac = 9,
    aes_192_gmac = 10,
    aes_256_gmac = 11,
    hmac_sha2_256_128 = 12,
    hmac_sha2_384_192 = 13,
    hmac_sha2_512_256 = 14,
};

// Transform type 4.
enum class KeId : std::uint16_t {
    none = 0,
    modp_768 = 1,
    modp_1024 = 2,
    modp_1536 = 5,
    modp_2048 = 14,
    modp_3072 = 15,
    modp_4096 = 16,
    modp_6144 = 17,
    modp_8192 = 18,
    ecp_256 = 19,
    ecp_384 = 20,
    ecp_521 = 21,
    modp_1024_160 = 22,
    modp_2048_224 = 23,
    modp_2048_256 = 24,
    ecp_192 = 25,
    ecp_224 = 26,
    ecp_224_bp = 27,
    ecp_256_bp = 28,
    ecp_384_bp = 29,
    ecp_512_bp = 30,
    curve_25519 = 31,
    curve_448 = 32,
};

// Transform type 5.
enum class EsnId : std::uint16_t {
    no = 0,
    yes = 1,
};

// One transform of a proposal: its type, its IANA id and the Key Length
// attribute in bits (0: no attribute).
struct Transform {
    TransformType type = TransformType::encr;
    std::uint16_t id = 0;
    std::uint16_t key_length = 0;

    friend bool operator==(const Transform&, const Transform&) = default;
};

constexpr Transform make_transform(EncrId id, std::uint16_t key_length = 0) {
    return {TransformType::encr, static_cast<std::uint16_t>(id), key_length};
}
constexpr Transform make_transform(PrfId id) {
    return {TransformType::prf, static_cast<std::uint16_t>(id), 0};
}
constexpr Transform make_transform(IntegId id) {
    return {TransformType::integ, static_cast<std::uint16_t>(id), 0};
}
constexpr Transform make_transform(KeId id) {
    return {TransformType::ke, static_cast<std::uint16_t>(id), 0};
}
constexpr Transform make_transform(EsnId id) {
    return {TransformType::esn, static_cast<std::uint16_t>(id), 0};
}

// IKEv2 notify error types this layer reports (RFC 7296 section 3.10.1).
namespace notify {
constexpr int invalid_syntax = 7;
constexpr int no_proposal_chosen = 14;
constexpr int invalid_ke_payload = 17;
constexpr int authentication_failed = 24;
} // namespace notify

} // namespace ipsec::ike::crypto
