// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/signer_cache.hpp"

#include "tls13/signature.hpp"

#include <botan/pubkey.h>
#include <botan/system_rng.h>

namespace tls13 {

SignerCache::SignerCache(std::shared_ptr<const Botan::Private_Key> key) : m_key(std::move(key)) {}

SignerCache::~SignerCache() = default;

ipsec::Result<Bytes> SignerCache::sign(uint16_t scheme, ByteView content,
                                       Botan::RandomNumberGenerator& rng) {
    std::unique_ptr<Botan::PK_Signer> signer;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_idle.find(scheme);
        if (it != m_idle.end() && !it->second.empty()) {
            signer = std::move(it->second.back());
            it->second.pop_back();
        }
    }
    if (!signer) {
        auto params = signer_params(scheme, *m_key);
        if (!params)
            return params.error();
        signer = std::make_unique<Botan::PK_Signer>(*m_key, Botan::system_rng(), params->padding,
                                                    params->format);
    }
    const auto sig = signer->sign_message(content.data(), content.size(), rng);
    std::lock_guard lock(m_mutex);
    m_idle[scheme].push_back(std::move(signer));
    return Bytes(sig.begin(), sig.end());
}

} // namespace tls13
