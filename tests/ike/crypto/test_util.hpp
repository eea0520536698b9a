// SPDX-License-Identifier: GPL-2.0-or-later
// Shared helpers of the IKE crypto tests.
#pragma once

#include "ike/crypto/bytes.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace ipsec::ike::crypto::test {

// Hex to bytes; a typo in a test vector fails the test run loudly.
inline Bytes hex(std::string_view text) {
    auto bytes = from_hex(text);
    if (!bytes)
        throw std::invalid_argument("bad hex in test: " + bytes.error().message);
    return *bytes;
}

// `part` written `times` times: long repetitive hex of the RFC vectors.
inline std::string repeat(std::string_view part, int times) {
    std::string out;
    for (int i = 0; i < times; ++i)
        out += part;
    return out;
}

} // namespace ipsec::ike::crypto::test
