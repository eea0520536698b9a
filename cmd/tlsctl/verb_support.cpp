// SPDX-License-Identifier: GPL-2.0-or-later
#include "verb_support.hpp"

#include "key_io.hpp"

#include <botan/asn1_obj.h>
#include <cstdio>
#include <iostream>

namespace tlsctl {

std::optional<Flags> parse_verb_flags(const std::string& verb, std::span<const FlagSpec> specs,
                                      const Args& args, int& exit_code) {
    for (const auto& arg : args) {
        if (arg == "-help" || arg == "--help" || arg == "-h") {
            std::fputs(flags_usage(verb, specs).c_str(), stdout);
            exit_code = 0;
            return std::nullopt;
        }
    }
    auto flags = Flags::parse(verb, specs, args);
    if (!flags) {
        exit_code = report_error(verb, flags.error());
        return std::nullopt;
    }
    return std::move(flags).value();
}

namespace {

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text + ",") {
        if (c == ',') {
            while (!current.empty() && current.front() == ' ')
                current.erase(current.begin());
            while (!current.empty() && current.back() == ' ')
                current.pop_back();
            if (!current.empty())
                out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    return out;
}

} // namespace

ipsec::Result<void> apply_addext(const std::string& text, Botan::X509_Cert_Options& opts) {
    const auto eq = text.find('=');
    if (eq == std::string::npos)
        return ipsec::Error::plain("-addext '" + text + "': expected NAME=VALUE");
    std::string name = text.substr(0, eq);
    while (!name.empty() && name.back() == ' ')
        name.pop_back();
    const auto values = split_commas(text.substr(eq + 1));
    if (name == "subjectAltName") {
        for (const auto& v : values) {
            if (v.rfind("DNS:", 0) == 0) {
                if (opts.dns.empty())
                    opts.dns = v.substr(4);
                else
                    opts.more_dns.push_back(v.substr(4));
            } else if (v.rfind("IP:", 0) == 0) {
                if (!opts.ip.empty())
                    return ipsec::Error::plain("-addext '" + text +
                                               "': only one IP address is supported");
                opts.ip = v.substr(3);
            } else if (v.rfind("email:", 0) == 0) {
                opts.email = v.substr(6);
            } else {
                return ipsec::Error::plain("-addext '" + text + "': '" + v +
                                           "' is not DNS:, IP: or email:");
            }
        }
        return ipsec::success();
    }
    if (name == "basicConstraints") {
        for (const auto& v : values) {
            if (v == "critical")
                continue;
            if (v == "CA:TRUE" || v == "CA:true")
                opts.is_CA = true;
            else if (v == "CA:FALSE" || v == "CA:false")
                opts.is_CA = false;
            else if (v.rfind("pathlen:", 0) == 0)
                opts.path_limit = std::stoul(v.substr(8));
            else
                return ipsec::Error::plain("-addext '" + text + "': '" + v +
                                           "' is not CA:TRUE, CA:FALSE or pathlen:N");
        }
        return ipsec::success();
    }
    if (name == "keyUsage") {
        uint32_t bits = 0;
        for (const auto& v : values) {
            if (v == "critical")
                continue;
            if (v == "digitalSignature")
                bits |= Botan::DIGITAL_SIGNATURE;
            else if (v == "nonRepudiation")
                bits |= Botan::NON_REPUDIATION;
            else if (v == "keyEncipherment")
                bits |= Botan::KEY_ENCIPHERMENT;
            else if (v == "dataEncipherment")
                bits |= Botan::DATA_ENCIPHERMENT;
            else if (v == "keyAgreement")
                bits |= Botan::KEY_AGREEMENT;
            else if (v == "keyCertSign")
                bits |= Botan::KEY_CERT_SIGN;
            else if (v == "cRLSign")
                bits |= Botan::CRL_SIGN;
            else
                return ipsec::Error::plain("-addext '" + text + "': unknown key usage '" + v + "'");
        }
        opts.add_constraints(static_cast<Botan::Key_Constraints>(bits));
        return ipsec::success();
    }
    if (name == "extendedKeyUsage") {
        for (const auto& v : values) {
            if (v == "critical")
                continue;
            if (v == "serverAuth")
                opts.add_ex_constraint("PKIX.ServerAuth");
            else if (v == "clientAuth")
                opts.add_ex_constraint("PKIX.ClientAuth");
            else
                return ipsec::Error::plain("-addext '" + text + "': unknown extended usage '" + v +
                                           "' (serverAuth, clientAuth)");
        }
        return ipsec::success();
    }
    return ipsec::Error::plain("-addext '" + text + "': extension '" + name + "' is not supported",
                               "supported: subjectAltName, basicConstraints, keyUsage, "
                               "extendedKeyUsage");
}

ipsec::Result<long> days_flag(const Flags& flags, long fallback) {
    return flags.get_int("days", fallback, 1, 36500);
}

ipsec::Result<void> write_output(const std::string& path, const std::string& text, unsigned mode) {
    if (path.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return ipsec::success();
    }
    return write_file(path, text, mode);
}

ipsec::Result<Botan::X509_Time> parse_asn1_time(const std::string& text) {
    try {
        if (text.size() == 13)
            return Botan::X509_Time(text, Botan::UTC_TIME);
        if (text.size() == 15)
            return Botan::X509_Time(text, Botan::GENERALIZED_TIME);
    } catch (const std::exception& e) {
        return ipsec::Error::plain("time '" + text + "' is not valid", e.what());
    }
    return ipsec::Error::plain("time '" + text + "' is not valid",
                               "use YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ");
}

} // namespace tlsctl
