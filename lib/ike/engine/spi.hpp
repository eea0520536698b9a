// SPDX-License-Identifier: GPL-2.0-or-later
// SPIs between numbers and the octets of SA, Notify and Delete payloads, and
// their hex spelling in logs ("cf9f1f9d").
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace ipsec::ike::engine {

inline std::vector<std::uint8_t> spi_bytes(std::uint64_t spi, std::size_t size) {
    std::vector<std::uint8_t> out(size);
    for (std::size_t i = 0; i < size; ++i)
        out[size - 1 - i] = static_cast<std::uint8_t>(spi >> (8 * i));
    return out;
}

inline std::optional<std::uint64_t> spi_value(const std::vector<std::uint8_t>& bytes,
                                              std::size_t size) {
    if (bytes.size() != size)
        return std::nullopt;
    std::uint64_t v = 0;
    for (auto b : bytes)
        v = (v << 8) | b;
    return v;
}

inline std::string hex_spi(std::uint32_t spi) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", spi);
    return buf;
}

} // namespace ipsec::ike::engine
