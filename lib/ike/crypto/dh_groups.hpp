// SPDX-License-Identifier: GPL-2.0-or-later
// Internal: the per-family constructors behind create_diffie_hellman.
#pragma once

#include "ike/crypto/diffie_hellman.hpp"

#include <botan/rng.h>

namespace ipsec::ike::crypto::detail {

// private_value empty: draw one from rng.
ipsec::Result<std::unique_ptr<DiffieHellman>> make_modp(KeId group, ByteView private_value,
                                                        Botan::RandomNumberGenerator& rng);
ipsec::Result<std::unique_ptr<DiffieHellman>> make_ecp(KeId group, ByteView private_value,
                                                       Botan::RandomNumberGenerator& rng);
ipsec::Result<std::unique_ptr<DiffieHellman>> make_x25519(ByteView private_value,
                                                          Botan::RandomNumberGenerator& rng);

} // namespace ipsec::ike::crypto::detail
