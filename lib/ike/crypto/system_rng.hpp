// SPDX-License-Identifier: GPL-2.0-or-later
// Random bytes from the operating system (getrandom(2) through Botan).
#pragma once

#include "ike/crypto/rng.hpp"

namespace ipsec::ike::crypto {

class SystemRng final : public Rng {
public:
    void fill(std::span<std::uint8_t> out) override;
};

} // namespace ipsec::ike::crypto
