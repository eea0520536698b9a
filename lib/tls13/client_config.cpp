// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/client.hpp"

#include <algorithm>
#include <chrono>

namespace tls13 {

ClientConfig::ClientConfig()
    : m_groups{static_cast<uint16_t>(NamedGroup::x25519),
               static_cast<uint16_t>(NamedGroup::secp256r1),
               static_cast<uint16_t>(NamedGroup::secp384r1)},
      m_key_share_groups{static_cast<uint16_t>(NamedGroup::x25519)}, m_clock([] {
          return std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
              .count();
      }) {
    for (const auto& s : all_cipher_suites())
        m_suites.push_back(s.id);
}

ClientConfig& ClientConfig::set_server_name(std::string name) {
    m_server_name = std::move(name);
    return *this;
}

ClientConfig& ClientConfig::set_cipher_suites(std::vector<uint16_t> suites) {
    m_suites = std::move(suites);
    return *this;
}

ClientConfig& ClientConfig::set_groups(std::vector<uint16_t> groups,
                                       std::vector<uint16_t> key_share_groups) {
    m_groups = std::move(groups);
    m_key_share_groups = std::move(key_share_groups);
    return *this;
}

ClientConfig& ClientConfig::set_alpn(std::vector<std::string> protocols) {
    m_alpn = std::move(protocols);
    return *this;
}

ClientConfig& ClientConfig::set_verifier(ChainVerifier verifier) {
    m_verifier = std::move(verifier);
    return *this;
}

ClientConfig& ClientConfig::set_identity(Identity identity) {
    m_identity = std::move(identity);
    if (!m_identity->signers && m_identity->key)
        m_identity->signers = std::make_shared<SignerCache>(m_identity->key);
    return *this;
}

ClientConfig& ClientConfig::set_offer_tls12(bool offer) {
    m_offer_tls12 = offer;
    return *this;
}

ClientConfig& ClientConfig::set_tls12_suites(std::vector<uint16_t> suites) {
    m_tls12_suites = std::move(suites);
    return *this;
}

ClientConfig& ClientConfig::set_session(Session session) {
    m_session = std::move(session);
    return *this;
}

ClientConfig& ClientConfig::set_early_data(Bytes data) {
    m_early_data = std::move(data);
    return *this;
}

ClientConfig& ClientConfig::set_clock(std::function<int64_t()> now_ms) {
    m_clock = std::move(now_ms);
    return *this;
}

ipsec::Result<void> ClientConfig::validate() const {
    if (m_suites.empty())
        return ipsec::Error::plain("no TLS 1.3 cipher suite to offer");
    for (uint16_t s : m_suites)
        if (!find_cipher_suite(s))
            return ipsec::Error::plain("cipher suite " + std::to_string(s) + " is not supported");
    if (m_groups.empty())
        return ipsec::Error::plain("no key exchange group to offer");
    for (uint16_t g : m_groups)
        if (!group_supported(g))
            return ipsec::Error::plain("group " + std::to_string(g) + " is not supported");
    for (uint16_t g : m_key_share_groups)
        if (std::find(m_groups.begin(), m_groups.end(), g) == m_groups.end())
            return ipsec::Error::plain("a key share for " + group_name(static_cast<NamedGroup>(g)) +
                                       ", which is not among the offered groups");
    if (!m_verifier)
        return ipsec::Error::plain(
            "no certificate verifier: the server could not be authenticated");
    if (m_identity && (!m_identity->key || m_identity->chain.empty()))
        return ipsec::Error::plain("a client identity needs a certificate and its key");
    if (!m_early_data.empty() && !m_session)
        return ipsec::Error::plain("early data needs a session to resume");
    return ipsec::success();
}

const std::vector<uint16_t>& tls12_fallback_suites() {
    static const std::vector<uint16_t> suites = {0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc02b, 0xc02f};
    return suites;
}

std::string state_name(ClientState state) {
    switch (state) {
    case ClientState::start:
        return "START";
    case ClientState::wait_server_hello:
        return "WAIT_SH";
    case ClientState::wait_encrypted_extensions:
        return "WAIT_EE";
    case ClientState::wait_certificate_or_request:
        return "WAIT_CERT_CR";
    case ClientState::wait_certificate:
        return "WAIT_CERT";
    case ClientState::wait_certificate_verify:
        return "WAIT_CV";
    case ClientState::wait_finished:
        return "WAIT_FINISHED";
    case ClientState::connected:
        return "CONNECTED";
    }
    return "?";
}

} // namespace tls13
