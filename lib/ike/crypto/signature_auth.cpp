// SPDX-License-Identifier: GPL-2.0-or-later
#include "ike/crypto/signature_auth.hpp"

#include "ike/crypto/botan_rng_adapter.hpp"
#include "ike/crypto/transform_ids.hpp"

#include <array>
#include <botan/asn1_obj.h>
#include <botan/ber_dec.h>
#include <botan/der_enc.h>
#include <botan/pk_keys.h>
#include <botan/pubkey.h>
#include <optional>

namespace ipsec::ike::crypto {

namespace {

struct SchemeInfo {
    SignatureScheme scheme;
    std::string_view name;
    const char* key_algo; // Botan's algo_name() of a fitting key
    const char* hash;     // Botan hash name
    const char* sig_oid;  // signature algorithm OID
    HashAlgorithm ike_hash;
    std::size_t pss_salt; // non-zero for RSASSA-PSS
};

constexpr std::array kSchemes = {
    SchemeInfo{SignatureScheme::rsa_pkcs1_sha256, "sha256WithRSAEncryption", "RSA", "SHA-256",
               "1.2.840.113549.1.1.11", HashAlgorithm::sha2_256, 0},
    SchemeInfo{SignatureScheme::rsa_pkcs1_sha384, "sha384WithRSAEncryption", "RSA", "SHA-384",
               "1.2.840.113549.1.1.12", HashAlgorithm::sha2_384, 0},
    SchemeInfo{SignatureScheme::rsa_pkcs1_sha512, "sha512WithRSAEncryption", "RSA", "SHA-512",
               "1.2.840.113549.1.1.13", HashAlgorithm::sha2_512, 0},
    SchemeInfo{SignatureScheme::rsa_pss_sha256, "RSASSA-PSS with SHA-256", "RSA", "SHA-256",
               "1.2.840.113549.1.1.10", HashAlgorithm::sha2_256, 32},
    SchemeInfo{SignatureScheme::rsa_pss_sha384, "RSASSA-PSS with SHA-384", "RSA", "SHA-384",
               "1.2.840.113549.1.1.10", HashAlgorithm::sha2_384, 48},
    SchemeInfo{SignatureScheme::rsa_pss_sha512, "RSASSA-PSS with SHA-512", "RSA", "SHA-512",
               "1.2.840.113549.1.1.10", HashAlgorithm::sha2_512, 64},
    SchemeInfo{SignatureScheme::ecdsa_sha256, "ecdsa-with-SHA256", "ECDSA", "SHA-256",
               "1.2.840.10045.4.3.2", HashAlgorithm::sha2_256, 0},
    SchemeInfo{SignatureScheme::ecdsa_sha384, "ecdsa-with-SHA384", "ECDSA", "SHA-384",
               "1.2.840.10045.4.3.3", HashAlgorithm::sha2_384, 0},
    SchemeInfo{SignatureScheme::ecdsa_sha512, "ecdsa-with-SHA512", "ECDSA", "SHA-512",
               "1.2.840.10045.4.3.4", HashAlgorithm::sha2_512, 0},
};

const SchemeInfo& info(SignatureScheme scheme) {
    for (const SchemeInfo& i : kSchemes)
        if (i.scheme == scheme)
            return i;
    return kSchemes[0];
}

const char* hash_oid(const std::string& hash) {
    if (hash == "SHA-256")
        return "2.16.840.1.101.3.4.2.1";
    if (hash == "SHA-384")
        return "2.16.840.1.101.3.4.2.2";
    return "2.16.840.1.101.3.4.2.3";
}

Bytes der(const Botan::AlgorithmIdentifier& alg) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder(out).encode(alg);
    return Bytes(out.begin(), out.end());
}

// RSASSA-PSS-params (RFC 4055): hash, MGF1 with the same hash, salt length;
// the trailer field keeps its default. Hash AlgorithmIdentifiers carry NULL
// parameters, as RFC 7427 Appendix A.4 shows.
Bytes pss_params(const SchemeInfo& i) {
    Botan::AlgorithmIdentifier hash_alg(Botan::OID(hash_oid(i.hash)),
                                        Botan::AlgorithmIdentifier::USE_NULL_PARAM);
    Botan::AlgorithmIdentifier mgf1(Botan::OID("1.2.840.113549.1.1.8"), der(hash_alg));
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder(out)
        .start_cons(Botan::SEQUENCE)
        .start_explicit(0)
        .encode(hash_alg)
        .end_explicit()
        .start_explicit(1)
        .encode(mgf1)
        .end_explicit()
        .start_explicit(2)
        .encode(i.pss_salt)
        .end_explicit()
        .end_cons();
    return Bytes(out.begin(), out.end());
}

std::string emsa(const SchemeInfo& i, std::size_t pss_salt) {
    std::string hash = i.hash;
    if (i.pss_salt != 0)
        return "EMSA4(" + hash + ",MGF1," + std::to_string(pss_salt) + ")";
    if (std::string_view(i.key_algo) == "ECDSA")
        return "EMSA1(" + hash + ")";
    return "EMSA3(" + hash + ")";
}

Botan::Signature_Format format(const SchemeInfo& i) {
    return std::string_view(i.key_algo) == "ECDSA" ? Botan::DER_SEQUENCE : Botan::IEEE_1363;
}

// An RSASSA-PSS AlgorithmIdentifier in any valid DER/BER form: hash, MGF1
// with the same hash, salt length; nullopt if it is not one we support.
std::optional<SignatureAuth> parse_pss(ByteView alg_der) {
    try {
        Botan::AlgorithmIdentifier alg;
        Botan::BER_Decoder(alg_der.data(), alg_der.size()).decode(alg).verify_end();
        if (alg.get_oid() != Botan::OID("1.2.840.113549.1.1.10"))
            return std::nullopt;
        const auto tag = [](int n) {
            return static_cast<Botan::ASN1_Tag>(n);
        };
        const auto explicit_tag =
            static_cast<Botan::ASN1_Tag>(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC);
        Botan::AlgorithmIdentifier hash, mgf;
        std::size_t salt = 20, trailer = 1; // RFC 4055 defaults
        Botan::BER_Decoder(alg.get_parameters())
            .start_cons(Botan::SEQUENCE)
            .decode_optional(hash, tag(0), explicit_tag)
            .decode_optional(mgf, tag(1), explicit_tag)
            .decode_optional(salt, tag(2), explicit_tag, std::size_t{20})
            .decode_optional(trailer, tag(3), explicit_tag, std::size_t{1})
            .end_cons()
            .verify_end();
        if (mgf.get_oid() != Botan::OID("1.2.840.113549.1.1.8") || trailer != 1 || salt == 0)
            return std::nullopt;
        Botan::AlgorithmIdentifier mgf_hash;
        Botan::BER_Decoder(mgf.get_parameters()).decode(mgf_hash).verify_end();
        if (mgf_hash.get_oid() != hash.get_oid())
            return std::nullopt;
        for (const SchemeInfo& i : kSchemes)
            if (i.pss_salt != 0 && hash.get_oid() == Botan::OID(hash_oid(i.hash)))
                return SignatureAuth{i.scheme, {}, salt};
    } catch (const Botan::Exception&) {
    }
    return std::nullopt;
}

} // namespace

