// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab_policy.hpp"

#include "cipher_names.hpp"

#include <algorithm>
#include <botan/tls_ciphersuite.h>

namespace tlsctl {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

} // namespace

LabPolicy::LabPolicy(const PolicySettings& settings)
    : m_request_client_cert(settings.request_client_cert || settings.require_client_cert),
      m_require_client_cert(settings.require_client_cert) {
    const std::vector<uint16_t> wanted =
        settings.suites.empty() ? default_cipher_codes() : settings.suites;
    for (uint16_t code : wanted) {
        const auto suite = Botan::TLS::Ciphersuite::by_id(code);
        if (!suite.valid())
            continue;
        if (settings.no_dhe && suite.kex_algo() == "DH")
            continue;
        m_suites.push_back(code);
        add_unique(m_ciphers, suite.cipher_algo());
        add_unique(m_macs, suite.mac_algo());
        add_unique(m_kex, suite.kex_algo());
    }
}

std::vector<uint16_t> LabPolicy::ciphersuite_list(Botan::TLS::Protocol_Version version,
                                                  bool /*have_srp*/) const {
    std::vector<uint16_t> out;
    for (uint16_t code : m_suites) {
        const auto suite = Botan::TLS::Ciphersuite::by_id(code);
        if (suite.valid() && suite.usable_in_version(version))
            out.push_back(code);
    }
    return out;
}

bool LabPolicy::acceptable_ciphersuite(const Botan::TLS::Ciphersuite& suite) const {
    return std::find(m_suites.begin(), m_suites.end(), suite.ciphersuite_code()) != m_suites.end();
}

std::vector<std::string> LabPolicy::allowed_signature_methods() const {
    // IMPLICIT: RSA key exchange, where the server signs nothing.
    return {"ECDSA", "RSA", "IMPLICIT"};
}

std::vector<std::string> LabPolicy::allowed_signature_hashes() const {
    // SHA-256 first, as openssl chooses (and the cheapest for RFC 6979 ECDSA nonces).
    return {"SHA-256", "SHA-384", "SHA-512", "SHA-1"};
}

} // namespace tlsctl
