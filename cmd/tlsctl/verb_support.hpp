// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the verbs: option parsing with -help, and the certificate
// options (subject, -addext, validity) that req, ca and x509 build.
#pragma once

#include "flags.hpp"
#include "verbs.hpp"

#include <botan/x509self.h>
#include <optional>
#include <span>

namespace tlsctl {

// Parses args for verb; prints the usage and returns nullopt (with exit_code
// set) for -help or an error.
std::optional<Flags> parse_verb_flags(const std::string& verb, std::span<const FlagSpec> specs,
                                      const Args& args, int& exit_code);

// Applies one openssl -addext "name=value" (subjectAltName, basicConstraints,
// keyUsage, extendedKeyUsage) to opts.
ipsec::Result<void> apply_addext(const std::string& text, Botan::X509_Cert_Options& opts);

// "-days N": a whole number of days (1..36500), fallback when absent.
ipsec::Result<long> days_flag(const Flags& flags, long fallback);

// Writes text to path, or to stdout when path is empty.
ipsec::Result<void> write_output(const std::string& path, const std::string& text,
                                 unsigned mode = 0644);

// Botan's X509_Time from openssl's YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ.
ipsec::Result<Botan::X509_Time> parse_asn1_time(const std::string& text);

} // namespace tlsctl
