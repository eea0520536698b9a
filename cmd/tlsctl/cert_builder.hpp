// SPDX-License-Identifier: GPL-2.0-or-later
// Requests and self-signed certificates whose subject keeps the order of
// -subj (openssl keeps it; Botan's X509_Cert_Options path puts CN first), with
// the extensions described by X509_Cert_Options (basic constraints, key usage,
// extended key usage, subjectAltName).
#pragma once

#include "common/result.hpp"
#include "subject.hpp"

#include <botan/pkcs10.h>
#include <botan/x509cert.h>
#include <botan/x509self.h>

namespace tlsctl {

Botan::X509_DN make_dn(const SubjectFields& fields);

ipsec::Result<Botan::PKCS10_Request> make_request(const SubjectFields& subject,
                                                  const Botan::X509_Cert_Options& opts,
                                                  const Botan::Private_Key& key);

// Self-signed, valid from now for days; a random serial.
ipsec::Result<Botan::X509_Certificate> make_self_signed(const SubjectFields& subject,
                                                        const Botan::X509_Cert_Options& opts,
                                                        const Botan::Private_Key& key, long days);

} // namespace tlsctl
