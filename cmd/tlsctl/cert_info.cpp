// SPDX-License-Identifier: GPL-2.0-or-later
#include "cert_info.hpp"

#include "subject.hpp"

#include <botan/hex.h>
#include <botan/pk_keys.h>
#include <botan/pkix_types.h>
#include <botan/x509_ext.h>
#include <ctime>

namespace tlsctl {

std::string openssl_time(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%b %e %H:%M:%S %Y GMT", &tm);
    return buf;
}

std::string openssl_time(const Botan::X509_Time& time) {
    return openssl_time(time.to_std_timepoint());
}

size_t public_key_bits(const Botan::X509_Certificate& cert) {
    try {
        return cert.load_subject_public_key()->key_length();
    } catch (const std::exception&) {
        return 0;
    }
}

std::string public_key_summary(const Botan::X509_Certificate& cert) {
    std::string algo;
    try {
        algo = cert.load_subject_public_key()->algo_name();
    } catch (const std::exception&) {
        algo = "unknown";
    }
    std::string name = algo == "RSA" ? "rsaEncryption" : algo == "ECDSA" ? "id-ecPublicKey" : algo;
    return name + ", " + std::to_string(public_key_bits(cert)) + " (bit)";
}

std::string signature_algorithm_name(const Botan::X509_Certificate& cert) {
    const std::string name = cert.signature_algorithm().get_oid().to_formatted_string();
    // Botan names: "RSA/EMSA3(SHA-256)", "ECDSA/EMSA1(SHA-256)", "RSA/EMSA4"
    auto hash_of = [&](const std::string& n) {
        const auto open = n.find('(');
        const auto close = n.find(')');
        if (open == std::string::npos || close == std::string::npos)
            return std::string();
        std::string h = n.substr(open + 1, close - open - 1);
        std::erase(h, '-');
        return h;
    };
    if (name.rfind("RSA/EMSA3", 0) == 0)
        return "RSA-" + hash_of(name);
    if (name.rfind("ECDSA/EMSA1", 0) == 0)
        return "ecdsa-with-" + hash_of(name);
    if (name.rfind("RSA/EMSA4", 0) == 0)
        return "RSA-PSS";
    return name;
}

std::string fingerprint_line(const Botan::X509_Certificate& cert, const std::string& hash) {
    std::string label = hash;
    std::erase(label, '-');
    return label + " Fingerprint=" + cert.fingerprint(hash);
}

std::string serial_hex(const Botan::X509_Certificate& cert) {
    std::string hex = Botan::hex_encode(cert.serial_number());
    if (hex.empty())
        hex = "00";
    return hex;
}

std::string certificate_text(const Botan::X509_Certificate& cert) {
    std::string out = "Certificate:\n    Data:\n";
    out += "        Version: " + std::to_string(cert.x509_version()) + " (0x" +
           std::to_string(cert.x509_version() - 1) + ")\n";
    out += "        Serial Number:\n            ";
    const std::string hex = serial_hex(cert);
    for (size_t i = 0; i < hex.size(); i += 2)
        out += (i ? ":" : "") + Botan::hex_encode(Botan::hex_decode(hex.substr(i, 2)), false);
    out += "\n        Signature Algorithm: " + signature_algorithm_name(cert) + "\n";
    out += "        Issuer: " + format_dn_oneline(cert.issuer_dn()) + "\n";
    out += "        Validity\n";
    out += "            Not Before: " + openssl_time(cert.not_before()) + "\n";
    out += "            Not After : " + openssl_time(cert.not_after()) + "\n";
    out += "        Subject: " + format_dn_oneline(cert.subject_dn()) + "\n";
    out += "        Subject Public Key Info:\n";
    out += "            Public Key Algorithm: " +
           public_key_summary(cert).substr(0, public_key_summary(cert).find(',')) + "\n";
    out += "                Public-Key: (" + std::to_string(public_key_bits(cert)) + " bit)\n";
    out += "        X509v3 extensions:\n";
    if (cert.is_CA_cert())
        out += "            X509v3 Basic Constraints: critical\n                CA:TRUE\n";
    else
        out += "            X509v3 Basic Constraints:\n                CA:FALSE\n";
    const auto& alt = cert.subject_alt_name();
    std::string names;
    for (const auto& dns : alt.get_attribute("DNS"))
        names += (names.empty() ? "" : ", ") + std::string("DNS:") + dns;
    for (const auto& ip : alt.get_attribute("IP"))
        names += (names.empty() ? "" : ", ") + std::string("IP Address:") + ip;
    for (const auto& mail : alt.get_attribute("RFC822"))
        names += (names.empty() ? "" : ", ") + std::string("email:") + mail;
    if (!names.empty())
        out += "            X509v3 Subject Alternative Name:\n                " + names + "\n";
    if (!cert.subject_key_id().empty())
        out += "            X509v3 Subject Key Identifier:\n                " +
               Botan::hex_encode(cert.subject_key_id()) + "\n";
    if (!cert.authority_key_id().empty())
        out += "            X509v3 Authority Key Identifier:\n                " +
               Botan::hex_encode(cert.authority_key_id()) + "\n";
    out += "    Signature Algorithm: " + signature_algorithm_name(cert) + "\n";
    out += "    Signature Value:\n        " +
           Botan::hex_encode(cert.signature(), false).substr(0, 64) + "...\n";
    return out;
}

} // namespace tlsctl