std::string_view signature_scheme_name(SignatureScheme scheme) {
    return info(scheme).name;
}

HashAlgorithm signature_hash(SignatureScheme scheme) {
    return info(scheme).ike_hash;
}

Bytes algorithm_identifier(SignatureScheme scheme) {
    const SchemeInfo& i = info(scheme);
    if (i.pss_salt != 0)
        return der(Botan::AlgorithmIdentifier(Botan::OID(i.sig_oid), pss_params(i)));
    if (std::string_view(i.key_algo) == "RSA")
        return der(Botan::AlgorithmIdentifier(Botan::OID(i.sig_oid),
                                              Botan::AlgorithmIdentifier::USE_NULL_PARAM));
    return der(Botan::AlgorithmIdentifier(Botan::OID(i.sig_oid),
                                          Botan::AlgorithmIdentifier::USE_EMPTY_PARAM));
}

Bytes encode_signature_auth(SignatureScheme scheme, ByteView signature) {
    return ipsec::ike::wire::serialize_signature_auth(
        {algorithm_identifier(scheme), Bytes(signature.begin(), signature.end())});
}

ipsec::Result<SignatureAuth> parse_signature_auth(ByteView auth_data) {
    auto framed = ipsec::ike::wire::parse_signature_auth(auth_data);
    if (!framed)
        return framed.error();
    ByteView alg = framed->algorithm_identifier;
    ByteView signature = framed->signature;
    for (const SchemeInfo& i : kSchemes) {
        Bytes known = algorithm_identifier(i.scheme);
        if (known.size() == alg.size() && std::equal(known.begin(), known.end(), alg.begin())) {
            if (signature.empty())
                return ipsec::Error::ike(notify::invalid_syntax,
                                         "signature AUTH data without a signature value");
            return SignatureAuth{i.scheme, Bytes(signature.begin(), signature.end()), i.pss_salt};
        }
    }
    if (auto pss = parse_pss(alg)) {
        if (signature.empty())
            return ipsec::Error::ike(notify::invalid_syntax,
                                     "signature AUTH data without a signature value");
        pss->signature.assign(signature.begin(), signature.end());
        return *pss;
    }
    return ipsec::Error::ike(notify::authentication_failed,
                             "signature AUTH data: unsupported AlgorithmIdentifier " + to_hex(alg));
}

ipsec::Result<Bytes> sign_auth(SignatureScheme scheme, const Botan::Private_Key& key,
                               ByteView octets, Rng& rng) {
    const SchemeInfo& i = info(scheme);
    if (key.algo_name() != i.key_algo)
        return ipsec::Error::plain(std::string("a ") + key.algo_name() + " key cannot make a " +
                                   std::string(i.name) + " signature");
    try {
        BotanRngAdapter adapter(rng);
        Botan::PK_Signer signer(key, adapter, emsa(i, i.pss_salt), format(i));
        auto signature = signer.sign_message(octets.data(), octets.size(), adapter);
        return encode_signature_auth(scheme, signature);
    } catch (const Botan::Exception& e) {
        return ipsec::Error::plain(std::string(i.name) + " signing failed", e.what());
    }
}

ipsec::Result<void> verify_auth(const Botan::Public_Key& key, ByteView auth_data, ByteView octets) {
    auto parsed = parse_signature_auth(auth_data);
    if (!parsed)
        return parsed.error();
    const SchemeInfo& i = info(parsed->scheme);
    if (key.algo_name() != i.key_algo)
        return ipsec::Error::ike(notify::authentication_failed,
                                 std::string(i.name) + " signature but the peer's key is " +
                                     key.algo_name());
    try {
        Botan::PK_Verifier verifier(key, emsa(i, parsed->pss_salt_length), format(i));
        if (verifier.verify_message(octets.data(), octets.size(), parsed->signature.data(),
                                    parsed->signature.size()))
            return ipsec::success();
    } catch (const Botan::Exception& e) {
        return ipsec::Error::ike(notify::authentication_failed,
                                 std::string(i.name) + " signature verification failed", e.what());
    }
    return ipsec::Error::ike(notify::authentication_failed,
                             std::string(i.name) + " signature does not verify");
}

} // namespace ipsec::ike::crypto
