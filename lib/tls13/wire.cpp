// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/wire.hpp"

namespace tls13 {

void Reader::fail(const std::string& why) const {
    throw DecodeError(m_what + ": " + why);
}

ByteView Reader::take(size_t n) {
    if (n > remaining())
        fail("needs " + std::to_string(n) + " bytes at offset " + std::to_string(m_pos) +
             ", only " + std::to_string(remaining()) + " left");
    ByteView out = m_data.subspan(m_pos, n);
    m_pos += n;
    return out;
}

uint8_t Reader::u8() {
    return take(1)[0];
}

uint16_t Reader::u16() {
    auto b = take(2);
    return static_cast<uint16_t>(b[0] << 8 | b[1]);
}

uint32_t Reader::u24() {
    auto b = take(3);
    return static_cast<uint32_t>(b[0]) << 16 | static_cast<uint32_t>(b[1]) << 8 | b[2];
}

uint32_t Reader::u32() {
    auto b = take(4);
    return static_cast<uint32_t>(b[0]) << 24 | static_cast<uint32_t>(b[1]) << 16 |
           static_cast<uint32_t>(b[2]) << 8 | b[3];
}

Reader Reader::vec(int width, const std::string& what, size_t min, size_t max) {
    size_t len = width == 1 ? u8() : width == 2 ? u16() : u24();
    if (len < min || len > max)
        fail(what + " length " + std::to_string(len) + " outside [" + std::to_string(min) + ", " +
             std::to_string(max) + "]");
    return Reader(take(len), m_what + "/" + what);
}

Bytes Reader::opaque(int width, const std::string& what, size_t min, size_t max) {
    Reader r = vec(width, what, min, max);
    ByteView all = r.take(r.remaining());
    return Bytes(all.begin(), all.end());
}

void Reader::expect_end() const {
    if (!empty())
        fail(std::to_string(remaining()) + " trailing bytes");
}

void Writer::u16(uint16_t v) {
    m_out.push_back(static_cast<uint8_t>(v >> 8));
    m_out.push_back(static_cast<uint8_t>(v));
}

void Writer::u24(uint32_t v) {
    m_out.push_back(static_cast<uint8_t>(v >> 16));
    m_out.push_back(static_cast<uint8_t>(v >> 8));
    m_out.push_back(static_cast<uint8_t>(v));
}

void Writer::u32(uint32_t v) {
    u16(static_cast<uint16_t>(v >> 16));
    u16(static_cast<uint16_t>(v));
}

size_t Writer::open_vec(int width) {
    size_t mark = m_out.size();
    m_out.insert(m_out.end(), static_cast<size_t>(width), 0);
    return mark;
}

void Writer::close_vec(size_t mark, int width) {
    size_t len = m_out.size() - mark - static_cast<size_t>(width);
    size_t max = width == 1 ? 0xff : width == 2 ? 0xffff : 0xffffff;
    if (len > max)
        throw std::length_error("TLS vector of " + std::to_string(len) + " bytes exceeds " +
                                std::to_string(max));
    for (int i = width - 1; i >= 0; --i) {
        m_out[mark + static_cast<size_t>(i)] = static_cast<uint8_t>(len);
        len >>= 8;
    }
}

void Writer::opaque(int width, ByteView data) {
    size_t mark = open_vec(width);
    bytes(data);
    close_vec(mark, width);
}

std::string to_hex(ByteView data) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (uint8_t b : data) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

Bytes from_hex(const std::string& hex) {
    Bytes out;
    int nibble = -1;
    for (char c : hex) {
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else if (c == ' ' || c == '\n' || c == ':')
            continue;
        else
            throw std::invalid_argument(std::string("not a hex digit: '") + c + "'");
        if (nibble < 0) {
            nibble = v;
        } else {
            out.push_back(static_cast<uint8_t>(nibble << 4 | v));
            nibble = -1;
        }
    }
    if (nibble >= 0)
        throw std::invalid_argument("odd number of hex digits");
    return out;
}

} // namespace tls13
