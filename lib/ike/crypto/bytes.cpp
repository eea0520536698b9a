// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/bytes.hpp"

namespace ipsec::ike::crypto {

Bytes concat(std::initializer_list<ByteView> parts) {
    std::size_t total = 0;
    for (ByteView part : parts)
        total += part.size();
    Bytes out;
    out.reserve(total);
    for (ByteView part : parts)
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

std::string to_hex(ByteView bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t byte : bytes) {
        out.push_back(digits[byte >> 4]);
        out.push_back(digits[byte & 0x0f]);
    }
    return out;
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

} // namespace

ipsec::Result<Bytes> from_hex(std::string_view text) {
    if (text.starts_with("0x") || text.starts_with("0X"))
        text.remove_prefix(2);
    Bytes out;
    int high = -1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':')
            continue;
        int value = hex_value(c);
        if (value < 0)
            return ipsec::Error::plain("invalid hex digit '" + std::string(1, c) + "' at offset " +
                                       std::to_string(i));
        if (high < 0) {
            high = value;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | value));
            high = -1;
        }
    }
    if (high >= 0)
        return ipsec::Error::plain("odd number of hex digits");
    return out;
}

ByteView as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

} // namespace ipsec::ike::crypto
