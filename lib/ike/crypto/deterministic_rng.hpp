// A reproducible random stream for tests: the same seed gives the same bytes
// (a ChaCha20 keystream keyed from the seed). Never for real keys.
#pragma once

#include "ike/crypto/rng.hpp"

#include <memory>

namespace ike::crypto {

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

// Hands out fixed bytes (a test vector's IV or private value), then fails
// loudly: a test that consumes more randomness than it planned is wrong.
class FixedRng final : public Rng {
public:
    explicit FixedRng(Bytes bytes) : m_bytes(std::move(bytes)) {}
    void fill(std::span<std::uint8_t> out) override;
    std::size_t remaining() const { return m_bytes.size() - m_offset; }

private:
    Bytes m_bytes;
    std::size_t m_offset = 0;
};

} // namespace ike::crypto
