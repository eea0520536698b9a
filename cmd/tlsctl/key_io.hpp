// SPDX-License-Identifier: GPL-2.0-or-later
// Files, passwords, keys and certificates as openssl reads and writes them:
// PEM or DER certificates and chains, PKCS#8 keys (plain or encrypted) and the
// traditional "BEGIN RSA PRIVATE KEY" / "BEGIN EC PRIVATE KEY" forms, and the
// -pass sources pass:TEXT, file:PATH, env:VAR, stdin.
#pragma once

#include "common/result.hpp"

#include <botan/pk_keys.h>
#include <botan/x509cert.h>
#include <memory>
#include <string>
#include <vector>

namespace tlsctl {

ipsec::Result<std::string> read_file(const std::string& path);
// Writes the whole file, creating it with mode (0600 for keys).
ipsec::Result<void> write_file(const std::string& path, const std::string& data,
                               unsigned mode = 0644);

// A -pass/-passin/-passout argument; "" stays "" (no password).
ipsec::Result<std::string> read_password(const std::string& source);

// A private key from a file; password used only for encrypted keys.
ipsec::Result<std::unique_ptr<Botan::Private_Key>> load_private_key(const std::string& path,
                                                                    const std::string& password);
// The same from memory ("where" names the source in errors).
ipsec::Result<std::unique_ptr<Botan::Private_Key>>
decode_private_key(const std::string& data, const std::string& password, const std::string& where);

// Every certificate in a PEM file (in order), or the one certificate of a DER file.
ipsec::Result<std::vector<Botan::X509_Certificate>> load_certificates(const std::string& path);

// PKCS#8 PEM ("BEGIN PRIVATE KEY"), encrypted ("BEGIN ENCRYPTED PRIVATE KEY",
// PBES2 AES-256-CBC, PBKDF2-SHA256 like openssl) when password is not empty.
std::string encode_private_key(const Botan::Private_Key& key, const std::string& password);

// A new key: "rsa:BITS", "rsa" (2048), "ec" with curve (P-256 by default).
ipsec::Result<std::unique_ptr<Botan::Private_Key>> generate_key(const std::string& algorithm,
                                                                const std::string& curve);

// "secp256r1" for "P-256", "prime256v1", "secp256r1"; "" when unknown.
std::string botan_curve_name(const std::string& name);

} // namespace tlsctl
