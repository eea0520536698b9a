// SPDX-License-Identifier: GPL-2.0-or-later
#include "cipher_names.hpp"

#include <algorithm>
#include <botan/tls_ciphersuite.h>

namespace tlsctl {
namespace {

// openssl's spelling of Botan's cipher names.
std::string cipher_part(const Botan::TLS::Ciphersuite& suite) {
    const std::string c = suite.cipher_algo();
    if (c == "AES-128")
        return "AES128";
    if (c == "AES-256")
        return "AES256";
    if (c == "AES-128/GCM")
        return "AES128-GCM";
    if (c == "AES-256/GCM")
        return "AES256-GCM";
    if (c == "AES-128/CCM")
        return "AES128-CCM";
    if (c == "AES-256/CCM")
        return "AES256-CCM";
    if (c == "AES-128/CCM(8)")
        return "AES128-CCM8";
    if (c == "AES-256/CCM(8)")
        return "AES256-CCM8";
    if (c == "ChaCha20Poly1305")
        return "CHACHA20-POLY1305";
    if (c == "3DES")
        return "DES-CBC3";
    if (c == "Camellia-128")
        return "CAMELLIA128";
    if (c == "Camellia-256")
        return "CAMELLIA256";
    if (c == "Camellia-128/GCM")
        return "CAMELLIA128-GCM";
    if (c == "Camellia-256/GCM")
        return "CAMELLIA256-GCM";
    if (c == "ARIA-128/GCM")
        return "ARIA128-GCM";
    if (c == "ARIA-256/GCM")
        return "ARIA256-GCM";
    return "";
}

std::string hash_part(const std::string& botan_hash) {
    if (botan_hash == "SHA-1")
        return "SHA";
    if (botan_hash == "SHA-256")
        return "SHA256";
    if (botan_hash == "SHA-384")
        return "SHA384";
    return "";
}

bool is_keyword_all(const std::string& word) {
    return word == "ALL" || word == "DEFAULT" || word == "HIGH" || word == "TLSv1.2" ||
           word == "@SECLEVEL=0" || word == "@SECLEVEL=1" || word == "@SECLEVEL=2";
}

} // namespace

std::string openssl_cipher_name(const Botan::TLS::Ciphersuite& suite) {
    if (!suite.valid() || suite.psk_ciphersuite())
        return "";
    std::string kex;
    const std::string k = suite.kex_algo();
    const std::string s = suite.sig_algo();
    if (k == "RSA")
        kex = "";
    else if (k == "ECDH" && s == "ECDSA")
        kex = "ECDHE-ECDSA-";
    else if (k == "ECDH" && s == "RSA")
        kex = "ECDHE-RSA-";
    else if (k == "DH" && s == "RSA")
        kex = "DHE-RSA-";
    else
        return "";
    const std::string cipher = cipher_part(suite);
    if (cipher.empty())
        return "";
    std::string name = kex + cipher;
    const std::string mac = suite.mac_algo();
    if (mac == "AEAD") {
        // GCM names carry the PRF hash; ChaCha20 and CCM carry none.
        if (cipher.find("GCM") != std::string::npos)
            name += "-" + hash_part(suite.prf_algo());
    } else {
        const std::string h = hash_part(mac);
        if (h.empty())
            return "";
        name += "-" + h;
    }
    return name;
}

std::string openssl_cipher_name(uint16_t code) {
    return openssl_cipher_name(Botan::TLS::Ciphersuite::by_id(code));
}

std::string openssl_cipher_version(const std::string& name) {
    const bool sha1 = name.size() > 4 && name.compare(name.size() - 4, 4, "-SHA") == 0;
    if (!sha1)
        return "TLSv1.2";
    return name.rfind("ECDHE-", 0) == 0 ? "TLSv1.0" : "SSLv3";
}

std::string cipher_columns(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        out += names[i];
        if (i + 1 == names.size())
            break;
        out.append(names[i].size() < 26 ? 26 - names[i].size() : 0, ' ');
        out += i % 3 == 2 ? "\n" : " ";
    }
    return names.empty() ? out : out + "\n";
}

std::vector<uint16_t> default_cipher_codes() {
    // openssl 3.0's TLS 1.2 order, restricted to what Botan 2.19 implements.
    static const char* const kOrder[] = {
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "DHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
        "DHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "DHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-SHA384",
        "ECDHE-RSA-AES256-SHA384",
        "DHE-RSA-AES256-SHA256",
        "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES128-SHA256",
        "DHE-RSA-AES128-SHA256",
        "ECDHE-ECDSA-AES256-SHA",
        "ECDHE-RSA-AES256-SHA",
        "DHE-RSA-AES256-SHA",
        "ECDHE-ECDSA-AES128-SHA",
        "ECDHE-RSA-AES128-SHA",
        "DHE-RSA-AES128-SHA",
        "AES256-GCM-SHA384",
        "AES128-GCM-SHA256",
        "AES256-SHA256",
        "AES128-SHA256",
        "AES256-SHA",
        "AES128-SHA",
    };
    std::vector<uint16_t> codes;
    for (const char* wanted : kOrder) {
        for (const auto& suite : Botan::TLS::Ciphersuite::all_known_ciphersuites()) {
            if (openssl_cipher_name(suite) == wanted) {
                codes.push_back(suite.ciphersuite_code());
                break;
            }
        }
    }
    return codes;
}

ipsec::Result<std::vector<uint16_t>> parse_cipher_list(const std::string& list) {
    std::vector<std::string> words;
    std::string current;
    for (char c : list + ":") {
        if (c == ':' || c == ',' || c == ' ') {
            if (!current.empty())
                words.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    std::vector<uint16_t> codes;
    std::vector<uint16_t> removed;
    for (const std::string& word : words) {
        const bool remove = word[0] == '!' || word[0] == '-';
        const std::string name = remove ? word.substr(1) : word;
        std::vector<uint16_t> matched;
        if (is_keyword_all(name)) {
            matched = default_cipher_codes();
        } else {
            for (const auto& suite : Botan::TLS::Ciphersuite::all_known_ciphersuites()) {
                if (openssl_cipher_name(suite) == name)
                    matched.push_back(suite.ciphersuite_code());
            }
        }
        if (matched.empty())
            return ipsec::Error::plain("-cipher '" + list + "': unknown cipher '" + name + "'",
                                       "Botan 2.19 suites use openssl names such as AES128-SHA, "
                                       "ECDHE-RSA-AES128-GCM-SHA256 (TLS 1.2 only)");
        for (uint16_t code : matched) {
            if (remove)
                removed.push_back(code);
            else if (std::find(codes.begin(), codes.end(), code) == codes.end())
                codes.push_back(code);
        }
    }
    std::erase_if(codes, [&](uint16_t code) {
        return std::find(removed.begin(), removed.end(), code) != removed.end();
    });
    if (codes.empty())
        return ipsec::Error::plain("-cipher '" + list + "': no cipher suite left");
    return codes;
}

} // namespace tlsctl
