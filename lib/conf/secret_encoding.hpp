// The encodings of secrets in ipsec.secrets: "quoted text", 0x<hex>, 0s<base64>, or a
// bare word taken literally.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipsec::conf {

struct DecodeFailure {
    std::size_t offset = 0; // into the text given, where the problem is
    std::string message;
};

// Decodes hex digits (after the 0x) or base64 (after the 0s); nullopt on success
// with `out` filled, else where and why it failed.
std::optional<DecodeFailure> decode_hex(std::string_view digits, std::vector<std::uint8_t>& out);
std::optional<DecodeFailure> decode_base64(std::string_view text, std::vector<std::uint8_t>& out);

} // namespace ipsec::conf
