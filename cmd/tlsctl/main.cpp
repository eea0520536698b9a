// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl: a Botan-based TLS companion with openssl's verbs (s_client, s_server,
// s_time, req, ca, x509, verify, genpkey, rand) and openssl's flags and screens.
#include "verbs.hpp"

#include <cstdio>
#include <cstring>
#include <iostream>

namespace tlsctl {

int report_error(const std::string& verb, const ipsec::Error& error) {
    std::fprintf(stderr, "tlsctl %s: %s\n", verb.c_str(), error.to_string().c_str());
    return 1;
}

} // namespace tlsctl

namespace {

struct Verb {
    const char* name;
    int (*run)(const tlsctl::Args&);
    const char* summary;
};

constexpr Verb kVerbs[] = {
    {"s_client", tlsctl::verb_s_client, "TLS client (openssl s_client)"},
    {"s_server", tlsctl::verb_s_server, "TLS server (openssl s_server)"},
    {"s_time", tlsctl::verb_s_time, "handshake rate against a server (openssl s_time)"},
    {"genpkey", tlsctl::verb_genpkey, "generate a private key"},
    {"req", tlsctl::verb_req, "certificate requests and self-signed certificates"},
    {"ca", tlsctl::verb_ca, "a small CA in CA.pl's demoCA layout"},
    {"x509", tlsctl::verb_x509, "show and sign certificates"},
    {"verify", tlsctl::verb_verify, "verify certificate chains"},
    {"rand", tlsctl::verb_rand, "random bytes"},
};

int usage(FILE* out) {
    std::fprintf(out, "usage: tlsctl VERB [options]   (openssl's verbs and flags; TLS 1.2, "
                      "Botan 2.19)\n\nverbs:\n");
    for (const Verb& verb : kVerbs)
        std::fprintf(out, "  %-9s %s\n", verb.name, verb.summary);
    std::fprintf(out, "\n'tlsctl VERB -help' lists a verb's options; see tlsctl(1).\n");
    return out == stdout ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        return usage(stderr);
    const std::string name = argv[1];
    if (name == "help" || name == "-help" || name == "--help" || name == "-h")
        return usage(stdout);
    if (name == "version" || name == "--version") {
        std::printf("tlsctl 0.1.0 (Botan 2.19, TLS 1.2)\n");
        return 0;
    }
    tlsctl::Args args(argv + 2, argv + argc);
    for (const Verb& verb : kVerbs) {
        if (name == verb.name) {
            try {
                return verb.run(args);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "tlsctl %s: %s\n", verb.name, e.what());
                return 1;
            }
        }
    }
    std::fprintf(stderr, "tlsctl: unknown verb '%s'\n", name.c_str());
    return usage(stderr);
}
