// SPDX-License-Identifier: GPL-2.0-or-later
// Signing requests with a CA key, and openssl's serial files (hex, one line).
#pragma once

#include "common/result.hpp"

#include <botan/bigint.h>
#include <botan/pk_keys.h>
#include <botan/pkcs10.h>
#include <botan/x509cert.h>
#include <string>

namespace tlsctl {

// Signs request with the CA (SHA-256); the request's extensions are kept
// (subjectAltName and the like), plus key identifiers and basic constraints.
ipsec::Result<Botan::X509_Certificate>
sign_request(const Botan::X509_Certificate& ca_cert, const Botan::Private_Key& ca_key,
             const Botan::PKCS10_Request& request, const Botan::BigInt& serial,
             const Botan::X509_Time& not_before, const Botan::X509_Time& not_after);

ipsec::Result<Botan::PKCS10_Request> load_request(const std::string& path);

// A random positive 64-bit-ish serial, as openssl's -create_serial makes.
Botan::BigInt random_serial();
// Reads a serial file ("01", "3A7F..."); an error names the file.
ipsec::Result<Botan::BigInt> read_serial_file(const std::string& path);
ipsec::Result<void> write_serial_file(const std::string& path, const Botan::BigInt& serial);
// Upper-case hex with an even number of digits, as in serial files and newcerts/.
std::string serial_to_hex(const Botan::BigInt& serial);

} // namespace tlsctl
