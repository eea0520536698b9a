// SPDX-License-Identifier: GPL-2.0-or-later
// The transform registry: every transform id this layer knows, with
// strongSwan's name for it (as charon logs it: AES_CBC, HMAC_SHA2_256_128,
// PRF_HMAC_SHA2_256, CURVE_25519, NO_EXT_SEQ), whether this library implements
// it, and the sizes the key schedule needs.
#pragma once

#include "ike/crypto/transform_ids.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ipsec::ike::crypto {

struct TransformInfo {
    TransformType type;
    std::uint16_t id;
    std::string_view name; // strongSwan's name, without the key length
    bool supported;        // implemented by this library
};

// All known transforms, grouped by type.
std::span<const TransformInfo> transform_table();

// nullptr when the id is not in the table.
const TransformInfo* find_transform(TransformType type, std::uint16_t id);

// strongSwan's name of a transform type: ENCRYPTION_ALGORITHM, ...
std::string_view transform_type_name(TransformType type);

// strongSwan's name with the key length: AES_CBC_128, AES_GCM_16_256,
// CHACHA20_POLY1305, PRF_AES128_XCBC; UNKNOWN_<type>_<id> for unknown ids.
std::string transform_name(const Transform& transform);

// True when this library implements the transform with that key length
// attribute (AES: 128, 192 or 256 and required; others: none).
bool is_supported(const Transform& transform);

// AES-GCM and ChaCha20-Poly1305 (the combined-mode ciphers).
bool is_aead(EncrId id);

// Bytes of keying material an encryption transform takes from prf+, the
// AEAD salt included (RFC 5282: 4 bytes; RFC 7634: 4 bytes). nullopt for an
// unsupported transform or key length.
std::optional<std::size_t> encr_key_size(EncrId id, std::uint16_t key_length_bits);

// Key and ICV sizes of an integrity transform; 0 for none or unsupported.
std::size_t integ_key_size(IntegId id);
std::size_t integ_icv_size(IntegId id);

// Output size of a PRF, and its preferred key size (RFC 7296 section 2.13:
// the size of SK_d, SK_pi and SK_pr); 0 for unsupported.
std::size_t prf_output_size(PrfId id);
std::size_t prf_key_size(PrfId id);

// Length of the KE payload's key exchange data for a group; 0 for unsupported.
std::size_t ke_public_size(KeId id);

} // namespace ipsec::ike::crypto
