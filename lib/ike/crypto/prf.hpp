// SPDX-License-Identifier: GPL-2.0-or-later
// The IKEv2 pseudorandom functions (transform type 2) and prf+ (RFC 7296
// section 2.13): HMAC-SHA1, HMAC-SHA2-256/384/512, AES-XCBC-PRF-128 (RFC 4434)
// and AES-CMAC-PRF-128 (RFC 4615), each with its own key-length rule.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <cstddef>

namespace ipsec::ike::crypto {

class Prf {
public:
    // Error (NO_PROPOSAL_CHOSEN) for a PRF this library does not implement.
    static ipsec::Result<Prf> create(PrfId id);

    PrfId id() const { return m_id; }
    std::size_t output_size() const;
    // The key size RFC 7296 2.13 calls "preferred": the size of SK_d/SK_pi/SK_pr.
    std::size_t key_size() const;

    // prf(key, data). Keys of any length: HMAC as RFC 2104 says; AES-XCBC
    // pads shorter keys with zeros and reduces longer ones with
    // AES-XCBC-PRF-128(0^128, key) (RFC 4434 section 2); AES-CMAC reduces
    // every key that is not 16 bytes with AES-CMAC(0^128, key) (RFC 4615).
    Bytes compute(ByteView key, ByteView data) const;

    // prf+(key, seed) = T1 | T2 | ... truncated to length, where
    // T1 = prf(K, S | 0x01) and Tn = prf(K, Tn-1 | S | n). Error when more
    // than 255 blocks would be needed.
    ipsec::Result<Bytes> prf_plus(ByteView key, ByteView seed, std::size_t length) const;

private:
    explicit Prf(PrfId id) : m_id(id) {}
    PrfId m_id;
};

} // namespace ipsec::ike::crypto
