// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl ca: a small CA in the directory layout of CA.pl's demoCA
// (cacert.pem, private/cakey.pem, newcerts/, index.txt, serial, crlnumber).
//   tlsctl ca -newca [-dir demoCA] -subj /CN=Lab CA [-newkey ec] [-passout SRC|-nodes]
//   tlsctl ca [-dir demoCA] -in req.pem -out cert.pem [-days N] [-policy policy_match]
#include "cert_builder.hpp"
#include "cert_info.hpp"
#include "cert_signing.hpp"
#include "key_io.hpp"
#include "subject.hpp"
#include "verb_support.hpp"

#include <botan/system_rng.h>
#include <botan/x509_ext.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"newca", false, "create the CA directory, key and self-signed certificate"},
    {"dir", true, "CA directory (default ./demoCA)"},
    {"config", true, "an openssl.cnf: its 'dir' in [CA_default] is used"},
    {"subj", true, "subject of the new CA (-newca)"},
    {"newkey", true, "key of the new CA: rsa:BITS (default rsa:2048) or ec"},
    {"pkeyopt", true, "ec_paramgen_curve:CURVE"},
    {"nodes", false, "do not encrypt the CA key"},
    {"noenc", false, "do not encrypt the CA key"},
    {"passout", true, "password source for the new CA key"},
    {"passin", true, "password source for the CA key"},
    {"keyfile", true, "CA key (default DIR/private/cakey.pem)"},
    {"cert", true, "CA certificate (default DIR/cacert.pem)"},
    {"in", true, "certificate request to sign"},
    {"out", true, "write the certificate here (default stdout)"},
    {"days", true, "validity in days (default 365; 1095 for -newca)"},
    {"startdate", true, "notBefore as YYMMDDHHMMSSZ"},
    {"enddate", true, "notAfter as YYMMDDHHMMSSZ"},
    {"policy", true, "policy_match (C, ST, O as the CA's) or policy_anything"},
    {"batch", false, "no questions (tlsctl asks none)"},
    {"notext", false, "PEM only (tlsctl always writes PEM only)"},
    {"md", true, "digest: sha256 (the only one)"},
    {"extensions", true, "accepted: v3_ca / usr_cert (basic constraints follow the request)"},
};

std::string index_time(const Botan::X509_Time& time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time.to_std_timepoint());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%y%m%d%H%M%SZ", &tm);
    return buf;
}

ipsec::Result<void> record_issued(const std::filesystem::path& dir,
                                  const Botan::X509_Certificate& cert,
                                  const Botan::BigInt& serial) {
    const std::string hex = serial_to_hex(serial);
    auto w = write_file((dir / "newcerts" / (hex + ".pem")).string(), cert.PEM_encode());
    if (!w)
        return w;
    std::ofstream index(dir / "index.txt", std::ios::app);
    if (!index)
        return ipsec::Error::plain("cannot append to '" + (dir / "index.txt").string() + "'");
    index << "V\t" << index_time(cert.not_after()) << "\t\t" << hex << "\tunknown\t"
          << format_dn_slashes(cert.subject_dn()) << "\n";
    if (!index)
        return ipsec::Error::plain("cannot append to '" + (dir / "index.txt").string() + "'");
    return write_serial_file((dir / "serial").string(), serial + 1);
}

std::filesystem::path ca_dir(const Flags& flags) {
    if (flags.has("dir"))
        return flags.get("dir");
    if (flags.has("config")) {
        std::ifstream cnf(flags.get("config"));
        std::string line;
        while (std::getline(cnf, line)) {
            const auto eq = line.find('=');
            if (eq == std::string::npos)
                continue;
            std::string key = line.substr(0, eq);
            std::erase(key, ' ');
            std::erase(key, '\t');
            if (key != "dir")
                continue;
            std::string value = line.substr(eq + 1);
            const auto hash = value.find('#');
            if (hash != std::string::npos)
                value.resize(hash);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.erase(value.begin());
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.pop_back();
            return value;
        }
    }
    return "demoCA";
}

