// SPDX-License-Identifier: GPL-2.0-or-later
// ByteWriter: appends big-endian fields to a byte vector (internal to the codec).
#pragma once

#include "ike/wire/header.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ipsec::ike::wire {

class ByteWriter {
public:
    explicit ByteWriter(std::vector<std::uint8_t>& out) : m_out(out) {}

    void u8(std::uint8_t v) { m_out.push_back(v); }
    void u16(std::uint16_t v) {
        m_out.push_back(static_cast<std::uint8_t>(v >> 8));
        m_out.push_back(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void u64(std::uint64_t v) {
        u32(static_cast<std::uint32_t>(v >> 32));
        u32(static_cast<std::uint32_t>(v));
    }
    void bytes(std::span<const std::uint8_t> b) { m_out.insert(m_out.end(), b.begin(), b.end()); }
    void zeros(std::size_t n) { m_out.insert(m_out.end(), n, 0); }

    std::size_t size() const { return m_out.size(); }
    // Writes v at `at` (a placeholder written earlier).
    void patch16(std::size_t at, std::uint16_t v) {
        m_out[at] = static_cast<std::uint8_t>(v >> 8);
        m_out[at + 1] = static_cast<std::uint8_t>(v);
    }
    void patch32(std::size_t at, std::uint32_t v) {
        patch16(at, static_cast<std::uint16_t>(v >> 16));
        patch16(at + 2, static_cast<std::uint16_t>(v));
    }
    void patch8(std::size_t at, std::uint8_t v) { m_out[at] = v; }

private:
    std::vector<std::uint8_t>& m_out;
};

// Writes the 28-octet IKE header with `first_payload` as its Next Payload and a
// zero length (the caller patches it at offset 24).
void write_header(ByteWriter& w, const Header& h, std::uint8_t first_payload);

} // namespace ipsec::ike::wire
