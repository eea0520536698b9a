// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl req: certificate requests (-new) and self-signed certificates (-x509),
// with a new key (-newkey rsa:N|ec -pkeyopt ec_paramgen_curve:P-256) or an
// existing one (-key); -in shows a request.
#include "cert_builder.hpp"
#include "key_io.hpp"
#include "subject.hpp"
#include "verb_support.hpp"

#include <botan/data_src.h>
#include <botan/pkcs10.h>
#include <botan/system_rng.h>
#include <botan/x509_ext.h>
#include <botan/x509self.h>
#include <cstdio>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"new", false, "make a new certificate request"},
    {"x509", false, "make a self-signed certificate instead of a request"},
    {"newkey", true, "rsa:BITS or ec: generate a new key"},
    {"pkeyopt", true, "ec_paramgen_curve:CURVE or rsa_keygen_bits:N"},
    {"key", true, "use this existing private key"},
    {"keyout", true, "write the new key here (default privkey.pem)"},
    {"out", true, "write the request/certificate here (default stdout)"},
    {"in", true, "read a request (to show or verify it)"},
    {"subj", true, "subject, as /C=IT/O=Lab/CN=server.lab"},
    {"days", true, "validity of -x509 certificates (default 30)"},
    {"nodes", false, "do not encrypt the new key"},
    {"noenc", false, "do not encrypt the new key"},
    {"passout", true, "password source for the new key"},
    {"passin", true, "password source for -key"},
    {"addext", true, "add an extension (subjectAltName=DNS:x, basicConstraints=CA:TRUE...)"},
    {"text", false, "print the request/certificate as text"},
    {"noout", false, "do not print the PEM"},
    {"subject", false, "print the subject"},
    {"verify", false, "check the request's self-signature"},
    {"sha256", false, "SHA-256 signatures (the default)"},
    {"batch", false, "no prompts (tlsctl never prompts)"},
    {"config", true, "accepted and ignored (tlsctl needs no config file)"},
};

} // namespace

int verb_req(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("req", kFlags, args, rc);
    if (!flags)
        return rc;

    if (flags->has("in")) {
        auto data = read_file(flags->get("in"));
        if (!data)
            return report_error("req", data.error());
        try {
            Botan::DataSource_Memory src(*data);
            Botan::PKCS10_Request request(src);
            if (flags->has("verify")) {
                if (!request.check_signature(request.subject_public_key()))
                    return report_error(
                        "req", ipsec::Error::plain("Certificate request self-signature did not "
                                                   "match"));
                std::fprintf(stderr, "Certificate request self-signature verify OK\n");
            }
            if (flags->has("subject"))
                std::printf("subject=%s\n", format_dn_oneline(request.subject_dn()).c_str());
            if (flags->has("text"))
                std::printf("Certificate Request:\n    Subject: %s\n",
                            format_dn_oneline(request.subject_dn()).c_str());
            if (!flags->has("noout")) {
                auto w = write_output(flags->get("out"), request.PEM_encode());
                if (!w)
                    return report_error("req", w.error());
            }
            return 0;
        } catch (const std::exception& e) {
            return report_error(
                "req", ipsec::Error::plain("'" + flags->get("in") + "': not a certificate request",
                                           e.what()));
        }
    }

    if (!flags->has("new") && !flags->has("x509") && !flags->has("newkey"))
        return report_error(
            "req",
            ipsec::Error::plain("nothing to do", "give -new (request) or -x509 (certificate)"));
    if (!flags->has("subj"))
        return report_error("req", ipsec::Error::plain("-subj is required (tlsctl does not prompt)",
                                                       "as in -subj /C=IT/O=Lab/CN=server.lab"));
    auto subject = parse_subject(flags->get("subj"));
    if (!subject)
        return report_error("req", subject.error());
    auto days = days_flag(*flags, 30);
    if (!days)
        return report_error("req", days.error());

    std::unique_ptr<Botan::Private_Key> key;
    if (flags->has("key")) {
        auto pass = read_password(flags->get("passin"));
        if (!pass)
            return report_error("req", pass.error());
        auto loaded = load_private_key(flags->get("key"), *pass);
        if (!loaded)
            return report_error("req", loaded.error());
        key = std::move(*loaded);
    } else {
        std::string algorithm = flags->get("newkey", "rsa:2048");
        std::string curve;
        for (const std::string& opt : flags->all("pkeyopt")) {
            if (opt.rfind("ec_paramgen_curve:", 0) == 0)
                curve = opt.substr(18);
            else if (opt.rfind("rsa_keygen_bits:", 0) == 0)
                algorithm = "rsa:" + opt.substr(16);
            else
                return report_error("req",
                                    ipsec::Error::plain("-pkeyopt '" + opt + "' is not supported"));
        }
        if (algorithm.rfind("ec:", 0) == 0 && curve.empty()) {
            // "-newkey ec:params.pem" is openssl's form; a curve name works here too.
            curve = algorithm.substr(3);
            algorithm = "ec";
        }
        auto generated = generate_key(algorithm, curve);
        if (!generated)
            return report_error("req", generated.error());
        key = std::move(*generated);
        std::string password;
        if (!flags->has("nodes") && !flags->has("noenc")) {
            auto pass = read_password(flags->get("passout"));
            if (!pass)
                return report_error("req", pass.error());
            if (pass->empty())
                return report_error("req",
                                    ipsec::Error::plain("the new key needs a password or -nodes",
                                                        "give -passout pass:TEXT, or -nodes for a "
                                                        "key without encryption"));
            password = *pass;
        }
        const std::string keyout = flags->get("keyout", "privkey.pem");
        auto w = write_file(keyout, encode_private_key(*key, password), 0600);
        if (!w)
            return report_error("req", w.error());
    }

    Botan::X509_Cert_Options opts("", static_cast<uint32_t>(*days) * 86400u);
    if (flags->has("x509"))
        opts.CA_key(Botan::Cert_Extension::NO_CERT_PATH_LIMIT); // openssl's v3_ca: a self-signed
                                                                // certificate is a CA
    for (const std::string& ext : flags->all("addext")) {
        auto applied = apply_addext(ext, opts);
        if (!applied)
            return report_error("req", applied.error());
    }
    std::string pem;
    std::string text;
    if (flags->has("x509")) {
        auto cert = make_self_signed(*subject, opts, *key, *days);
        if (!cert)
            return report_error("req", cert.error());
        pem = cert->PEM_encode();
        if (flags->has("subject"))
            text += "subject=" + format_dn_oneline(cert->subject_dn()) + "\n";
    } else {
        auto request = make_request(*subject, opts, *key);
        if (!request)
            return report_error("req", request.error());
        pem = request->PEM_encode();
        if (flags->has("subject"))
            text += "subject=" + format_dn_oneline(request->subject_dn()) + "\n";
    }
    std::fputs(text.c_str(), stdout);
    if (!flags->has("noout")) {
        auto w = write_output(flags->get("out"), pem);
        if (!w)
            return report_error("req", w.error());
    }
    return 0;
}

} // namespace tlsctl
