// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl x509: show a certificate (-text -subject -issuer -fingerprint -dates
// -serial) or sign a request with a CA (-req -CA -CAkey [-CAcreateserial]).
#include "cert_info.hpp"
#include "cert_signing.hpp"
#include "key_io.hpp"
#include "subject.hpp"
#include "verb_support.hpp"

#include <botan/hex.h>
#include <chrono>
#include <cstdio>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"in", true, "certificate (or request with -req) to read"},
    {"out", true, "write the certificate here (default stdout)"},
    {"text", false, "print the certificate as text"},
    {"noout", false, "do not print the PEM"},
    {"subject", false, "print the subject"},
    {"issuer", false, "print the issuer"},
    {"fingerprint", false, "print the fingerprint (SHA-1, or -sha256)"},
    {"sha1", false, "SHA-1 fingerprints"},
    {"sha256", false, "SHA-256 fingerprints"},
    {"dates", false, "print notBefore and notAfter"},
    {"enddate", false, "print notAfter"},
    {"serial", false, "print the serial number"},
    {"req", false, "the input is a request: sign it with -CA/-CAkey"},
    {"CA", true, "CA certificate that signs"},
    {"CAkey", true, "CA private key (default: the -CA file)"},
    {"CAcreateserial", false, "create the serial file when missing"},
    {"CAserial", true, "serial file (default CA basename + .srl)"},
    {"set_serial", true, "serial number to use (decimal or 0x hex)"},
    {"days", true, "validity in days (default 30)"},
    {"copy_extensions", true, "copy or copyall (tlsctl always copies the request's)"},
    {"passin", true, "password source for -CAkey"},
    {"outform", true, "PEM or DER"},
    {"inform", true, "PEM or DER (detected anyway)"},
};

int sign(const Flags& flags) {
    if (!flags.has("CA"))
        return report_error("x509", ipsec::Error::plain("-req needs -CA and -CAkey",
                                                        "self-signed certificates: tlsctl req "
                                                        "-x509"));
    auto request = load_request(flags.get("in"));
    if (!request)
        return report_error("x509", request.error());
    auto ca_certs = load_certificates(flags.get("CA"));
    if (!ca_certs)
        return report_error("x509", ca_certs.error());
    auto pass = read_password(flags.get("passin"));
    if (!pass)
        return report_error("x509", pass.error());
    auto ca_key = load_private_key(flags.get("CAkey", flags.get("CA")), *pass);
    if (!ca_key)
        return report_error("x509", ca_key.error());
    auto days = days_flag(flags, 30);
    if (!days)
        return report_error("x509", days.error());

    Botan::BigInt serial;
    std::string serial_file;
    if (flags.has("set_serial")) {
        try {
            serial = Botan::BigInt(flags.get("set_serial"));
        } catch (const std::exception&) {
            return report_error("x509",
                                ipsec::Error::plain("-set_serial '" + flags.get("set_serial") +
                                                    "' is not a number"));
        }
    } else {
        serial_file = flags.get("CAserial");
        if (serial_file.empty()) {
            std::string base = flags.get("CA");
            const auto dot = base.rfind('.');
            const auto slash = base.rfind('/');
            if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
                base.resize(dot);
            serial_file = base + ".srl";
        }
        auto existing = read_serial_file(serial_file);
        if (existing) {
            serial = *existing + 1;
        } else if (flags.has("CAcreateserial") || !flags.has("CAserial")) {
            serial = random_serial();
            if (!flags.has("CAcreateserial"))
                serial_file.clear(); // openssl 3: a random serial, no file written
        } else {
            return report_error("x509", existing.error());
        }
    }
    const auto now = std::chrono::system_clock::now();
    Botan::X509_Time not_before(now);
    Botan::X509_Time not_after(now + std::chrono::hours(24) * *days);
    auto cert = sign_request(ca_certs->front(), **ca_key, *request, serial, not_before, not_after);
    if (!cert)
        return report_error("x509", cert.error());
    if (!serial_file.empty()) {
        auto w = write_serial_file(serial_file, serial);
        if (!w)
            return report_error("x509", w.error());
    }
    std::fprintf(stderr, "Certificate request self-signature ok\nsubject=%s\n",
                 format_dn_oneline(cert->subject_dn()).c_str());
    std::string out;
    if (flags.get("outform") == "DER") {
        const auto der = cert->BER_encode();
        out.assign(der.begin(), der.end());
    } else {
        out = cert->PEM_encode();
    }
    auto w = write_output(flags.get("out"), out);
    if (!w)
        return report_error("x509", w.error());
    return 0;
}

} // namespace

int verb_x509(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("x509", kFlags, args, rc);
    if (!flags)
        return rc;
    if (!flags->has("in"))
        return report_error("x509", ipsec::Error::plain("-in FILE is required"));
    if (flags->has("req"))
        return sign(*flags);
    auto certs = load_certificates(flags->get("in"));
    if (!certs)
        return report_error("x509", certs.error());
    const Botan::X509_Certificate& cert = certs->front();
    std::string out;
    if (flags->has("serial"))
        out += "serial=" + serial_hex(cert) + "\n";
    if (flags->has("subject"))
        out += "subject=" + format_dn_oneline(cert.subject_dn()) + "\n";
    if (flags->has("issuer"))
        out += "issuer=" + format_dn_oneline(cert.issuer_dn()) + "\n";
    if (flags->has("dates"))
        out += "notBefore=" + openssl_time(cert.not_before()) + "\n";
    if (flags->has("dates") || flags->has("enddate"))
        out += "notAfter=" + openssl_time(cert.not_after()) + "\n";
    if (flags->has("fingerprint"))
        out += fingerprint_line(cert, flags->has("sha256") ? "SHA-256" : "SHA-1") + "\n";
    if (flags->has("text"))
        out += certificate_text(cert);
    std::fputs(out.c_str(), stdout);
    if (!flags->has("noout")) {
        std::string body;
        if (flags->get("outform") == "DER") {
            const auto der = cert.BER_encode();
            body.assign(der.begin(), der.end());
        } else {
            body = cert.PEM_encode();
        }
        auto w = write_output(flags->get("out"), body);
        if (!w)
            return report_error("x509", w.error());
    }
    return 0;
}

} // namespace tlsctl
