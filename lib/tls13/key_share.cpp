// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/key_share.hpp"

#include <botan/curve25519.h>
#include <botan/ecdh.h>
#include <botan/pubkey.h>
#include <botan/rng.h>
#include <botan/system_rng.h>

namespace tls13 {

namespace {

const char* curve_of(uint16_t group) {
    switch (static_cast<NamedGroup>(group)) {
    case NamedGroup::secp256r1:
        return "secp256r1";
    case NamedGroup::secp384r1:
        return "secp384r1";
    default:
        return nullptr;
    }
}

} // namespace

bool group_supported(uint16_t group) {
    return group == static_cast<uint16_t>(NamedGroup::x25519) || curve_of(group) != nullptr;
}

KeyShare::KeyShare(uint16_t group, std::unique_ptr<Botan::Private_Key> key)
    : m_group(group), m_key(std::move(key)) {}

KeyShare::~KeyShare() = default;

ipsec::Result<std::unique_ptr<KeyShare>> KeyShare::generate(uint16_t group,
                                                            Botan::RandomNumberGenerator& rng) {
    if (group == static_cast<uint16_t>(NamedGroup::x25519))
        return std::unique_ptr<KeyShare>(
            new KeyShare(group, std::make_unique<Botan::Curve25519_PrivateKey>(rng)));
    if (const char* curve = curve_of(group))
        return std::unique_ptr<KeyShare>(new KeyShare(
            group, std::make_unique<Botan::ECDH_PrivateKey>(rng, Botan::EC_Group(curve))));
    return tls_error(Alert::illegal_parameter,
                     "key share group " + std::to_string(group) + " is not supported");
}

std::unique_ptr<KeyShare> KeyShare::x25519_from_private(ByteView private_key) {
    Botan::secure_vector<uint8_t> secret(private_key.begin(), private_key.end());
    return std::unique_ptr<KeyShare>(
        new KeyShare(static_cast<uint16_t>(NamedGroup::x25519),
                     std::make_unique<Botan::Curve25519_PrivateKey>(secret)));
}

std::unique_ptr<KeyShare> KeyShare::ecdh_from_private(uint16_t group, ByteView private_key) {
    const Botan::BigInt x(private_key.data(), private_key.size());
    return std::unique_ptr<KeyShare>(
        new KeyShare(group, std::make_unique<Botan::ECDH_PrivateKey>(
                                Botan::system_rng(), Botan::EC_Group(curve_of(group)), x)));
}

Bytes KeyShare::public_value() const {
    const auto& ka = dynamic_cast<const Botan::PK_Key_Agreement_Key&>(*m_key);
    return ka.public_value();
}

ipsec::Result<Bytes> KeyShare::agree(ByteView peer) const {
    const std::string what = group_name(static_cast<NamedGroup>(m_group)) + " key share";
    if (m_group == static_cast<uint16_t>(NamedGroup::x25519)) {
        if (peer.size() != 32)
            return tls_error(Alert::illegal_parameter,
                             what + " of " + std::to_string(peer.size()) + " bytes, expected 32");
    } else {
        // RFC 8446 section 4.2.8.2: the uncompressed form only.
        const size_t field = m_group == static_cast<uint16_t>(NamedGroup::secp256r1) ? 32 : 48;
        if (peer.size() != 1 + 2 * field || peer[0] != 0x04)
            return tls_error(Alert::illegal_parameter, what + " is not an uncompressed point");
    }
    try {
        Botan::PK_Key_Agreement ka(*m_key, Botan::system_rng(), "Raw");
        auto shared = ka.derive_key(0, peer.data(), peer.size()).bits_of();
        bool zero = true;
        for (uint8_t b : shared)
            zero = zero && b == 0;
        if (zero)
            return tls_error(Alert::illegal_parameter, what + " gives an all-zero secret");
        return Bytes(shared.begin(), shared.end());
    } catch (const std::exception& e) {
        return tls_error(Alert::illegal_parameter, what + " is invalid: " + e.what());
    }
}

} // namespace tls13
