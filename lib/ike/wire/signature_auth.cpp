// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/wire/signature_auth.hpp"

#include "ike/wire/constants.hpp"

namespace ipsec::ike::wire {

namespace {
Error syntax(const std::string& what) {
    return Error::ike(static_cast<int>(NotifyType::invalid_syntax), what);
}
} // namespace

Result<SignatureAuth> parse_signature_auth(std::span<const std::uint8_t> auth_data) {
    if (auth_data.empty())
        return syntax("signature AUTH data at offset 0: empty, the ASN.1 length octet is missing");
    std::size_t len = auth_data[0];
    if (len < 2)
        return syntax("signature AUTH data at offset 0: AlgorithmIdentifier length " +
                      std::to_string(len) + " is too short for a DER SEQUENCE");
    if (len > auth_data.size() - 1)
        return syntax("signature AUTH data at offset 0: AlgorithmIdentifier length " +
                      std::to_string(len) + " but only " + std::to_string(auth_data.size() - 1) +
                      " octets follow");
    if (auth_data[1] != 0x30)
        return syntax("signature AUTH data at offset 1: AlgorithmIdentifier starts with 0x" +
                      std::to_string(auth_data[1]) + ", not a DER SEQUENCE (0x30)");
    if (auth_data[2] + 2u != len)
        return syntax("signature AUTH data at offset 2: SEQUENCE length " +
                      std::to_string(auth_data[2]) + " does not match the ASN.1 length octet " +
                      std::to_string(len));
    SignatureAuth out;
    out.algorithm_identifier.assign(auth_data.begin() + 1, auth_data.begin() + 1 + len);
    out.signature.assign(auth_data.begin() + 1 + len, auth_data.end());
    return out;
}

std::vector<std::uint8_t> serialize_signature_auth(const SignatureAuth& auth) {
    std::vector<std::uint8_t> out;
    out.push_back(static_cast<std::uint8_t>(auth.algorithm_identifier.size()));
    out.insert(out.end(), auth.algorithm_identifier.begin(), auth.algorithm_identifier.end());
    out.insert(out.end(), auth.signature.begin(), auth.signature.end());
    return out;
}

std::string hash_algorithm_name(HashAlgorithm algorithm) {
    switch (algorithm) {
    case HashAlgorithm::sha1:
        return "SHA1";
    case HashAlgorithm::sha2_256:
        return "SHA2_256";
    case HashAlgorithm::sha2_384:
        return "SHA2_384";
    case HashAlgorithm::sha2_512:
        return "SHA2_512";
    case HashAlgorithm::identity:
        return "IDENTITY";
    }
    return "HASH_" + std::to_string(static_cast<unsigned>(algorithm));
}

Result<std::vector<HashAlgorithm>> parse_hash_algorithms(std::span<const std::uint8_t> data) {
    if (data.size() % 2 != 0)
        return syntax("SIGNATURE_HASH_ALGORITHMS data: " + std::to_string(data.size()) +
                      " octets, not a list of 16-bit numbers");
    std::vector<HashAlgorithm> out;
    for (std::size_t i = 0; i < data.size(); i += 2)
        out.push_back(static_cast<HashAlgorithm>((data[i] << 8) | data[i + 1]));
    return out;
}

std::vector<std::uint8_t> serialize_hash_algorithms(const std::vector<HashAlgorithm>& algorithms) {
    std::vector<std::uint8_t> out;
    for (auto a : algorithms) {
        auto v = static_cast<std::uint16_t>(a);
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v));
    }
    return out;
}

} // namespace ipsec::ike::wire
