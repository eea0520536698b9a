// SPDX-License-Identifier: GPL-2.0-or-later
// Certificate chain verification with Botan's path validation, reported the way
// openssl reports it: X509_V_ERR numbers and texts ("20 (unable to get local
// issuer certificate)") and the per-depth "depth=N ... verify return:1" lines.
#pragma once

#include <botan/certstor.h>
#include <botan/x509cert.h>
#include <string>
#include <vector>

namespace tlsctl {

struct VerifyOutcome {
    int code = 0;      // openssl's X509_V_ERR number, 0 = ok
    int depth = 0;     // where the error is (0 = leaf)
    std::string text;  // openssl's text for code
    std::string trace; // the lines openssl's verify callback prints
};

// Verifies chain (leaf first) against the trusted stores; hostname is checked
// only when not empty. Never throws.
VerifyOutcome verify_chain(const std::vector<Botan::X509_Certificate>& chain,
                           const std::vector<Botan::Certificate_Store*>& trusted,
                           const std::string& hostname, Botan::Usage_Type usage);

// openssl's text for an X509_V_ERR number ("ok", "certificate has expired").
std::string verify_error_text(int code);

} // namespace tlsctl
