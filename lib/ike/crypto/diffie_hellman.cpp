// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/diffie_hellman.hpp"

#include "ike/crypto/botan_rng_adapter.hpp"
#include "ike/crypto/dh_groups.hpp"
#include "ike/crypto/transform_registry.hpp"

#include <botan/system_rng.h>

namespace ipsec::ike::crypto {

namespace {

ipsec::Result<std::unique_ptr<DiffieHellman>> make(KeId group, ByteView private_value,
                                                   Botan::RandomNumberGenerator& rng) {
    switch (group) {
    case KeId::modp_2048:
    case KeId::modp_3072:
    case KeId::modp_4096:
        return detail::make_modp(group, private_value, rng);
    case KeId::ecp_256:
    case KeId::ecp_384:
    case KeId::ecp_521:
        return detail::make_ecp(group, private_value, rng);
    case KeId::curve_25519:
        return detail::make_x25519(private_value, rng);
    default:
        return ipsec::Error::ike(notify::invalid_ke_payload,
                                 "key exchange method " + transform_name(make_transform(group)) +
                                     " (id " + std::to_string(static_cast<int>(group)) +
                                     ") is not supported");
    }
}

} // namespace

ipsec::Result<std::unique_ptr<DiffieHellman>> create_diffie_hellman(KeId group, Rng& rng) {
    BotanRngAdapter adapter(rng);
    return make(group, {}, adapter);
}

ipsec::Result<std::unique_ptr<DiffieHellman>> diffie_hellman_from_private(KeId group,
                                                                          ByteView private_value) {
    if (private_value.empty())
        return ipsec::Error::plain("empty private value for " +
                                   transform_name(make_transform(group)));
    return make(group, private_value, Botan::system_rng());
}

} // namespace ipsec::ike::crypto
