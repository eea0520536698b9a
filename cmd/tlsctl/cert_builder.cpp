// SPDX-License-Identifier: GPL-2.0-or-later
#include "cert_builder.hpp"

#include "cert_signing.hpp"

#include <botan/pkix_types.h>
#include <botan/pubkey.h>
#include <botan/system_rng.h>
#include <botan/x509_ca.h>
#include <botan/x509_ext.h>
#include <chrono>
#include <memory>

namespace tlsctl {
namespace {

const char* botan_attribute(const std::string& short_name) {
    if (short_name == "C")
        return "X520.Country";
    if (short_name == "ST")
        return "X520.State";
    if (short_name == "L")
        return "X520.Locality";
    if (short_name == "O")
        return "X520.Organization";
    if (short_name == "OU")
        return "X520.OrganizationalUnit";
    if (short_name == "CN")
        return "X520.CommonName";
    if (short_name == "emailAddress")
        return "PKCS9.EmailAddress";
    if (short_name == "serialNumber")
        return "X520.SerialNumber";
    return "X520.DomainComponent";
}

Botan::Extensions make_extensions(const Botan::X509_Cert_Options& opts,
                                  const Botan::Private_Key& key, bool self_signed) {
    Botan::Extensions ext;
    ext.add(new Botan::Cert_Extension::Basic_Constraints(opts.is_CA, opts.path_limit), true);
    Botan::Key_Constraints usage = opts.constraints;
    if (usage == Botan::NO_CONSTRAINTS && opts.is_CA)
        usage = static_cast<Botan::Key_Constraints>(Botan::KEY_CERT_SIGN | Botan::CRL_SIGN);
    if (usage != Botan::NO_CONSTRAINTS)
        ext.add(new Botan::Cert_Extension::Key_Usage(usage), true);
    if (!opts.ex_constraints.empty())
        ext.add(new Botan::Cert_Extension::Extended_Key_Usage(opts.ex_constraints));
    Botan::AlternativeName alt("", opts.uri, opts.dns, opts.ip);
    for (const auto& dns : opts.more_dns)
        alt.add_attribute("DNS", dns);
    if (!opts.email.empty())
        alt.add_attribute("RFC822", opts.email);
    if (alt.has_items())
        ext.add(new Botan::Cert_Extension::Subject_Alternative_Name(alt));
    if (self_signed) {
        auto skid = std::make_unique<Botan::Cert_Extension::Subject_Key_ID>(key.public_key_bits(),
                                                                            "SHA-256");
        ext.add(new Botan::Cert_Extension::Authority_Key_ID(skid->get_key_id()));
        ext.add(skid.release());
    }
    return ext;
}

} // namespace

Botan::X509_DN make_dn(const SubjectFields& fields) {
    Botan::X509_DN dn;
    for (const auto& [key, value] : fields)
        dn.add_attribute(botan_attribute(key), value);
    return dn;
}

ipsec::Result<Botan::PKCS10_Request> make_request(const SubjectFields& subject,
                                                  const Botan::X509_Cert_Options& opts,
                                                  const Botan::Private_Key& key) {
    try {
        return Botan::PKCS10_Request::create(key, make_dn(subject),
                                             make_extensions(opts, key, false), "SHA-256",
                                             Botan::system_rng());
    } catch (const std::exception& e) {
        return ipsec::Error::plain("cannot make the request", e.what());
    }
}

ipsec::Result<Botan::X509_Certificate> make_self_signed(const SubjectFields& subject,
                                                        const Botan::X509_Cert_Options& opts,
                                                        const Botan::Private_Key& key, long days) {
    try {
        auto& rng = Botan::system_rng();
        Botan::AlgorithmIdentifier sig_algo;
        std::unique_ptr<Botan::PK_Signer> signer(
            Botan::choose_sig_format(key, rng, "SHA-256", sig_algo));
        const Botan::X509_DN dn = make_dn(subject);
        const auto now = std::chrono::system_clock::now();
        return Botan::X509_CA::make_cert(signer.get(), rng, random_serial(), sig_algo,
                                         key.subject_public_key(), Botan::X509_Time(now),
                                         Botan::X509_Time(now + std::chrono::hours(24) * days), dn,
                                         dn, make_extensions(opts, key, true));
    } catch (const std::exception& e) {
        return ipsec::Error::plain("cannot make the certificate", e.what());
    }
}

} // namespace tlsctl
