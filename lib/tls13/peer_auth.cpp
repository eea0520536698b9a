// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13/peer_auth.hpp"

#include "tls13/protocol.hpp"
#include "tls13/signature.hpp"

#include <botan/x509path.h>

namespace tls13 {

namespace {

Alert alert_for(Botan::Certificate_Status_Code code) {
    using C = Botan::Certificate_Status_Code;
    switch (code) {
    case C::CERT_NOT_YET_VALID:
    case C::CERT_HAS_EXPIRED:
        return Alert::certificate_expired;
    case C::CERT_ISSUER_NOT_FOUND:
    case C::CANNOT_ESTABLISH_TRUST:
        return Alert::unknown_ca;
    case C::CERT_IS_REVOKED:
        return Alert::certificate_revoked;
    default:
        return Alert::bad_certificate;
    }
}

} // namespace

ChainVerifier path_validator(std::vector<std::shared_ptr<Botan::Certificate_Store>> roots,
                             std::string hostname, Botan::Usage_Type usage) {
    return [roots = std::move(roots), hostname = std::move(hostname),
            usage](const std::vector<Botan::X509_Certificate>& chain) -> ipsec::Result<void> {
        std::vector<Botan::Certificate_Store*> stores;
        for (const auto& r : roots)
            stores.push_back(r.get());
        Botan::Path_Validation_Restrictions restrictions(false, 110);
        const auto result = Botan::x509_path_validate(chain, restrictions, stores, hostname, usage);
        if (result.successful_validation())
            return ipsec::success();
        return tls_error(alert_for(result.result()),
                         "certificate of '" + chain.front().subject_dn().to_string() +
                             "' does not verify: " + result.result_string());
    };
}

ipsec::Result<std::vector<Botan::X509_Certificate>> decode_chain(const std::vector<Bytes>& der) {
    std::vector<Botan::X509_Certificate> chain;
    for (size_t i = 0; i < der.size(); ++i) {
        try {
            chain.emplace_back(der[i].data(), der[i].size());
        } catch (const std::exception& e) {
            return tls_error(Alert::bad_certificate,
                             "certificate " + std::to_string(i) +
                                 " of the chain does not decode: " + e.what());
        }
    }
    if (chain.empty())
        return tls_error(Alert::decode_error, "empty certificate chain");
    const std::string algo =
        chain.front().subject_public_key_algo().get_oid().to_formatted_string();
    if (algo == "Ed448" || algo == "1.3.101.113")
        return tls_error(Alert::unsupported_certificate,
                         "the peer's certificate key is Ed448, which Botan 2.19 does not support");
    try {
        auto key = chain.front().load_subject_public_key();
        if (auto r = check_signing_key(*key, "the peer's certificate"); !r)
            return r.error();
    } catch (const std::exception& e) {
        return tls_error(Alert::unsupported_certificate,
                         std::string("the peer's certificate key cannot be used: ") + e.what());
    }
    return chain;
}

ipsec::Result<Bytes> sign_as(const Identity& identity, uint16_t scheme, ByteView content,
                             Botan::RandomNumberGenerator& rng) {
    if (identity.signers)
        return identity.signers->sign(scheme, content, rng);
    return sign_content(scheme, *identity.key, content, rng);
}

} // namespace tls13
