// SPDX-License-Identifier: GPL-2.0-or-later
// Key exchange (transform type 4) in IKE's encodings (RFC 7296 section 3.4,
// RFC 5903, RFC 8031):
//   MODP 2048/3072/4096 (groups 14/15/16): public value and g^ir big-endian,
//     zero-padded to the size of the prime;
//   ECP 256/384/521 (19/20/21): public value x | y without the 0x04 point
//     prefix, each coordinate padded to the field size; g^ir is x alone;
//   Curve25519 (31): the raw 32-byte public value and shared secret; an
//     all-zero shared secret is refused.
// The engine sees only bytes; Botan stays inside.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/rng.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <memory>

namespace ipsec::ike::crypto {

class DiffieHellman {
public:
    virtual ~DiffieHellman() = default;

    virtual KeId group() const = 0;
    // The Key Exchange Data of our KE payload.
    virtual Bytes public_value() const = 0;
    // g^ir from the peer's Key Exchange Data; an error (INVALID_SYNTAX) names
    // what is wrong with a peer value of the wrong size or off the group.
    virtual ipsec::Result<Bytes> shared_secret(ByteView peer_public) const = 0;
};

// A fresh private key drawn from rng. Error (INVALID_KE_PAYLOAD) for a group
// this library does not implement.
ipsec::Result<std::unique_ptr<DiffieHellman>> create_diffie_hellman(KeId group, Rng& rng);

// A key with a given private value (big-endian exponent or scalar; the raw
// 32 bytes for Curve25519), for test vectors.
ipsec::Result<std::unique_ptr<DiffieHellman>> diffie_hellman_from_private(KeId group,
                                                                          ByteView private_value);

} // namespace ipsec::ike::crypto
