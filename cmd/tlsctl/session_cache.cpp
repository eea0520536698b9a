// SPDX-License-Identifier: GPL-2.0-or-later
#include "session_cache.hpp"

namespace tlsctl {

SessionCache::SessionCache(size_t max_sessions, std::chrono::seconds lifetime)
    : m_max(max_sessions), m_lifetime(lifetime) {}

bool SessionCache::fresh(const Botan::TLS::Session& session) const {
    return session.session_age() <= m_lifetime;
}

bool SessionCache::load_from_session_id(const std::vector<uint8_t>& session_id,
                                        Botan::TLS::Session& session) {
    std::lock_guard lock(m_mutex);
    auto it = m_by_id.find(session_id);
    if (it == m_by_id.end())
        return false;
    if (!fresh(it->second)) {
        m_by_id.erase(it);
        return false;
    }
    session = it->second;
    return true;
}

bool SessionCache::load_from_server_info(const Botan::TLS::Server_Information& info,
                                         Botan::TLS::Session& session) {
    std::vector<uint8_t> id;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_by_server.find(info);
        if (it == m_by_server.end())
            return false;
        id = it->second;
    }
    return load_from_session_id(id, session);
}

void SessionCache::remove_entry(const std::vector<uint8_t>& session_id) {
    std::lock_guard lock(m_mutex);
    m_by_id.erase(session_id);
}

size_t SessionCache::remove_all() {
    std::lock_guard lock(m_mutex);
    const size_t n = m_by_id.size();
    m_by_id.clear();
    m_by_server.clear();
    m_order.clear();
    return n;
}

void SessionCache::save(const Botan::TLS::Session& session) {
    std::lock_guard lock(m_mutex);
    const auto& id = session.session_id();
    if (m_by_id.insert_or_assign(id, session).second)
        m_order.push_back(id);
    if (session.side() == Botan::TLS::CLIENT && !session.server_info().empty())
        m_by_server[session.server_info()] = id;
    while (m_max > 0 && m_by_id.size() > m_max && !m_order.empty()) {
        m_by_id.erase(m_order.front());
        m_order.pop_front();
    }
    if (m_order.size() > 2 * m_max + 16) {
        std::erase_if(m_order, [&](const auto& old) { return m_by_id.count(old) == 0; });
    }
}

} // namespace tlsctl
