// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/encryption.hpp"

#include "ike/crypto/transform_registry.hpp"

#include <botan/aead.h>
#include <botan/cipher_mode.h>
#include <botan/exceptn.h>

namespace ipsec::ike::crypto {

namespace {

constexpr std::size_t kSaltSize = 4;
constexpr std::size_t kAeadIvSize = 8;
constexpr std::size_t kCbcBlock = 16;

std::string cbc_name(std::uint16_t bits) {
    return "AES-" + std::to_string(bits) + "/CBC/NoPadding";
}

std::string aead_name(EncrId id, std::uint16_t bits) {
    switch (id) {
    case EncrId::aes_gcm_8:
        return "AES-" + std::to_string(bits) + "/GCM(8)";
    case EncrId::aes_gcm_12:
        return "AES-" + std::to_string(bits) + "/GCM(12)";
    case EncrId::aes_gcm_16:
        return "AES-" + std::to_string(bits) + "/GCM(16)";
    default:
        return "ChaCha20Poly1305";
    }
}

} // namespace

ipsec::Result<Encryption> Encryption::create(EncrId id, std::uint16_t key_length_bits,
                                             ByteView encr_key,
                                             std::optional<Integrity> integrity) {
    Transform t = make_transform(id, key_length_bits);
    if (!is_supported(t))
        return ipsec::Error::ike(notify::no_proposal_chosen,
                                 "encryption algorithm " + transform_name(t) + " (id " +
                                     std::to_string(static_cast<int>(id)) + ", key length " +
                                     std::to_string(key_length_bits) + ") is not supported");
    std::size_t want = *encr_key_size(id, key_length_bits);
    if (encr_key.size() != want)
        return ipsec::Error::plain(transform_name(t) + " needs " + std::to_string(want) +
                                   " bytes of key material, got " +
                                   std::to_string(encr_key.size()));
    if (ipsec::ike::crypto::is_aead(id) && integrity)
        return ipsec::Error::plain(transform_name(t) +
                                   " is a combined-mode cipher: no integrity algorithm");
    if (!ipsec::ike::crypto::is_aead(id) && !integrity)
        return ipsec::Error::plain(transform_name(t) + " needs an integrity algorithm");
    if (id == EncrId::chacha20_poly1305)
        key_length_bits = 256;
    return Encryption(id, key_length_bits, Bytes(encr_key.begin(), encr_key.end()),
                      std::move(integrity));
}

bool Encryption::is_aead() const {
    return ipsec::ike::crypto::is_aead(m_id);
}

std::size_t Encryption::iv_size() const {
    return is_aead() ? kAeadIvSize : kCbcBlock;
}

std::size_t Encryption::block_size() const {
    return is_aead() ? 1 : kCbcBlock;
}

std::size_t Encryption::icv_size() const {
    switch (m_id) {
    case EncrId::aes_gcm_8:
        return 8;
    case EncrId::aes_gcm_12:
        return 12;
    case EncrId::aes_gcm_16:
    case EncrId::chacha20_poly1305:
        return 16;
    default:
        return m_integrity ? m_integrity->icv_size() : 0;
    }
}

std::size_t Encryption::body_size(std::size_t plaintext_size) const {
    std::size_t block = block_size();
    std::size_t padded = (plaintext_size + 1 + block - 1) / block * block;
    return iv_size() + padded + icv_size();
}

ipsec::Result<Bytes> Encryption::encrypt(ByteView associated, ByteView plaintext, Rng& rng) const {
    Bytes iv = rng.bytes(iv_size());
    return encrypt_with_iv(associated, plaintext, iv);
}

ipsec::Result<Bytes> Encryption::encrypt_with_iv(ByteView associated, ByteView plaintext,
                                                 ByteView iv) const {
    if (iv.size() != iv_size())
        return ipsec::Error::plain("IV of " + std::to_string(iv.size()) + " bytes, " +
                                   transform_name(make_transform(m_id, m_key_length_bits)) +
                                   " needs " + std::to_string(iv_size()));
    std::size_t block = block_size();
    std::size_t padded = (plaintext.size() + 1 + block - 1) / block * block;
    std::size_t pad_length = padded - plaintext.size() - 1;
    Botan::secure_vector<std::uint8_t> buffer(plaintext.begin(), plaintext.end());
    buffer.resize(padded, 0);
    buffer.back() = static_cast<std::uint8_t>(pad_length);

    Bytes body(iv.begin(), iv.end());
    try {
        if (is_aead()) {
            ByteView key(m_key.data(), m_key.size() - kSaltSize);
            ByteView salt(m_key.data() + key.size(), kSaltSize);
            Bytes nonce = concat({salt, iv});
            auto mode = Botan::AEAD_Mode::create_or_throw(aead_name(m_id, m_key_length_bits),
                                                          Botan::ENCRYPTION);
            mode->set_key(key.data(), key.size());
            mode->set_associated_data(associated.data(), associated.size());
            mode->start(nonce.data(), nonce.size());
            mode->finish(buffer);
            body.insert(body.end(), buffer.begin(), buffer.end());
        } else {
            auto mode =
                Botan::Cipher_Mode::create_or_throw(cbc_name(m_key_length_bits), Botan::ENCRYPTION);
            mode->set_key(m_key.data(), m_key.size());
            mode->start(iv.data(), iv.size());
            mode->finish(buffer);
            body.insert(body.end(), buffer.begin(), buffer.end());
            Bytes icv = m_integrity->compute(concat({associated, body}));
            body.insert(body.end(), icv.begin(), icv.end());
        }
    } catch (const Botan::Exception& e) {
        return ipsec::Error::plain("SK payload encryption failed", e.what());
    }
    return body;
}

ipsec::Result<Bytes> Encryption::decrypt(ByteView associated, ByteView body) const {
    std::string name = transform_name(make_transform(m_id, m_key_length_bits));
    std::size_t iv_len = iv_size();
    std::size_t icv_len = icv_size();
    if (body.size() < iv_len + icv_len + 1)
        return ipsec::Error::plain(
            "SK payload body of " + std::to_string(body.size()) + " bytes is too short for " +
            name + " (IV " + std::to_string(iv_len) + ", ICV " + std::to_string(icv_len) + ")");
    ByteView iv = body.first(iv_len);
    ByteView ciphertext = body.subspan(iv_len, body.size() - iv_len - icv_len);
    ByteView icv = body.last(icv_len);
    if (ciphertext.size() % block_size() != 0)
        return ipsec::Error::plain("SK payload ciphertext of " + std::to_string(ciphertext.size()) +
                                   " bytes is not a multiple of the " + name + " block size " +
                                   std::to_string(block_size()));

    Botan::secure_vector<std::uint8_t> buffer;
    try {
        if (is_aead()) {
            ByteView key(m_key.data(), m_key.size() - kSaltSize);
            ByteView salt(m_key.data() + key.size(), kSaltSize);
            Bytes nonce = concat({salt, iv});
            auto mode = Botan::AEAD_Mode::create_or_throw(aead_name(m_id, m_key_length_bits),
                                                          Botan::DECRYPTION);
            mode->set_key(key.data(), key.size());
            mode->set_associated_data(associated.data(), associated.size());
            mode->start(nonce.data(), nonce.size());
            buffer.assign(ciphertext.begin(), ciphertext.end());
            buffer.insert(buffer.end(), icv.begin(), icv.end());
            mode->finish(buffer);
        } else {
            ByteView covered(body.data(), body.size() - icv_len);
            if (!m_integrity->verify(concat({associated, covered}), icv))
                return ipsec::Error::plain("SK payload ICV mismatch (" +
                                           transform_name(make_transform(m_integrity->id())) + ")");
            auto mode =
                Botan::Cipher_Mode::create_or_throw(cbc_name(m_key_length_bits), Botan::DECRYPTION);
            mode->set_key(m_key.data(), m_key.size());
            mode->start(iv.data(), iv.size());
            buffer.assign(ciphertext.begin(), ciphertext.end());
            mode->finish(buffer);
        }
    } catch (const Botan::Invalid_Authentication_Tag&) {
        return ipsec::Error::plain("SK payload ICV mismatch (" + name + ")");
    } catch (const Botan::Exception& e) {
        return ipsec::Error::plain("SK payload decryption failed", e.what());
    }
    std::size_t pad_length = buffer.back();
    if (pad_length + 1 > buffer.size())
        return ipsec::Error::plain("SK payload Pad Length " + std::to_string(pad_length) +
                                   " exceeds the " + std::to_string(buffer.size() - 1) +
                                   " decrypted bytes");
    return Bytes(buffer.begin(), buffer.end() - static_cast<std::ptrdiff_t>(pad_length + 1));
}

} // namespace ipsec::ike::crypto
