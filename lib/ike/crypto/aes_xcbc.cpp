// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/aes_xcbc.hpp"

#include <array>
#include <botan/block_cipher.h>
#include <stdexcept>

namespace ipsec::ike::crypto {

namespace {

constexpr std::size_t kBlock = 16;
using Block = std::array<std::uint8_t, kBlock>;

Block derive(Botan::BlockCipher& cipher, std::uint8_t fill) {
    Block block;
    block.fill(fill);
    cipher.encrypt(block.data());
    return block;
}

} // namespace

Bytes aes_xcbc_mac(ByteView key, ByteView data) {
    if (key.size() != kBlock)
        throw std::invalid_argument("AES-XCBC-MAC needs a 16-byte key");
    auto cipher = Botan::BlockCipher::create_or_throw("AES-128");
    cipher->set_key(key.data(), key.size());
    // RFC 3566 section 4: K1 = E(K, 0x01..), K2 = E(K, 0x02..), K3 = E(K, 0x03..).
    Block k1 = derive(*cipher, 0x01);
    Block k2 = derive(*cipher, 0x02);
    Block k3 = derive(*cipher, 0x03);
    cipher->set_key(k1.data(), k1.size());

    Block e{};
    std::size_t offset = 0;
    // Every block but the last goes through CBC as is.
    while (data.size() - offset > kBlock) {
        for (std::size_t i = 0; i < kBlock; ++i)
            e[i] ^= data[offset + i];
        cipher->encrypt(e.data());
        offset += kBlock;
    }
    std::size_t rest = data.size() - offset;
    if (rest == kBlock) {
        for (std::size_t i = 0; i < kBlock; ++i)
            e[i] ^= data[offset + i] ^ k2[i];
    } else {
        // Incomplete (or empty) last block: pad with 0x80 then zeros, use K3.
        Block last{};
        for (std::size_t i = 0; i < rest; ++i)
            last[i] = data[offset + i];
        last[rest] = 0x80;
        for (std::size_t i = 0; i < kBlock; ++i)
            e[i] ^= last[i] ^ k3[i];
    }
    cipher->encrypt(e.data());
    return Bytes(e.begin(), e.end());
}

} // namespace ipsec::ike::crypto
