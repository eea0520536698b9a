// SPDX-License-Identifier: GPL-2.0-or-later
// A reproducible random stream for tests: the same seed gives the same bytes
// (a ChaCha20 keystream keyed from the seed). Never for real keys.
#pragma once

#include "ike/crypto/rng.hpp"

#include <memory>

namespace ipsec::ike::crypto {

class DeterministicRng final : public Rng {
public:
    explicit DeterministicRng(ByteView seed);
    explicit DeterministicRng(std::uint64_t seed);
    ~DeterministicRng() override;
    DeterministicRng(DeterministicRng&&) noexcept;
    DeterministicRng& operator=(DeterministicRng&&) noexcept;

    void fill(std::span<std::uint8_t> out) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ipsec::ike::crypto
