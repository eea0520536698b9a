// SPDX-License-Identifier: GPL-2.0-or-later
#include "support/deterministic_rng.hpp"

#include <botan/chacha_rng.h>
#include <botan/hash.h>

namespace ipsec::ike::crypto {

struct DeterministicRng::Impl {
    explicit Impl(const Botan::secure_vector<std::uint8_t>& key) : rng(key) {}
    Botan::ChaCha_RNG rng;
};

namespace {

Botan::secure_vector<std::uint8_t> seed_key(ByteView seed) {
    auto hash = Botan::HashFunction::create_or_throw("SHA-256");
    hash->update(seed.data(), seed.size());
    return hash->final();
}

Bytes u64_bytes(std::uint64_t value) {
    Bytes out(8);
    for (int i = 7; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value);
        value >>= 8;
    }
    return out;
}

} // namespace

DeterministicRng::DeterministicRng(ByteView seed)
    : m_impl(std::make_unique<Impl>(seed_key(seed))) {}

DeterministicRng::DeterministicRng(std::uint64_t seed)
    : DeterministicRng(ByteView(u64_bytes(seed))) {}

DeterministicRng::~DeterministicRng() = default;
DeterministicRng::DeterministicRng(DeterministicRng&&) noexcept = default;
DeterministicRng& DeterministicRng::operator=(DeterministicRng&&) noexcept = default;

void DeterministicRng::fill(std::span<std::uint8_t> out) {
    m_impl->rng.randomize(out.data(), out.size());
}

} // namespace ipsec::ike::crypto
