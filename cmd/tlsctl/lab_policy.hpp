// SPDX-License-Identifier: GPL-2.0-or-later
// The Botan TLS policy made from openssl-style flags: exactly the suites of
// -cipher (openssl names; RSA key exchange, CBC and SHA-1 MACs included), no
// DHE with -no_dhe, client certificates asked (-verify) or required (-Verify),
// no revocation information needed (lab CAs publish no CRLs). TLS 1.2 only.
#pragma once

#include <botan/tls_policy.h>
#include <cstdint>
#include <vector>

namespace tlsctl {

struct PolicySettings {
    std::vector<uint16_t> suites; // IANA codes, preferred first; empty = defaults
    bool no_dhe = false;
    bool request_client_cert = false;
    bool require_client_cert = false;
};

class LabPolicy final : public Botan::TLS::Policy {
public:
    explicit LabPolicy(const PolicySettings& settings);

    const std::vector<uint16_t>& suites() const { return m_suites; }

    std::vector<uint16_t> ciphersuite_list(Botan::TLS::Protocol_Version version,
                                           bool have_srp) const override;
    bool acceptable_ciphersuite(const Botan::TLS::Ciphersuite& suite) const override;
    std::vector<std::string> allowed_ciphers() const override { return m_ciphers; }
    std::vector<std::string> allowed_macs() const override { return m_macs; }
    std::vector<std::string> allowed_key_exchange_methods() const override { return m_kex; }
    std::vector<std::string> allowed_signature_methods() const override;
    std::vector<std::string> allowed_signature_hashes() const override;
    bool require_cert_revocation_info() const override { return false; }
    bool request_client_certificate_authentication() const override {
        return m_request_client_cert;
    }
    bool require_client_certificate_authentication() const override {
        return m_require_client_cert;
    }
    size_t minimum_rsa_bits() const override { return 1024; }
    size_t minimum_signature_strength() const override { return 80; }
    bool allow_tls10() const override { return false; }
    bool allow_tls11() const override { return false; }
    bool allow_tls12() const override { return true; }
    bool allow_dtls10() const override { return false; }
    bool allow_dtls12() const override { return false; }
    bool negotiate_encrypt_then_mac() const override { return false; }
    bool support_cert_status_message() const override { return false; }
    bool hide_unknown_users() const override { return true; }

private:
    std::vector<uint16_t> m_suites;
    std::vector<std::string> m_ciphers;
    std::vector<std::string> m_macs;
    std::vector<std::string> m_kex;
    bool m_request_client_cert;
    bool m_require_client_cert;
};

} // namespace tlsctl
