// SPDX-License-Identifier: GPL-2.0-or-later
// Certificates for TLS 1.3: an endpoint's own identity (chain and key), the
// check of a peer's chain (Botan's X.509 path validation and the RFC 6125
// hostname check) and the decoding of the Certificate message's chain.
#pragma once

#include "common/result.hpp"
#include "tls13/signer_cache.hpp"
#include "tls13/wire.hpp"

#include <botan/certstor.h>
#include <botan/pk_keys.h>
#include <botan/x509cert.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tls13 {

struct Identity {
    std::vector<Botan::X509_Certificate> chain; // leaf first
    std::shared_ptr<const Botan::Private_Key> key;
    // Signers for key kept between handshakes, shared by the copies of this
    // identity (the configurations' set_identity makes it when missing).
    std::shared_ptr<SignerCache> signers = nullptr;
};

// The CertificateVerify signature of content by identity's key.
ipsec::Result<Bytes> sign_as(const Identity& identity, uint16_t scheme, ByteView content,
                             Botan::RandomNumberGenerator& rng);

// Checks a peer's chain (leaf first); an error carries the alert to send.
using ChainVerifier =
    std::function<ipsec::Result<void>(const std::vector<Botan::X509_Certificate>&)>;

// Path validation against roots (kept alive by the verifier) at the time of
// the call, with hostname checked against the leaf when not empty. Alerts:
// unknown_ca, certificate_expired, bad_certificate (RFC 8446 section 6.2).
ChainVerifier path_validator(std::vector<std::shared_ptr<Botan::Certificate_Store>> roots,
                             std::string hostname, Botan::Usage_Type usage);

// The DER certificates of a Certificate message as X.509 objects:
// bad_certificate when one does not decode, unsupported_certificate for an
// Ed448 (or other unusable) leaf key.
ipsec::Result<std::vector<Botan::X509_Certificate>> decode_chain(const std::vector<Bytes>& der);

} // namespace tls13
