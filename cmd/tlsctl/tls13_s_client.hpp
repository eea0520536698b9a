// SPDX-License-Identifier: GPL-2.0-or-later
// s_client over TLS 1.3 (lib/tls13): the connection, openssl 3.0's screens
// for 1.3 (seed 003: "New, TLSv1.3, Cipher is ...", the post-handshake
// tickets), -sess_out/-sess_in, -keylogfile, -msg, -early_data, and the stdio
// relay once connected.
#pragma once

#include "lab_credentials.hpp"
#include "socket_io.hpp"
#include "tls13/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tlsctl {

struct Tls13ClientOptions {
    HostPort where;
    std::string sni;
    std::string verify_hostname;
    bool state = false;
    bool showcerts = false;
    bool verify_return_error = false;
    bool brief = false;
    bool quiet = false;
    bool ign_eof = false;
    bool msg = false;
    bool print_connected = true;
    bool interactive = true;
    int reconnects = 0; // -reconnect: this many more connections, resuming
    bool offer_tls12 = false;
    std::vector<uint16_t> suites;           // empty: all three
    std::vector<uint16_t> groups;           // empty: x25519, P-256, P-384
    std::vector<uint16_t> key_share_groups; // empty: the first group
    std::vector<std::string> alpn;
    std::string keylog_path;
    std::string sess_out;
    std::optional<tls13::Session> session;
    std::vector<uint8_t> early_data;
    // The TLS 1.2 suites of Botan's policy, offered too with offer_tls12.
    std::vector<uint16_t> tls12_suites;
};

enum class Tls13Outcome { ok, failed, use_tls12 };

Tls13Outcome run_tls13_client(const Tls13ClientOptions& opts, LabCredentials& creds);

// "-groups X25519:P-256" (openssl names) as group numbers.
ipsec::Result<std::vector<uint16_t>> parse_groups(const std::string& text);
// "-ciphersuites TLS_AES_128_GCM_SHA256:..." as suite numbers.
ipsec::Result<std::vector<uint16_t>> parse_ciphersuites(const std::string& text);
// "-alpn h2,http/1.1"
ipsec::Result<std::vector<std::string>> parse_alpn(const std::string& text);
class Flags;
// -ciphersuites, -groups and -alpn when given (the lists stay as they are
// otherwise).
ipsec::Result<void> parse_tls13_lists(const Flags& flags, std::vector<uint16_t>& suites,
                                      std::vector<uint16_t>& groups,
                                      std::vector<std::string>& alpn);

} // namespace tlsctl