int new_ca(const Flags& flags, const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    if (fs::exists(dir / "cacert.pem"))
        return report_error("ca", ipsec::Error::plain("'" + (dir / "cacert.pem").string() +
                                                      "' exists already; remove the directory "
                                                      "to start over"));
    if (!flags.has("subj"))
        return report_error("ca", ipsec::Error::plain("-newca needs -subj (tlsctl does not "
                                                      "prompt)",
                                                      "as in -subj '/C=IT/O=Lab/CN=Lab CA'"));
    auto subject = parse_subject(flags.get("subj"));
    if (!subject)
        return report_error("ca", subject.error());
    std::error_code ec;
    for (const char* sub : {"certs", "crl", "newcerts", "private"}) {
        fs::create_directories(dir / sub, ec);
        if (ec)
            return report_error(
                "ca", ipsec::Error::os(ec.value(), "cannot create '" + (dir / sub).string() + "'"));
    }
    fs::permissions(dir / "private", fs::perms::owner_all, ec);
    std::string curve;
    std::string algorithm = flags.get("newkey", "rsa:2048");
    for (const std::string& opt : flags.all("pkeyopt")) {
        if (opt.rfind("ec_paramgen_curve:", 0) == 0)
            curve = opt.substr(18);
        else
            return report_error("ca",
                                ipsec::Error::plain("-pkeyopt '" + opt + "' is not supported"));
    }
    auto key = generate_key(algorithm, curve);
    if (!key)
        return report_error("ca", key.error());
    std::string password;
    if (!flags.has("nodes") && !flags.has("noenc")) {
        auto pass = read_password(flags.get("passout"));
        if (!pass)
            return report_error("ca", pass.error());
        if (pass->empty())
            return report_error("ca", ipsec::Error::plain("the CA key needs a password or -nodes",
                                                          "give -passout pass:TEXT (CA.pl asks "
                                                          "for one), or -nodes"));
        password = *pass;
    }
    auto days = days_flag(flags, 1095);
    if (!days)
        return report_error("ca", days.error());
    Botan::X509_Cert_Options opts("", static_cast<uint32_t>(*days) * 86400u);
    opts.CA_key(Botan::Cert_Extension::NO_CERT_PATH_LIMIT);
    auto made = make_self_signed(*subject, opts, **key, *days);
    if (!made)
        return report_error("ca", made.error());
    const Botan::X509_Certificate& cert = *made;
    Botan::BigInt serial = Botan::BigInt::decode(cert.serial_number());
    for (auto [path, text, mode] :
         {std::tuple{dir / "private" / "cakey.pem", encode_private_key(**key, password), 0600u},
          std::tuple{dir / "cacert.pem", cert.PEM_encode(), 0644u},
          std::tuple{dir / "index.txt", std::string(), 0644u},
          std::tuple{dir / "index.txt.attr", std::string("unique_subject = yes\n"), 0644u},
          std::tuple{dir / "crlnumber", std::string("01\n"), 0644u}}) {
        auto w = write_file(path.string(), text, mode);
        if (!w)
            return report_error("ca", w.error());
    }
    auto recorded = record_issued(dir, cert, serial);
    if (!recorded)
        return report_error("ca", recorded.error());
    std::printf("CA certificate is in %s\nCA private key is in %s\n", (dir / "cacert.pem").c_str(),
                (dir / "private" / "cakey.pem").c_str());
    return 0;
}

ipsec::Result<void> check_policy(const std::string& policy, const Botan::X509_DN& ca,
                                 const Botan::X509_DN& subject) {
    if (policy == "policy_anything" || policy == "policy_loose")
        return ipsec::success();
    if (policy != "policy_match")
        return ipsec::Error::plain("-policy '" + policy + "' is not known",
                                   "use policy_match or policy_anything");
    static const std::pair<const char*, const char*> kMatch[] = {
        {"C", "countryName"}, {"ST", "stateOrProvinceName"}, {"O", "organizationName"}};
    for (const auto& [short_name, long_name] : kMatch) {
        const std::string want = dn_field(ca, short_name);
        const std::string got = dn_field(subject, short_name);
        if (want != got)
            return ipsec::Error::plain(std::string("The ") + long_name +
                                           " field is different between CA certificate (" + want +
                                           ") and the request (" + got + ")",
                                       "policy_match wants C, ST and O as in the CA; "
                                       "use -policy policy_anything to allow any");
    }
    if (dn_field(subject, "CN").empty())
        return ipsec::Error::plain("The commonName field needed to be supplied and was missing");
    return ipsec::success();
}

