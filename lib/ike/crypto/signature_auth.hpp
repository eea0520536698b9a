// SPDX-License-Identifier: GPL-2.0-or-later
// RFC 7427 Digital Signature authentication (AUTH method 14): the AUTH Data is
//
//   ASN.1 length (1 byte) | AlgorithmIdentifier (DER) | signature value
//
// over the signed octets of RFC 7296 section 2.15. Schemes: RSA PKCS#1 v1.5
// and RSASSA-PSS with SHA-256/384/512, ECDSA with SHA-256/384/512 (signature
// DER-encoded as Ecdsa-Sig-Value). Keys are Botan's; only forward declared here.
#pragma once

#include "ike/crypto/bytes.hpp"
#include "ike/crypto/rng.hpp"
#include "ike/wire/signature_auth.hpp"

#include <string_view>

namespace Botan {
class Private_Key;
class Public_Key;
} // namespace Botan

namespace ipsec::ike::crypto {

enum class SignatureScheme : std::uint8_t {
    rsa_pkcs1_sha256,
    rsa_pkcs1_sha384,
    rsa_pkcs1_sha512,
    rsa_pss_sha256, // MGF1 with the same hash, salt as long as the hash
    rsa_pss_sha384,
    rsa_pss_sha512,
    ecdsa_sha256,
    ecdsa_sha384,
    ecdsa_sha512,
};

// Hash algorithm ids of the SIGNATURE_HASH_ALGORITHMS notify (RFC 7427
// section 7): the codec's enum.
using HashAlgorithm = ipsec::ike::wire::HashAlgorithm;

std::string_view signature_scheme_name(SignatureScheme scheme);
HashAlgorithm signature_hash(SignatureScheme scheme);

// The DER AlgorithmIdentifier RFC 7427 Appendix A lists for the scheme.
Bytes algorithm_identifier(SignatureScheme scheme);

struct SignatureAuth {
    SignatureScheme scheme;
    Bytes signature;
    // RSASSA-PSS: the salt length the AlgorithmIdentifier names (ours use the
    // hash length; a peer's may differ); 0 otherwise.
    std::size_t pss_salt_length = 0;
};

// Builds the AUTH Data from a signature value (the framing is the codec's,
// ike/wire/signature_auth.hpp; this side knows the schemes).
Bytes encode_signature_auth(SignatureScheme scheme, ByteView signature);

// Splits AUTH Data; an error names an unknown or malformed AlgorithmIdentifier.
// The schemes' DER encodings are recognised as is; other RSASSA-PSS parameter
// encodings are decoded (SHA-256/384/512 with MGF1 of the same hash, any salt
// length, trailer field 1).
ipsec::Result<SignatureAuth> parse_signature_auth(ByteView auth_data);

// Signs the signed octets and returns the whole AUTH Data. The key must fit
// the scheme (RSA for rsa_*, ECDSA for ecdsa_*).
ipsec::Result<Bytes> sign_auth(SignatureScheme scheme, const Botan::Private_Key& key,
                               ByteView signed_octets, Rng& rng);

// Verifies AUTH Data against the signed octets; error AUTHENTICATION_FAILED.
ipsec::Result<void> verify_auth(const Botan::Public_Key& key, ByteView auth_data,
                                ByteView signed_octets);

} // namespace ipsec::ike::crypto
