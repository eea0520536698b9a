// SPDX-License-Identifier: GPL-2.0-or-later
// SignerPool: ready-made Botan signers for a server's key, shared by all its
// connections. Making a PK_Signer for an RSA key sets up the blinding and
// Montgomery values (about half the cost of an RSA-2048 signature); a pool
// keeps them between handshakes. A signer is used by one thread at a time.
#pragma once

#include <botan/pk_keys.h>
#include <botan/pubkey.h>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace tlsctl {

class SignerPool {
public:
    std::vector<uint8_t> sign(const Botan::Private_Key& key, Botan::RandomNumberGenerator& rng,
                              const std::string& emsa, Botan::Signature_Format format,
                              const std::vector<uint8_t>& message);

    // The process-wide pool.
    static SignerPool& instance();

private:
    using Key = std::tuple<const Botan::Private_Key*, std::string, int>;
    std::mutex m_mutex;
    std::map<Key, std::vector<std::unique_ptr<Botan::PK_Signer>>> m_free;
};

} // namespace tlsctl
