// SPDX-License-Identifier: GPL-2.0-or-later
// s_client's "Certificate chain" block, shared by the TLS 1.2 and 1.3 paths.
#pragma once

#include <botan/x509cert.h>
#include <string>
#include <vector>

namespace tlsctl {

// "---\nCertificate chain\n 0 s:...\n   i:...", the server certificate in PEM
// (every one with showcerts), subject= and issuer= lines, and "---".
std::string chain_block(const std::vector<Botan::X509_Certificate>& chain, bool showcerts);

} // namespace tlsctl
