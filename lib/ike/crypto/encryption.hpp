// SPDX-License-Identifier: GPL-2.0-or-later
// Protection of the SK payload body (RFC 7296 section 3.14): the IV, the
// encrypted inner payloads with their padding and Pad Length byte, and the ICV.
//
//   AES-CBC + an integrity algorithm: random 16-byte IV, zero padding to the
//     16-byte block, ICV = integ(associated | IV | ciphertext).
//   AES-GCM with an 8/12/16-byte ICV (RFC 5282) and ChaCha20-Poly1305
//     (RFC 7634): key = cipher key | 4-byte salt, nonce = salt | 8-byte
//     explicit IV, AAD = associated, ICV = the AEAD tag; no padding.
//
// `associated` is everything of the message before the IV: the IKE header and
// the SK payload's generic header (and any unencrypted payloads before it),
// with the final lengths already filled in; body_size() says how long the
// body will be.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/integrity.hpp"
#include "ike/crypto/rng.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <cstddef>
#include <optional>

namespace ipsec::ike::crypto {

class Encryption {
public:
    // encr_key is the key material prf+ gave (SK_ei or SK_er), salt included.
    // integrity is required with AES-CBC and must be absent with the AEADs.
    static ipsec::Result<Encryption> create(EncrId id, std::uint16_t key_length_bits,
                                            ByteView encr_key,
                                            std::optional<Integrity> integrity = std::nullopt);

    EncrId id() const { return m_id; }
    bool is_aead() const;
    std::size_t iv_size() const;
    std::size_t block_size() const; // the padding granularity
    std::size_t icv_size() const;
    // Length of the SK payload body that carries plaintext_size bytes.
    std::size_t body_size(std::size_t plaintext_size) const;

    // IV | ciphertext | ICV, with an IV drawn from rng.
    ipsec::Result<Bytes> encrypt(ByteView associated, ByteView plaintext, Rng& rng) const;
    // The same with a given IV (known-answer tests).
    ipsec::Result<Bytes> encrypt_with_iv(ByteView associated, ByteView plaintext,
                                         ByteView iv) const;
    // Checks the ICV, decrypts and strips the padding: the inner payloads.
    ipsec::Result<Bytes> decrypt(ByteView associated, ByteView body) const;

private:
    Encryption(EncrId id, std::uint16_t key_length_bits, Bytes key,
               std::optional<Integrity> integrity)
        : m_id(id), m_key_length_bits(key_length_bits), m_key(std::move(key)),
          m_integrity(std::move(integrity)) {}

    EncrId m_id;
    std::uint16_t m_key_length_bits;
    Bytes m_key;
    std::optional<Integrity> m_integrity;
};

} // namespace ipsec::ike::crypto
