// s_server over TLS 1.3 (lib/tls13): one client at a time on the listening
// socket, client certificates (-verify/-Verify), tickets and resumption,
// 0-RTT (-early_data), ALPN, -keylogfile, -msg, the -www page or the stdio
// relay with openssl's lines.
#pragma once

#include "lab_credentials.hpp"

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
    long naccept = 0; // 0: forever
    std::string command_line;
    std::vector<uint16_t> suites;
    std::vector<uint16_t> groups;
    std::vector<std::string> alpn;
    std::string keylog_path;
};

// Serves on listen_fd until naccept connections were handled; the exit status.
int run_tls13_server(const Tls13ServerOptions& opts, LabCredentials& creds, int listen_fd);

} // namespace tlsctl
