// SPDX-License-Identifier: GPL-2.0-or-later
// Byte strings as the IKE crypto layer passes them around: owned Bytes and
// borrowed ByteView, plus the hex helpers tests and logs use.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ipsec::ike::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// The parts one after the other.
Bytes concat(std::initializer_list<ByteView> parts);

// Lower-case hex, two digits a byte, no separators.
std::string to_hex(ByteView bytes);

// Hex digits, either case; blanks, ':' and a leading "0x" are skipped.
ipsec::Result<Bytes> from_hex(std::string_view text);

// A view of the characters of a string, as bytes.
ByteView as_bytes(std::string_view text);

} // namespace ipsec::ike::crypto
