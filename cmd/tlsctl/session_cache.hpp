// SPDX-License-Identifier: GPL-2.0-or-later
// SessionCache: TLS sessions kept in this process's memory, by session ID and
// (for clients) by server, up to a bound (the oldest go first) and for a
// lifetime. Unlike Botan's Session_Manager_In_Memory it does not re-encrypt
// every session it stores, which costs a resumed handshake more than the
// handshake's own cryptography.
#pragma once

#include <botan/tls_server_info.h>
#include <botan/tls_session.h>
#include <botan/tls_session_manager.h>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <vector>

namespace tlsctl {

class SessionCache final : public Botan::TLS::Session_Manager {
public:
    explicit SessionCache(size_t max_sessions = 20000,
                          std::chrono::seconds lifetime = std::chrono::seconds(7200));

    bool load_from_session_id(const std::vector<uint8_t>& session_id,
                              Botan::TLS::Session& session) override;
    bool load_from_server_info(const Botan::TLS::Server_Information& info,
                               Botan::TLS::Session& session) override;
    void remove_entry(const std::vector<uint8_t>& session_id) override;
    size_t remove_all() override;
    void save(const Botan::TLS::Session& session) override;
    std::chrono::seconds session_lifetime() const override { return m_lifetime; }

private:
    bool fresh(const Botan::TLS::Session& session) const;

    std::mutex m_mutex;
    size_t m_max;
    std::chrono::seconds m_lifetime;
    std::map<std::vector<uint8_t>, Botan::TLS::Session> m_by_id;
    std::deque<std::vector<uint8_t>> m_order;
    std::map<Botan::TLS::Server_Information, std::vector<uint8_t>> m_by_server;
};

} // namespace tlsctl
