// SPDX-License-Identifier: GPL-2.0-or-later
// CertificateVerify signatures (RFC 8446 section 4.4.3): the signed content,
// and signing/verifying with RSA-PSS, ECDSA and Ed25519 through Botan's
// PK_Signer/PK_Verifier. Ed448 is not in Botan 2.19 and is refused by name.
#pragma once

#include "tls13/protocol.hpp"
#include "tls13/wire.hpp"

#include <botan/pk_keys.h>
#include <string>
#include <vector>

namespace tls13 {

// 64 spaces, the context string, a zero byte, then the transcript hash.
Bytes certificate_verify_content(bool by_server, ByteView transcript_hash);

// The schemes this library can verify, in preference order.
const std::vector<uint16_t>& supported_signature_schemes();

// The schemes a key can sign with, in preference order (empty: unusable key).
std::vector<uint16_t> schemes_for_key(const Botan::Public_Key& key);

// A key usable for TLS 1.3 signatures; an Ed448 or DSA key is an error naming it.
ipsec::Result<void> check_signing_key(const Botan::Public_Key& key, const std::string& where);

// illegal_parameter when scheme does not fit the key or is not allowed in
// TLS 1.3; decrypt_error when the signature is wrong.
ipsec::Result<void> verify_signature(uint16_t scheme, const Botan::Public_Key& key,
                                     ByteView content, ByteView signature);
ipsec::Result<Bytes> sign_content(uint16_t scheme, const Botan::Private_Key& key, ByteView content,
                                  Botan::RandomNumberGenerator& rng);

// Botan's padding and signature format for scheme with key; internal_error
// when the scheme does not fit the key.
struct SignerParams {
    std::string padding;
    Botan::Signature_Format format;
};
ipsec::Result<SignerParams> signer_params(uint16_t scheme, const Botan::Public_Key& key);

// "RSA-PSS"/"ECDSA"/"Ed25519" and the digest ("SHA256") as openssl prints them.
std::string scheme_signature_type(uint16_t scheme);
std::string scheme_digest(uint16_t scheme);

} // namespace tls13
