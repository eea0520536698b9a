// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/secret_encoding.hpp"

#include <string.h>

namespace ipsec::conf {

void wipe_memory(void* p, std::size_t size) noexcept {
    if (p != nullptr && size > 0)
        ::explicit_bzero(p, size);
}

void wipe_string(std::string& s) noexcept {
    wipe_memory(s.data(), s.size());
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

} // namespace

std::optional<DecodeFailure> decode_hex(std::string_view digits, SecretBytes& out) {
    out.clear();
    if (digits.empty())
        return DecodeFailure{0, "no hex digits after 0x"};
    for (std::size_t i = 0; i < digits.size(); ++i)
        if (hex_value(digits[i]) < 0)
            return DecodeFailure{i, "a character that is not a hex digit"};
    if (digits.size() % 2 != 0)
        return DecodeFailure{digits.size() - 1,
                             "odd number of hex digits (" + std::to_string(digits.size()) + ")"};
    out.reserve(digits.size() / 2); // no reallocation: no copy to wipe
    for (std::size_t i = 0; i < digits.size(); i += 2)
        out.push_back(
            static_cast<std::uint8_t>(hex_value(digits[i]) * 16 + hex_value(digits[i + 1])));
    return std::nullopt;
}

std::optional<DecodeFailure> decode_base64(std::string_view text, SecretBytes& out) {
    out.clear();
    if (text.empty())
        return DecodeFailure{0, "no base64 text after 0s"};
    std::size_t end = text.size();
    std::size_t padding = 0;
    while (end > 0 && text[end - 1] == '=' && padding < 2) {
        --end;
        ++padding;
    }
    out.reserve(end / 4 * 3 + 3);
    std::uint32_t bits = 0;
    int held = 0;
    for (std::size_t i = 0; i < end; ++i) {
        const int value = base64_value(text[i]);
        if (value < 0)
            return DecodeFailure{i, "a character that is not base64"};
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        held += 6;
        if (held >= 8) {
            held -= 8;
            out.push_back(static_cast<std::uint8_t>((bits >> held) & 0xff));
        }
    }
    if (text.size() % 4 != 0 || (padding > 0 && held == 0) || held >= 6)
        return DecodeFailure{text.size() - 1,
                             "base64 text of " + std::to_string(text.size()) +
                                 " characters: expected a multiple of 4 (with '=' padding)"};
    return std::nullopt;
}

} // namespace ipsec::conf
