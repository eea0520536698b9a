// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/signature.hpp"

#include <botan/ecc_key.h>
#include <botan/pubkey.h>

namespace tls13 {

namespace {

struct SchemeInfo {
    SignatureScheme scheme;
    const char* algo;    // Botan algorithm name of the key
    const char* padding; // Botan padding/EMSA
    const char* curve;   // ECDSA curve, or nullptr
    const char* type;    // openssl's "Peer signature type"
    const char* digest;  // openssl's "Peer signing digest"
};

constexpr SchemeInfo kSchemes[] = {
    {SignatureScheme::ecdsa_secp256r1_sha256, "ECDSA", "EMSA1(SHA-256)", "secp256r1", "ECDSA",
     "SHA256"},
    {SignatureScheme::ecdsa_secp384r1_sha384, "ECDSA", "EMSA1(SHA-384)", "secp384r1", "ECDSA",
     "SHA384"},
    {SignatureScheme::ecdsa_secp521r1_sha512, "ECDSA", "EMSA1(SHA-512)", "secp521r1", "ECDSA",
     "SHA512"},
    {SignatureScheme::ed25519, "Ed25519", "Pure", nullptr, "Ed25519", ""},
    {SignatureScheme::rsa_pss_rsae_sha256, "RSA", "PSSR(SHA-256,MGF1,32)", nullptr, "RSA-PSS",
     "SHA256"},
    {SignatureScheme::rsa_pss_rsae_sha384, "RSA", "PSSR(SHA-384,MGF1,48)", nullptr, "RSA-PSS",
     "SHA384"},
    {SignatureScheme::rsa_pss_rsae_sha512, "RSA", "PSSR(SHA-512,MGF1,64)", nullptr, "RSA-PSS",
     "SHA512"},
};

const SchemeInfo* find(uint16_t scheme) {
    for (const auto& s : kSchemes)
        if (static_cast<uint16_t>(s.scheme) == scheme)
            return &s;
    return nullptr;
}

bool key_fits(const SchemeInfo& info, const Botan::Public_Key& key) {
    if (key.algo_name() != info.algo)
        return false;
    if (info.curve) {
        const auto* ec = dynamic_cast<const Botan::EC_PublicKey*>(&key);
        return ec && ec->domain().get_curve_oid() == Botan::OID::from_string(info.curve);
    }
    return true;
}

} // namespace

Bytes certificate_verify_content(bool by_server, ByteView transcript_hash) {
    Bytes out(64, 0x20);
    const std::string context =
        by_server ? "TLS 1.3, server CertificateVerify" : "TLS 1.3, client CertificateVerify";
    out.insert(out.end(), context.begin(), context.end());
    out.push_back(0);
    out.insert(out.end(), transcript_hash.begin(), transcript_hash.end());
    return out;
}

const std::vector<uint16_t>& supported_signature_schemes() {
    static const std::vector<uint16_t> schemes = [] {
        std::vector<uint16_t> v;
        for (const auto& s : kSchemes)
            v.push_back(static_cast<uint16_t>(s.scheme));
        return v;
    }();
    return schemes;
}

std::vector<uint16_t> schemes_for_key(const Botan::Public_Key& key) {
    std::vector<uint16_t> out;
    for (const auto& s : kSchemes)
        if (key_fits(s, key))
            out.push_back(static_cast<uint16_t>(s.scheme));
    return out;
}

ipsec::Result<void> check_signing_key(const Botan::Public_Key& key, const std::string& where) {
    const std::string algo = key.algo_name();
    if (algo == "Ed448")
        return tls_error(Alert::unsupported_certificate,
                         where + ": Ed448 is not supported (Botan 2.19 has no Ed448)");
    if (schemes_for_key(key).empty())
        return tls_error(Alert::unsupported_certificate,
                         where + ": a " + algo + " key cannot sign in TLS 1.3");
    return ipsec::success();
}

ipsec::Result<void> verify_signature(uint16_t scheme, const Botan::Public_Key& key,
                                     ByteView content, ByteView signature) {
    const SchemeInfo* info = find(scheme);
    if (!info)
        return tls_error(Alert::illegal_parameter,
                         "signature scheme " + scheme_name(static_cast<SignatureScheme>(scheme)) +
                             " is not allowed or not supported in TLS 1.3");
    if (!key_fits(*info, key))
        return tls_error(Alert::illegal_parameter, "signature scheme " + scheme_name(info->scheme) +
                                                       " does not match the " + key.algo_name() +
                                                       " certificate key");
    try {
        Botan::PK_Verifier verifier(key, info->padding,
                                    info->curve ? Botan::DER_SEQUENCE : Botan::IEEE_1363);
        if (verifier.verify_message(content.data(), content.size(), signature.data(),
                                    signature.size()))
            return ipsec::success();
    } catch (const std::exception&) {
        // a malformed signature is a wrong one
    }
    return tls_error(Alert::decrypt_error,
                     "CertificateVerify signature (" + scheme_name(info->scheme) + ") is wrong");
}

ipsec::Result<SignerParams> signer_params(uint16_t scheme, const Botan::Public_Key& key) {
    const SchemeInfo* info = find(scheme);
    if (!info || !key_fits(*info, key))
        return tls_error(Alert::internal_error,
                         "cannot sign with scheme " +
                             scheme_name(static_cast<SignatureScheme>(scheme)));
    return SignerParams{info->padding, info->curve ? Botan::DER_SEQUENCE : Botan::IEEE_1363};
}

ipsec::Result<Bytes> sign_content(uint16_t scheme, const Botan::Private_Key& key, ByteView content,
                                  Botan::RandomNumberGenerator& rng) {
    auto params = signer_params(scheme, key);
    if (!params)
        return params.error();
    Botan::PK_Signer signer(key, rng, params->padding, params->format);
    auto sig = signer.sign_message(content.data(), content.size(), rng);
    return Bytes(sig.begin(), sig.end());
}

std::string scheme_signature_type(uint16_t scheme) {
    const SchemeInfo* info = find(scheme);
    return info ? info->type : "unknown";
}

std::string scheme_digest(uint16_t scheme) {
    const SchemeInfo* info = find(scheme);
    return info ? info->digest : "";
}

} // namespace tls13
