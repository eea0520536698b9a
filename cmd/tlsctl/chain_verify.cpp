// SPDX-License-Identifier: GPL-2.0-or-later
#include "chain_verify.hpp"

#include "subject.hpp"

#include <botan/x509path.h>

namespace tlsctl {
namespace {

int openssl_code(Botan::Certificate_Status_Code status, size_t chain_size) {
    using S = Botan::Certificate_Status_Code;
    switch (status) {
    case S::OK:
        return 0;
    case S::CERT_NOT_YET_VALID:
        return 9;
    case S::CERT_HAS_EXPIRED:
        return 10;
    case S::CERT_ISSUER_NOT_FOUND:
        return 20;
    case S::CANNOT_ESTABLISH_TRUST:
        return chain_size == 1 ? 18 : 19;
    case S::SIGNATURE_ERROR:
    case S::CHAIN_NAME_MISMATCH:
        return 7;
    case S::CERT_NAME_NOMATCH:
        return 62;
    case S::INVALID_USAGE:
    case S::CA_CERT_NOT_FOR_CERT_ISSUER:
        return 26;
    case S::CERT_CHAIN_TOO_LONG:
        return 22;
    case S::SIGNATURE_METHOD_TOO_WEAK:
    case S::UNTRUSTED_HASH:
        return 68;
    default:
        return 1;
    }
}

} // namespace

std::string verify_error_text(int code) {
    switch (code) {
    case 0:
        return "ok";
    case 7:
        return "certificate signature failure";
    case 9:
        return "certificate is not yet valid";
    case 10:
        return "certificate has expired";
    case 18:
        return "self-signed certificate";
    case 19:
        return "self-signed certificate in certificate chain";
    case 20:
        return "unable to get local issuer certificate";
    case 21:
        return "unable to verify the first certificate";
    case 22:
        return "certificate chain too long";
    case 26:
        return "unsupported certificate purpose";
    case 62:
        return "hostname mismatch";
    case 68:
        return "CA signature digest algorithm too weak";
    default:
        return "unspecified certificate verification error";
    }
}

VerifyOutcome verify_chain(const std::vector<Botan::X509_Certificate>& chain,
                           const std::vector<Botan::Certificate_Store*>& trusted,
                           const std::string& hostname, Botan::Usage_Type usage) {
    VerifyOutcome outcome;
    if (chain.empty()) {
        outcome.code = 1;
        outcome.text = "no certificate";
        return outcome;
    }
    try {
        Botan::Path_Validation_Restrictions restrictions(false, 80);
        Botan::Path_Validation_Result result =
            Botan::x509_path_validate(chain, restrictions, trusted, hostname, usage);
        const auto& statuses = result.all_statuses();
        // all_statuses()[i] belongs to the i-th certificate of the built path.
        const std::vector<std::shared_ptr<const Botan::X509_Certificate>> path = result.cert_path();
        const size_t n = std::max(path.size(), chain.size());
        int first_code = 0;
        size_t first_depth = 0;
        std::string trace;
        for (size_t k = n; k-- > 0;) {
            const Botan::X509_Certificate& cert = k < path.size() ? *path[k] : chain[k];
            trace +=
                "depth=" + std::to_string(k) + " " + format_dn_oneline(cert.subject_dn()) + "\n";
            int code = 0;
            if (k < statuses.size()) {
                for (auto status : statuses[k]) {
                    const int c = openssl_code(status, chain.size());
                    if (c != 0 && code == 0)
                        code = c;
                }
            }
            if (code == 0 && k == 0 && !result.successful_validation() && first_code == 0)
                code = openssl_code(result.result(), chain.size());
            if (code != 0) {
                trace += "verify error:num=" + std::to_string(code) + ":" +
                         verify_error_text(code) + "\n";
                if (first_code == 0 || code == 21) {
                    first_code = code;
                    first_depth = k;
                }
                if (code == 20 && k == 0) {
                    // openssl then reports that the first certificate cannot be verified
                    trace += "verify return:1\ndepth=0 " + format_dn_oneline(cert.subject_dn()) +
                             "\nverify error:num=21:unable to verify the first certificate\n";
                    first_code = 21;
                }
            }
            trace += "verify return:1\n";
        }
        outcome.code = first_code;
        outcome.depth = static_cast<int>(first_depth);
        if (outcome.code == 0 && !result.successful_validation()) {
            outcome.code = openssl_code(result.result(), chain.size());
            if (outcome.code == 0)
                outcome.code = 1;
        }
        outcome.text = verify_error_text(outcome.code);
        outcome.trace = trace;
    } catch (const std::exception& e) {
        outcome.code = 1;
        outcome.text = std::string("unspecified certificate verification error: ") + e.what();
    }
    return outcome;
}

} // namespace tlsctl
