// SPDX-License-Identifier: GPL-2.0-or-later
// What openssl prints about a certificate: the dates in its format, the
// "a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256" chain line, the
// fingerprint and a -text dump.
#pragma once

#include <botan/x509cert.h>
#include <chrono>
#include <string>

namespace tlsctl {

// "Nov 23 16:36:09 2026 GMT"
std::string openssl_time(const Botan::X509_Time& time);
std::string openssl_time(std::chrono::system_clock::time_point when);
// "rsaEncryption, 2048 (bit)" / "id-ecPublicKey, 256 (bit)"
std::string public_key_summary(const Botan::X509_Certificate& cert);
// "RSA-SHA256", "ecdsa-with-SHA256", "RSA-PSS"
std::string signature_algorithm_name(const Botan::X509_Certificate& cert);
// "SHA1 Fingerprint=AB:CD:..." for hash "SHA-1" / "SHA-256".
std::string fingerprint_line(const Botan::X509_Certificate& cert, const std::string& hash);
// Upper-case hex of the serial, two digits per byte.
std::string serial_hex(const Botan::X509_Certificate& cert);
// An openssl-x509-style -text dump.
std::string certificate_text(const Botan::X509_Certificate& cert);
// Number of bits of the certificate's public key.
size_t public_key_bits(const Botan::X509_Certificate& cert);

} // namespace tlsctl
