// SPDX-License-Identifier: GPL-2.0-or-later
// Subject names: openssl's -subj syntax ("/C=IT/O=Lab/CN=server.lab") in, and
// the one-line forms openssl prints ("C = IT, O = Lab, CN = server.lab" and the
// index.txt form "/C=IT/O=Lab/CN=server.lab") out.
#pragma once

#include "common/result.hpp"

#include <string>
#include <utility>
#include <vector>

namespace Botan {
class X509_DN;
class X509_Cert_Options;
} // namespace Botan

namespace tlsctl {

// (short name, value) in the order given, e.g. {"CN", "server.lab"}.
using SubjectFields = std::vector<std::pair<std::string, std::string>>;

// Parses "/K=V/K=V..." ("\/" escapes a slash). Keys: C, ST, L, O, OU, CN,
// emailAddress, serialNumber. Errors name the offending field.
ipsec::Result<SubjectFields> parse_subject(const std::string& text);

// Fills the subject part of Botan's certificate options from the fields.
void apply_subject(const SubjectFields& fields, Botan::X509_Cert_Options& opts);

// The short name openssl uses for an attribute OID ("CN", "O", ...); the
// dotted OID when it has none.
std::string dn_short_name(const std::string& botan_name);

// "C = IT, O = Lab, CN = server.lab" (openssl's default -nameopt oneline).
std::string format_dn_oneline(const Botan::X509_DN& dn);
// "/C=IT/O=Lab/CN=server.lab" (index.txt and openssl's -nameopt compat).
std::string format_dn_slashes(const Botan::X509_DN& dn);
// The value of one attribute given by short name ("C", "ST", "O"), "" if absent.
std::string dn_field(const Botan::X509_DN& dn, const std::string& short_name);

} // namespace tlsctl
