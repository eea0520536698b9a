// SPDX-License-Identifier: GPL-2.0-or-later
#include "session_report.hpp"

#include "cipher_names.hpp"

#include <botan/hex.h>
#include <chrono>
#include <cstdio>

namespace tlsctl {

std::string protocol_name(const Botan::TLS::Protocol_Version& version) {
    switch (version.version_code()) {
    case 0x0303:
        return "TLSv1.2";
    case 0x0302:
        return "TLSv1.1";
    case 0x0301:
        return "TLSv1";
    default:
        return version.to_string();
    }
}

std::string session_cipher(const Botan::TLS::Session& session) {
    std::string name = openssl_cipher_name(session.ciphersuite());
    return name.empty() ? session.ciphersuite().to_string() : name;
}

std::string new_or_reused_line(const Botan::TLS::Session& session, bool reused) {
    return std::string(reused ? "Reused, " : "New, ") + protocol_name(session.version()) +
           ", Cipher is " + session_cipher(session);
}

std::string openssl_hexdump(const std::vector<uint8_t>& data, const std::string& indent) {
    std::string out;
    for (size_t row = 0; row < data.size(); row += 16) {
        char line[128];
        int n = std::snprintf(line, sizeof line, "%s%04zx - ", indent.c_str(), row);
        std::string text = line;
        (void)n;
        std::string ascii;
        for (size_t i = 0; i < 16; ++i) {
            if (row + i < data.size()) {
                const uint8_t b = data[row + i];
                std::snprintf(line, sizeof line, "%02x%c", b, i == 7 ? '-' : ' ');
                text += line;
                ascii += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
            } else {
                text += "   ";
            }
        }
        out += text + "  " + ascii + "\n";
    }
    return out;
}

std::string ssl_session_block(const Botan::TLS::Session& session, uint32_t ticket_lifetime,
                              int verify_code, const std::string& verify_text) {
    std::string out = "SSL-Session:\n";
    out += "    Protocol  : " + protocol_name(session.version()) + "\n";
    out += "    Cipher    : " + session_cipher(session) + "\n";
    out += "    Session-ID: " + Botan::hex_encode(session.session_id()) + "\n";
    out += "    Session-ID-ctx: \n";
    out += "    Master-Key: " + Botan::hex_encode(session.master_secret()) + "\n";
    out += "    PSK identity: None\n    PSK identity hint: None\n    SRP username: None\n";
    if (!session.session_ticket().empty()) {
        out += "    TLS session ticket lifetime hint: " + std::to_string(ticket_lifetime) +
               " (seconds)\n";
        out += "    TLS session ticket:\n";
        out += openssl_hexdump(session.session_ticket(), "    ") + "\n";
    }
    const auto start =
        std::chrono::duration_cast<std::chrono::seconds>(session.start_time().time_since_epoch())
            .count();
    out += "    Start Time: " + std::to_string(start) + "\n";
    out += "    Timeout   : 7200 (sec)\n";
    out += "    Verify return code: " + std::to_string(verify_code) + " (" + verify_text + ")\n";
    out += std::string("    Extended master secret: ") +
           (session.supports_extended_master_secret() ? "yes" : "no") + "\n";
    return out;
}

} // namespace tlsctl
