// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl s_time: how many TLS handshakes per second a server completes, with
// new sessions (-new), resumed ones (-reuse) or both; openssl s_time's flags
// and result lines.
#include "cipher_names.hpp"
#include "lab_credentials.hpp"
#include "lab_policy.hpp"
#include "session_cache.hpp"
#include "socket_io.hpp"
#include "tls_endpoint.hpp"
#include "verb_support.hpp"

#include <botan/system_rng.h>
#include <botan/tls_client.h>
#include <botan/tls_session_manager.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"connect", true, "host:port (default localhost:4433)"},
    {"new", false, "new sessions only"},
    {"reuse", false, "resumed sessions only"},
    {"time", true, "seconds per measurement (default 30)"},
    {"cipher", true, "cipher list, openssl names"},
    {"CAfile", true, "accepted (s_time does not verify)"},
    {"www", true, "GET this page after each handshake"},
    {"tls1_2", false, "TLS 1.2 (the only version)"},
};

class TimingEndpoint final : public TlsEndpoint {
public:
    explicit TimingEndpoint(int fd) : TlsEndpoint(fd, Botan::TLS::CLIENT, false) {}
    // Like openssl s_time without -verify: the chain is not checked.
    void tls_verify_cert_chain(const std::vector<Botan::X509_Certificate>&,
                               const std::vector<std::shared_ptr<const Botan::OCSP::Response>>&,
                               const std::vector<Botan::Certificate_Store*>&, Botan::Usage_Type,
                               const std::string&, const Botan::TLS::Policy&) override {}
};

struct Run {
    long connections = 0;
    long reused = 0;
    uint64_t bytes = 0;
    double real_seconds = 0;
    double user_seconds = 0;
};

// One connection: handshake, optional GET, close. false on failure.
bool one_connection(const HostPort& where, Botan::TLS::Session_Manager& sessions,
                    LabCredentials& creds, const LabPolicy& policy, const std::string& page,
                    Run& run) {
    auto fd = tcp_connect(where);
    if (!fd) {
        std::fprintf(stderr, "tlsctl s_time: %s\n", fd.error().to_string().c_str());
        return false;
    }
    bool ok = true;
    try {
        TimingEndpoint ep(*fd);
        Botan::TLS::Client client(ep, sessions, creds, policy, Botan::system_rng(),
                                  Botan::TLS::Server_Information(
                                      where.host, static_cast<uint16_t>(std::stoul(where.port))),
                                  Botan::TLS::Protocol_Version::TLS_V12);
        ep.flush();
        while (!client.is_active()) {
            if (client.is_closed() || ep.pump(client, 10000) <= 0)
                throw std::runtime_error("handshake did not complete");
        }
        if (!page.empty()) {
            client.send("GET " + page + " HTTP/1.0\r\n\r\n");
            ep.flush();
            while (!client.is_closed() && !ep.peer_closed() && ep.pump(client, 10000) > 0) {
            }
            run.bytes += ep.app_data().size();
        }
        if (ep.resumed())
            run.reused++;
        if (client.is_active()) {
            client.close();
            ep.flush();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tlsctl s_time: %s\n", e.what());
        ok = false;
    }
    ::close(*fd);
    return ok;
}

bool measure(const HostPort& where, bool reuse, long seconds, LabCredentials& creds,
             const LabPolicy& policy, const std::string& page, Run& run) {
    SessionCache reuse_sessions(100);
    Botan::TLS::Session_Manager_Noop no_sessions;
    Botan::TLS::Session_Manager& sessions =
        reuse ? static_cast<Botan::TLS::Session_Manager&>(reuse_sessions) : no_sessions;
    if (reuse) {
        Run warmup;
        if (!one_connection(where, sessions, creds, policy, page, warmup))
            return false;
    }
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const auto end = start + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (!one_connection(where, sessions, creds, policy, page, run))
            return false;
        run.connections++;
    }
    run.real_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.user_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    return true;
}

void print_run(const Run& run) {
    const double user = run.user_seconds > 0 ? run.user_seconds : 1e-9;
    std::printf("\n\n%ld connections in %.2fs; %.2f connections/user sec, bytes read %llu\n",
                run.connections, run.user_seconds, static_cast<double>(run.connections) / user,
                static_cast<unsigned long long>(run.bytes));
    std::printf("%ld connections in %ld real seconds, %llu bytes read per connection\n",
                run.connections, static_cast<long>(run.real_seconds + 0.5),
                static_cast<unsigned long long>(
                    run.connections ? run.bytes / static_cast<uint64_t>(run.connections) : 0));
    std::printf("(%.1f handshakes/s measured, %ld resumed)\n",
                static_cast<double>(run.connections) / run.real_seconds, run.reused);
}

} // namespace

int verb_s_time(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("s_time", kFlags, args, rc);
    if (!flags)
        return rc;
    auto where = parse_host_port(flags->get("connect"), "localhost", "4433");
    if (!where)
        return report_error("s_time", where.error().with_context("-connect"));
    auto seconds = flags->get_int("time", 30, 1, 86400);
    if (!seconds)
        return report_error("s_time", seconds.error());
    PolicySettings settings;
    if (flags->has("cipher")) {
        auto suites = parse_cipher_list(flags->get("cipher"));
        if (!suites)
            return report_error("s_time", suites.error());
        settings.suites = *suites;
    }
    LabPolicy policy(settings);
    LabCredentials creds;
    const std::string page = flags->get("www");
    const bool do_new = flags->has("new") || !flags->has("reuse");
    const bool do_reuse = flags->has("reuse") || !flags->has("new");
    if (do_new) {
        std::printf("Collecting connection statistics for %ld seconds\n", *seconds);
        std::fflush(stdout);
        Run run;
        if (!measure(*where, false, *seconds, creds, policy, page, run))
            return 1;
        print_run(run);
    }
    if (do_reuse) {
        std::printf("\n\nNow timing with session id reuse.\nstarting\n");
        std::fflush(stdout);
        Run run;
        if (!measure(*where, true, *seconds, creds, policy, page, run))
            return 1;
        print_run(run);
    }
    return 0;
}

} // namespace tlsctl
