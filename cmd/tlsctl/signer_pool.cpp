// SPDX-License-Identifier: GPL-2.0-or-later
#include "signer_pool.hpp"

namespace tlsctl {

SignerPool& SignerPool::instance() {
    static SignerPool pool;
    return pool;
}

std::vector<uint8_t> SignerPool::sign(const Botan::Private_Key& key,
                                      Botan::RandomNumberGenerator& rng, const std::string& emsa,
                                      Botan::Signature_Format format,
                                      const std::vector<uint8_t>& message) {
    const Key id{&key, emsa, static_cast<int>(format)};
    std::unique_ptr<Botan::PK_Signer> signer;
    {
        std::lock_guard lock(m_mutex);
        auto& free = m_free[id];
        if (!free.empty()) {
            signer = std::move(free.back());
            free.pop_back();
        }
    }
    if (!signer)
        signer = std::make_unique<Botan::PK_Signer>(key, rng, emsa, format);
    std::vector<uint8_t> signature = signer->sign_message(message, rng);
    std::lock_guard lock(m_mutex);
    m_free[id].push_back(std::move(signer));
    return signature;
}

} // namespace tlsctl
