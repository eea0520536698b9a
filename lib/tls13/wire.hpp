// SPDX-License-Identifier: GPL-2.0-or-later
// Byte reading and writing for the TLS 1.3 codec (RFC 8446 section 3): big-endian
// integers and length-prefixed vectors whose bounds are checked on every read.
// A Reader never reads past its span; a malformed input throws DecodeError,
// which the codec turns into a decode_error alert at its boundary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tls13 {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

class DecodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Reader {
public:
    Reader(ByteView data, std::string what) : m_data(data), m_what(std::move(what)) {}

    uint8_t u8();
    uint16_t u16();
    uint32_t u24();
    uint32_t u32();
    ByteView take(size_t n);
    // A vector with a 1/2/3-byte length whose length is within [min, max].
    Reader vec(int width, const std::string& what, size_t min, size_t max);
    Bytes opaque(int width, const std::string& what, size_t min, size_t max);

    size_t remaining() const { return m_data.size() - m_pos; }
    bool empty() const { return remaining() == 0; }
    // Throws when bytes are left over.
    void expect_end() const;
    [[noreturn]] void fail(const std::string& why) const;

private:
    ByteView m_data;
    size_t m_pos = 0;
    std::string m_what;
};

class Writer {
public:
    void u8(uint8_t v) { m_out.push_back(v); }
    void u16(uint16_t v);
    void u24(uint32_t v);
    void u32(uint32_t v);
    void bytes(ByteView data) { m_out.insert(m_out.end(), data.begin(), data.end()); }
    // Opens a vector with a width-byte length; close_vec fills the length in.
    size_t open_vec(int width);
    void close_vec(size_t mark, int width);
    void opaque(int width, ByteView data);

    Bytes& out() { return m_out; }
    Bytes take() { return std::move(m_out); }

private:
    Bytes m_out;
};

std::string to_hex(ByteView data);
Bytes from_hex(const std::string& hex);

} // namespace tls13
