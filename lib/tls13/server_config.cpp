// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/server.hpp"
#include "tls13/signature.hpp"

#include <chrono>

namespace tls13 {

ServerConfig::ServerConfig()
    : m_groups{static_cast<uint16_t>(NamedGroup::x25519),
               static_cast<uint16_t>(NamedGroup::secp256r1),
               static_cast<uint16_t>(NamedGroup::secp384r1)},
      m_clock([] {
          return std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
              .count();
      }) {
    for (const auto& s : all_cipher_suites())
        m_suites.push_back(s.id);
}

ServerConfig& ServerConfig::set_identity(Identity identity) {
    m_identity = std::move(identity);
    if (!m_identity.signers && m_identity.key)
        m_identity.signers = std::make_shared<SignerCache>(m_identity.key);
    return *this;
}

ServerConfig& ServerConfig::set_cipher_suites(std::vector<uint16_t> suites) {
    m_suites = std::move(suites);
    return *this;
}

ServerConfig& ServerConfig::set_groups(std::vector<uint16_t> groups) {
    m_groups = std::move(groups);
    return *this;
}

ServerConfig& ServerConfig::set_alpn(std::vector<std::string> protocols) {
    m_alpn = std::move(protocols);
    return *this;
}

ServerConfig& ServerConfig::set_client_auth(ClientAuth mode, ChainVerifier verifier,
                                            std::vector<Bytes> authorities) {
    m_client_auth = mode;
    m_client_verifier = std::move(verifier);
    m_authorities = std::move(authorities);
    return *this;
}

ServerConfig& ServerConfig::set_tickets(unsigned count, std::shared_ptr<TicketSealer> sealer) {
    m_ticket_count = count;
    m_sealer = std::move(sealer);
    return *this;
}

ServerConfig& ServerConfig::set_max_early_data(uint32_t bytes) {
    m_max_early_data = bytes;
    return *this;
}

ServerConfig& ServerConfig::set_require_cookie(bool require) {
    m_require_cookie = require;
    return *this;
}

ServerConfig& ServerConfig::set_clock(std::function<int64_t()> now_ms) {
    m_clock = std::move(now_ms);
    return *this;
}

ipsec::Result<void> ServerConfig::validate() const {
    if (m_identity.chain.empty() || !m_identity.key)
        return ipsec::Error::plain("a TLS 1.3 server needs a certificate and its key");
    if (auto r = check_signing_key(*m_identity.key, "the server key"); !r)
        return ipsec::Error::plain(r.error().message);
    if (m_suites.empty() || m_groups.empty())
        return ipsec::Error::plain("no cipher suite or no group configured");
    for (uint16_t s : m_suites)
        if (!find_cipher_suite(s))
            return ipsec::Error::plain("cipher suite " + std::to_string(s) + " is not supported");
    for (uint16_t g : m_groups)
        if (!group_supported(g))
            return ipsec::Error::plain("group " + std::to_string(g) + " is not supported");
    if (m_client_auth != ClientAuth::none && !m_client_verifier)
        return ipsec::Error::plain("client authentication without a verifier");
    if (m_ticket_count && !m_sealer)
        return ipsec::Error::plain("session tickets without a ticket key");
    if (m_max_early_data && !m_ticket_count)
        return ipsec::Error::plain("0-RTT needs session tickets");
    return ipsec::success();
}

std::string state_name(ServerState state) {
    switch (state) {
    case ServerState::wait_client_hello:
        return "WAIT_CH";
    case ServerState::wait_second_client_hello:
        return "WAIT_CH2";
    case ServerState::wait_end_of_early_data:
        return "WAIT_EOED";
    case ServerState::wait_client_certificate:
        return "WAIT_CERT";
    case ServerState::wait_client_certificate_verify:
        return "WAIT_CV";
    case ServerState::wait_client_finished:
        return "WAIT_FINISHED";
    case ServerState::connected:
        return "CONNECTED";
    }
    return "?";
}

} // namespace tls13
