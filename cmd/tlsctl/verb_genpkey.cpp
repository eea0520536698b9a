// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl genpkey -algorithm RSA|EC [-pkeyopt rsa_keygen_bits:N|ec_paramgen_curve:P-256]
//                [-out FILE] [-aes256 -pass SRC]
#include "key_io.hpp"
#include "verb_support.hpp"

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"algorithm", true, "RSA or EC"},
    {"pkeyopt", true, "rsa_keygen_bits:N or ec_paramgen_curve:CURVE"},
    {"out", true, "write the key here (default stdout)"},
    {"pass", true, "password source for the encrypted key (pass:, file:, env:)"},
    {"aes256", false, "encrypt the key (PKCS#8, AES-256-CBC)"},
    {"aes128", false, "encrypt the key (written as AES-256-CBC too)"},
};

} // namespace

int verb_genpkey(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("genpkey", kFlags, args, rc);
    if (!flags)
        return rc;
    std::string algorithm = flags->get("algorithm");
    if (algorithm.empty())
        return report_error("genpkey", ipsec::Error::plain("-algorithm RSA or EC is required"));
    for (auto& c : algorithm)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string curve;
    for (const std::string& opt : flags->all("pkeyopt")) {
        if (opt.rfind("rsa_keygen_bits:", 0) == 0 && algorithm == "rsa")
            algorithm = "rsa:" + opt.substr(16);
        else if (opt.rfind("ec_paramgen_curve:", 0) == 0 && algorithm == "ec")
            curve = opt.substr(18);
        else
            return report_error(
                "genpkey", ipsec::Error::plain("-pkeyopt '" + opt + "' does not fit -algorithm"));
    }
    auto key = generate_key(algorithm, curve);
    if (!key)
        return report_error("genpkey", key.error());
    std::string password;
    if (flags->has("aes256") || flags->has("aes128")) {
        auto pass = read_password(flags->get("pass"));
        if (!pass)
            return report_error("genpkey", pass.error());
        if (pass->empty())
            return report_error("genpkey", ipsec::Error::plain("-aes256 needs -pass pass:TEXT"));
        password = *pass;
    }
    auto written = write_output(flags->get("out"), encode_private_key(**key, password), 0600);
    if (!written)
        return report_error("genpkey", written.error());
    return 0;
}

} // namespace tlsctl
