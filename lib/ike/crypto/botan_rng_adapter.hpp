// SPDX-License-Identifier: GPL-2.0-or-later
// Internal: lets Botan's key generation draw from our injected Rng.
#pragma once

#include "ike/crypto/rng.hpp"

#include <botan/rng.h>

namespace ipsec::ike::crypto {

class BotanRngAdapter final : public Botan::RandomNumberGenerator {
public:
    explicit BotanRngAdapter(Rng& rng) : m_rng(rng) {}

    void randomize(std::uint8_t output[], std::size_t length) override {
        m_rng.fill(std::span<std::uint8_t>(output, length));
    }
    bool accepts_input() const override { return false; }
    void add_entropy(const std::uint8_t[], std::size_t) override {}
    std::string name() const override { return "ipsec::ike::crypto::Rng"; }
    void clear() override {}
    bool is_seeded() const override { return true; }

private:
    Rng& m_rng;
};

} // namespace ipsec::ike::crypto
