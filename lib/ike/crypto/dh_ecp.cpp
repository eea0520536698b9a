// SPDX-License-Identifier: GPL-2.0-or-later
// NIST prime curves, groups 19/20/21 (RFC 5903) over Botan's ECDH.
#include "ike/crypto/dh_groups.hpp"
#include "ike/crypto/transform_registry.hpp"

#include <botan/ecdh.h>
#include <botan/pubkey.h>
#include <botan/system_rng.h>

namespace ipsec::ike::crypto::detail {

namespace {

class EcpDiffieHellman final : public DiffieHellman {
public:
    EcpDiffieHellman(KeId group, std::unique_ptr<Botan::ECDH_PrivateKey> key)
        : m_group(group), m_key(std::move(key)) {}

    KeId group() const override { return m_group; }

    Bytes public_value() const override {
        // The uncompressed point is 0x04 | x | y; IKE sends x | y.
        std::vector<std::uint8_t> point = m_key->public_value(Botan::PointGFp::UNCOMPRESSED);
        return Bytes(point.begin() + 1, point.end());
    }

    ipsec::Result<Bytes> shared_secret(ByteView peer_public) const override {
        std::string name = transform_name(make_transform(m_group));
        std::size_t size = ke_public_size(m_group);
        if (peer_public.size() != size)
            return ipsec::Error::ike(notify::invalid_syntax,
                                     name + " public value of " +
                                         std::to_string(peer_public.size()) + " bytes, expected " +
                                         std::to_string(size) + " (x | y)");
        Bytes point = concat({Bytes{0x04}, peer_public});
        try {
            Botan::PK_Key_Agreement agreement(*m_key, Botan::system_rng(), "Raw");
            auto secret = agreement.derive_key(0, point.data(), point.size()).bits_of();
            return Bytes(secret.begin(), secret.end());
        } catch (const Botan::Exception& e) {
            return ipsec::Error::ike(notify::invalid_syntax,
                                     name + " public value is not a point on the curve", e.what());
        }
    }

private:
    KeId m_group;
    std::unique_ptr<Botan::ECDH_PrivateKey> m_key;
};

const char* curve_name(KeId group) {
    switch (group) {
    case KeId::ecp_256:
        return "secp256r1";
    case KeId::ecp_384:
        return "secp384r1";
    default:
        return "secp521r1";
    }
}

} // namespace

ipsec::Result<std::unique_ptr<DiffieHellman>> make_ecp(KeId group, ByteView private_value,
                                                       Botan::RandomNumberGenerator& rng) {
    Botan::EC_Group curve(curve_name(group));
    Botan::BigInt x;
    if (!private_value.empty()) {
        x = Botan::BigInt(private_value.data(), private_value.size());
        if (x == 0 || x >= curve.get_order())
            return ipsec::Error::plain(transform_name(make_transform(group)) +
                                       " private value is outside 1..n-1");
    }
    auto key = std::make_unique<Botan::ECDH_PrivateKey>(rng, curve, x);
    return std::unique_ptr<DiffieHellman>(new EcpDiffieHellman(group, std::move(key)));
}

} // namespace ipsec::ike::crypto::detail