int sign(const Flags& flags, const std::filesystem::path& dir) {
    if (!flags.has("in"))
        return report_error("ca", ipsec::Error::plain("-in REQUEST is required (or -newca)"));
    auto request = load_request(flags.get("in"));
    if (!request)
        return report_error("ca", request.error());
    auto ca_certs = load_certificates(flags.get("cert", (dir / "cacert.pem").string()));
    if (!ca_certs)
        return report_error("ca", ca_certs.error().with_context("CA certificate"));
    auto pass = read_password(flags.get("passin"));
    if (!pass)
        return report_error("ca", pass.error());
    auto ca_key =
        load_private_key(flags.get("keyfile", (dir / "private" / "cakey.pem").string()), *pass);
    if (!ca_key)
        return report_error("ca", ca_key.error().with_context("CA key"));
    auto policy = check_policy(flags.get("policy", "policy_match"), ca_certs->front().subject_dn(),
                               request->subject_dn());
    if (!policy)
        return report_error("ca", policy.error());
    // unique_subject: a valid certificate for the same subject already issued?
    const std::string subject_line = format_dn_slashes(request->subject_dn());
    if (auto index = read_file((dir / "index.txt").string()); index) {
        size_t pos = 0;
        while (pos < index->size()) {
            size_t end = index->find('\n', pos);
            if (end == std::string::npos)
                end = index->size();
            const std::string line = index->substr(pos, end - pos);
            pos = end + 1;
            if (line.rfind("V\t", 0) == 0 && line.size() > subject_line.size() &&
                line.compare(line.size() - subject_line.size(), subject_line.size(),
                             subject_line) == 0 &&
                line[line.size() - subject_line.size() - 1] == '\t')
                return report_error("ca", ipsec::Error::plain("There is already a certificate "
                                                              "for " +
                                                                  subject_line,
                                                              "index.txt has it as valid; use "
                                                              "another subject"));
        }
    } else {
        return report_error("ca", index.error().with_context("CA index (run -newca first)"));
    }
    auto serial = read_serial_file((dir / "serial").string());
    if (!serial)
        return report_error("ca", serial.error());
    auto days = days_flag(flags, 365);
    if (!days)
        return report_error("ca", days.error());
    const auto now = std::chrono::system_clock::now();
    Botan::X509_Time not_before(now);
    Botan::X509_Time not_after(now + std::chrono::hours(24) * *days);
    if (flags.has("startdate")) {
        auto t = parse_asn1_time(flags.get("startdate"));
        if (!t)
            return report_error("ca", t.error());
        not_before = *t;
    }
    if (flags.has("enddate")) {
        auto t = parse_asn1_time(flags.get("enddate"));
        if (!t)
            return report_error("ca", t.error());
        not_after = *t;
    }
    auto cert = sign_request(ca_certs->front(), **ca_key, *request, *serial, not_before, not_after);
    if (!cert)
        return report_error("ca", cert.error());
    auto recorded = record_issued(dir, *cert, *serial);
    if (!recorded)
        return report_error("ca", recorded.error());
    std::fprintf(stderr,
                 "Check that the request matches the signature\nSignature ok\n"
                 "Certificate Details:\n        Serial Number: %s\n        subject: %s\n"
                 "        Not Before: %s\n        Not After : %s\n"
                 "Data Base Updated\n",
                 serial_to_hex(*serial).c_str(), format_dn_oneline(cert->subject_dn()).c_str(),
                 openssl_time(cert->not_before()).c_str(), openssl_time(cert->not_after()).c_str());
    auto w = write_output(flags.get("out"), cert->PEM_encode());
    if (!w)
        return report_error("ca", w.error());
    return 0;
}

} // namespace

int verb_ca(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("ca", kFlags, args, rc);
    if (!flags)
        return rc;
    const std::filesystem::path dir = ca_dir(*flags);
    if (flags->has("newca"))
        return new_ca(*flags, dir);
    return sign(*flags, dir);
}

} // namespace tlsctl
