// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/system_rng.hpp"

#include <botan/system_rng.h>

namespace ipsec::ike::crypto {

void SystemRng::fill(std::span<std::uint8_t> out) {
    Botan::system_rng().randomize(out.data(), out.size());
}

} // namespace ipsec::ike::crypto
