// SPDX-License-Identifier: GPL-2.0-or-later
// RFC 7427: the AUTH payload data of the Digital Signature method (AuthMethod 14)
// and the SIGNATURE_HASH_ALGORITHMS notify data.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ipsec::ike::wire {

// RFC 7427 section 3: ASN.1 Length (1 octet) || AlgorithmIdentifier (DER) || Signature.
struct SignatureAuth {
    std::vector<std::uint8_t> algorithm_identifier; // the DER AlgorithmIdentifier
    std::vector<std::uint8_t> signature;
    bool operator==(const SignatureAuth&) const = default;
};

// Checks that the length octet is 1..255 and fits, and that the AlgorithmIdentifier
// is a DER SEQUENCE (0x30) whose short-form length matches; the signature is the rest.
Result<SignatureAuth> parse_signature_auth(std::span<const std::uint8_t> auth_data);
std::vector<std::uint8_t> serialize_signature_auth(const SignatureAuth& auth);

// RFC 7427 section 7 (IANA "IKEv2 Hash Algorithms").
enum class HashAlgorithm : std::uint16_t {
    sha1 = 1,
    sha2_256 = 2,
    sha2_384 = 3,
    sha2_512 = 4,
    identity = 5, // RFC 8420
};
std::string hash_algorithm_name(HashAlgorithm algorithm);

// The notify data: a list of 16-bit hash algorithm numbers (an odd length is an error).
Result<std::vector<HashAlgorithm>> parse_hash_algorithms(std::span<const std::uint8_t> data);
std::vector<std::uint8_t> serialize_hash_algorithms(const std::vector<HashAlgorithm>& algorithms);

} // namespace ipsec::ike::wire
