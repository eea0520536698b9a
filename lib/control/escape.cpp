// SPDX-License-Identifier: GPL-2.0-or-later
#include "control/escape.hpp"

namespace iked {

namespace {

bool printable(unsigned char c) {
    return c >= 0x20 && c <= 0x7e;
}

} // namespace

bool is_safe_text(std::string_view text) {
    for (char c : text)
        if (!printable(static_cast<unsigned char>(c)))
            return false;
    return true;
}

std::string escape_text(std::string_view text) {
    if (is_safe_text(text))
        return std::string(text);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 16);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (printable(c)) {
            out += ch;
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0x0f];
        }
    }
    return out;
}

} // namespace iked
