// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl verify -CAfile FILE [-CApath DIR] [-untrusted FILE] [-verify_hostname H] CERT...
#include "chain_verify.hpp"
#include "key_io.hpp"
#include "subject.hpp"
#include "verb_support.hpp"

#include <botan/certstor.h>
#include <cstdio>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"CAfile", true, "trusted certificates (PEM)"},
    {"CApath", true, "directory of trusted certificates"},
    {"untrusted", true, "intermediate certificates"},
    {"verify_hostname", true, "also check the name"},
    {"purpose", true, "sslserver or sslclient"},
    {"show_chain", false, "accepted for compatibility"},
};

} // namespace

int verb_verify(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("verify", kFlags, args, rc);
    if (!flags)
        return rc;
    Botan::Certificate_Store_In_Memory store;
    std::unique_ptr<Botan::Certificate_Store_In_Memory> dir_store;
    if (flags->has("CAfile")) {
        auto certs = load_certificates(flags->get("CAfile"));
        if (!certs)
            return report_error("verify", certs.error());
        for (const auto& c : *certs)
            store.add_certificate(c);
    }
    if (flags->has("CApath")) {
        try {
            dir_store = std::make_unique<Botan::Certificate_Store_In_Memory>(flags->get("CApath"));
        } catch (const std::exception& e) {
            return report_error(
                "verify", ipsec::Error::plain("-CApath '" + flags->get("CApath") + "'", e.what()));
        }
    }
    std::vector<Botan::X509_Certificate> untrusted;
    if (flags->has("untrusted")) {
        auto certs = load_certificates(flags->get("untrusted"));
        if (!certs)
            return report_error("verify", certs.error());
        untrusted = *certs;
    }
    std::vector<Botan::Certificate_Store*> trusted{&store};
    if (dir_store)
        trusted.push_back(dir_store.get());
    Botan::Usage_Type usage = Botan::Usage_Type::UNSPECIFIED;
    if (flags->get("purpose") == "sslserver")
        usage = Botan::Usage_Type::TLS_SERVER_AUTH;
    else if (flags->get("purpose") == "sslclient")
        usage = Botan::Usage_Type::TLS_CLIENT_AUTH;
    if (flags->positional().empty())
        return report_error("verify",
                            ipsec::Error::plain("name the certificate file(s) to verify"));
    int status = 0;
    for (const std::string& path : flags->positional()) {
        auto certs = load_certificates(path);
        if (!certs) {
            report_error("verify", certs.error());
            status = 2;
            continue;
        }
        std::vector<Botan::X509_Certificate> chain{certs->front()};
        chain.insert(chain.end(), untrusted.begin(), untrusted.end());
        const VerifyOutcome outcome =
            verify_chain(chain, trusted, flags->get("verify_hostname"), usage);
        if (outcome.code == 0) {
            std::printf("%s: OK\n", path.c_str());
        } else {
            std::fflush(stdout);
            std::fprintf(stderr,
                         "%s\nerror %d at %d depth lookup: %s\nerror %s: verification "
                         "failed\n",
                         format_dn_oneline(chain[static_cast<size_t>(outcome.depth) < chain.size()
                                                     ? static_cast<size_t>(outcome.depth)
                                                     : 0]
                                               .subject_dn())
                             .c_str(),
                         outcome.code, outcome.depth, outcome.text.c_str(), path.c_str());
            status = 2;
        }
    }
    return status;
}

} // namespace tlsctl
