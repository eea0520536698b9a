// SPDX-License-Identifier: GPL-2.0-or-later
// Cipher suite names: openssl's ("ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA")
// to and from Botan's Ciphersuite, and openssl -cipher lists.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace Botan::TLS {
class Ciphersuite;
}

namespace tlsctl {

// openssl's name for a suite, "" when openssl has none we support (PSK, SRP...).
std::string openssl_cipher_name(const Botan::TLS::Ciphersuite& suite);
// The same, by IANA code; "" for unknown codes.
std::string openssl_cipher_name(uint16_t code);
// The oldest version a TLS 1.2 suite works with, as the -www page shows it:
// "SSLv3" or "TLSv1.0" for the SHA-1 suites, "TLSv1.2" for the others.
std::string openssl_cipher_version(const std::string& name);
// openssl's -www layout of "Ciphers common between both SSL end points": the
// names three to a line, each padded to 26 columns but the last.
std::string cipher_columns(const std::vector<std::string>& names);

// The suite codes for an openssl cipher list such as "AES128-SHA" or
// "ECDHE-ECDSA-AES128-GCM-SHA256:AES128-SHA", in the order given. Separators
// ':', ',' and ' '. Keywords ALL, DEFAULT and HIGH stand for every TLS 1.2 suite
// tlsctl supports; "!NAME" and "-NAME" remove a name. Unknown names are an
// error that names them, as is a list that leaves nothing.
ipsec::Result<std::vector<uint16_t>> parse_cipher_list(const std::string& list);

// Every suite tlsctl offers by default, best first (openssl's order).
std::vector<uint16_t> default_cipher_codes();

} // namespace tlsctl
