// SPDX-License-Identifier: GPL-2.0-or-later
// s_server over TLS 1.3 (lib/tls13): client certificates (-verify/-Verify),
// tickets and resumption, 0-RTT (-early_data), ALPN, -keylogfile, -msg, the
// -state trace, the -www page or the stdio relay with openssl's lines.
#pragma once

#include "lab_credentials.hpp"

#include <memory>
#include <string>
#include <vector>

namespace tlsctl {

struct Tls13ServerOptions {
    bool www = false;
    bool state = false;
    bool quiet = false;
    bool msg = false;
    bool request_cert = false;
    bool require_cert = false;
    bool verify_return_error = false;
    bool tickets = true;
    bool early_data = false;
    bool require_cookie = false; // -stateless
    long naccept = 0;            // 0: forever
    std::string command_line;
    std::vector<uint16_t> suites;
    std::vector<uint16_t> tls12_suites; // served too (the -www page, "Shared ciphers")
    std::vector<uint16_t> groups;
    std::vector<std::string> alpn;
    std::string keylog_path;
};

// The TLS 1.3 side of an s_server: tickets, counters and the key log shared by
// its connections. serve() may be called from several threads at once.
class Tls13Service {
public:
    static ipsec::Result<std::unique_ptr<Tls13Service>> create(const Tls13ServerOptions& opts,
                                                               LabCredentials& creds);
    ~Tls13Service();
    // Serves the client on fd and closes fd.
    void serve(int fd);

private:
    struct State;
    explicit Tls13Service(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

// Whether the server's key can sign TLS 1.3 CertificateVerify messages.
bool tls13_signing_key(LabCredentials& creds);

// Serves on listen_fd until naccept connections were handled; the exit status.
int run_tls13_server(const Tls13ServerOptions& opts, LabCredentials& creds, int listen_fd);

// Whether the client on fd offers TLS 1.3 in its ClientHello, read with
// MSG_PEEK (the bytes stay for whoever serves it); false when the first
// record is no ClientHello or does not come within timeout_ms.
bool client_offers_tls13(int fd, int timeout_ms);

} // namespace tlsctl
