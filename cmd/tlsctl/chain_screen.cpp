// SPDX-License-Identifier: GPL-2.0-or-later
#include "chain_screen.hpp"

#include "cert_info.hpp"
#include "subject.hpp"

namespace tlsctl {

std::string chain_block(const std::vector<Botan::X509_Certificate>& chain, bool showcerts) {
    std::string out = "---\nCertificate chain\n";
    for (size_t i = 0; i < chain.size(); ++i) {
        const auto& cert = chain[i];
        out += " " + std::to_string(i) + " s:" + format_dn_oneline(cert.subject_dn()) + "\n";
        out += "   i:" + format_dn_oneline(cert.issuer_dn()) + "\n";
        out += "   a:PKEY: " + public_key_summary(cert) +
               "; sigalg: " + signature_algorithm_name(cert) + "\n";
        out += "   v:NotBefore: " + openssl_time(cert.not_before()) +
               "; NotAfter: " + openssl_time(cert.not_after()) + "\n";
        if (showcerts)
            out += cert.PEM_encode();
    }
    out += "---\n";
    if (!showcerts && !chain.empty()) {
        out += "Server certificate\n" + chain.front().PEM_encode();
    }
    if (!chain.empty()) {
        out += "subject=" + format_dn_oneline(chain.front().subject_dn()) + "\n";
        out += "issuer=" + format_dn_oneline(chain.front().issuer_dn()) + "\n";
    }
    out += "---\n";
    return out;
}

} // namespace tlsctl
