// SPDX-License-Identifier: GPL-2.0-or-later
// The random number source the IKE layer draws from (DESIGN.md principle 6:
// injected). SystemRng for real use; tests have a deterministic one (tests/support).
#pragma once

#include "ike/crypto/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace ipsec::ike::crypto {

class Rng {
public:
    virtual ~Rng() = default;
    virtual void fill(std::span<std::uint8_t> out) = 0;

    Bytes bytes(std::size_t count) {
        Bytes out(count);
        fill(out);
        return out;
    }
};

} // namespace ipsec::ike::crypto
