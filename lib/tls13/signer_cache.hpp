// SPDX-License-Identifier: GPL-2.0-or-later
// SignerCache: ready-made Botan signers for one private key, kept between
// handshakes. Making a PK_Signer for an RSA key sets up its blinding values (a
// modular inverse and an exponentiation: about two thirds of the cost of an
// RSA-2048 CertificateVerify); a cache makes that once per key and scheme, not
// once per handshake. Safe to use from several threads: a signer serves one
// signature at a time, and a busy one is never shared.
#pragma once

#include "common/result.hpp"
#include "tls13/wire.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace Botan {
class PK_Signer;
class Private_Key;
class RandomNumberGenerator;
} // namespace Botan

namespace tls13 {

class SignerCache {
public:
    explicit SignerCache(std::shared_ptr<const Botan::Private_Key> key);
    ~SignerCache();
    SignerCache(const SignerCache&) = delete;
    SignerCache& operator=(const SignerCache&) = delete;

    // The signature of content with scheme (RFC 8446 section 4.4.3); rng
    // gives the RSA-PSS salt. The signers' blinding draws on Botan's system
    // RNG, which outlives them.
    ipsec::Result<Bytes> sign(uint16_t scheme, ByteView content, Botan::RandomNumberGenerator& rng);

private:
    std::shared_ptr<const Botan::Private_Key> m_key;
    std::mutex m_mutex;
    std::map<uint16_t, std::vector<std::unique_ptr<Botan::PK_Signer>>> m_idle;
};

} // namespace tls13
