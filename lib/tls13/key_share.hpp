// SPDX-License-Identifier: GPL-2.0-or-later
// Ephemeral (EC)DHE key shares (RFC 8446 sections 4.2.8, 7.4): x25519,
// secp256r1 and secp384r1 with Botan's Curve25519 and ECDH.
#pragma once

#include "tls13/protocol.hpp"
#include "tls13/wire.hpp"

#include <memory>

namespace Botan {
class Private_Key;
class RandomNumberGenerator;
} // namespace Botan

namespace tls13 {

bool group_supported(uint16_t group);

class KeyShare {
public:
    static ipsec::Result<std::unique_ptr<KeyShare>> generate(uint16_t group,
                                                             Botan::RandomNumberGenerator& rng);
    // An x25519 share with a given private key (test vectors).
    static std::unique_ptr<KeyShare> x25519_from_private(ByteView private_key);
    // A secp256r1/secp384r1 share with a given private scalar (test vectors).
    static std::unique_ptr<KeyShare> ecdh_from_private(uint16_t group, ByteView private_key);
    ~KeyShare();

    uint16_t group() const { return m_group; }
    // The key_exchange bytes: 32 for x25519, the uncompressed point for ECDH.
    Bytes public_value() const;
    // The shared secret with the peer's key_exchange bytes; illegal_parameter
    // when the peer's value is malformed, not on the curve, or gives zero.
    ipsec::Result<Bytes> agree(ByteView peer) const;

private:
    KeyShare(uint16_t group, std::unique_ptr<Botan::Private_Key> key);
    uint16_t m_group;
    std::unique_ptr<Botan::Private_Key> m_key;
};

} // namespace tls13
