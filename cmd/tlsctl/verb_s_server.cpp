// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl s_server: openssl s_server's flags. A ClientHello that offers TLS 1.3
// goes to lib/tls13's server (tls13_s_server), the others to Botan's TLS 1.2
// server here, unless -tls1_2 or -tls1_3 alone names one version. With
// -www every client gets openssl's status page and clients are served
// concurrently (a thread each); without it one client at a time, its data on
// stdout and stdin sent to it. A client certificate is asked for with -verify
// and required with -Verify: then a handshake without one fails, whatever the
// key exchange (Botan 2.19 sends no CertificateRequest with RSA key exchange
// and would otherwise let such a client in).
#include "cert_info.hpp"
#include "chain_verify.hpp"
#include "cipher_names.hpp"
#include "key_io.hpp"
#include "lab_credentials.hpp"
#include "lab_policy.hpp"
#include "session_cache.hpp"
#include "session_report.hpp"
#include "socket_io.hpp"
#include "stdio_relay.hpp"
#include "subject.hpp"
#include "tls13_s_client.hpp"
#include "tls13_s_server.hpp"
#include "tls_endpoint.hpp"
#include "verb_support.hpp"

#include <atomic>
#include <botan/system_rng.h>
#include <botan/tls_ciphersuite.h>
#include <botan/tls_exceptn.h>
#include <botan/tls_handshake_msg.h>
#include <botan/tls_server.h>
#include <botan/tls_session_manager.h>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <functional>
#include <list>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"accept", true, "[host:]port to listen on (default 4433)"},
    {"port", true, "port to listen on"},
    {"www", false, "answer each client with the status page"},
    {"cert", true, "server certificate (default server.pem)"},
    {"key", true, "server key (default: the -cert file)"},
    {"pass", true, "password source for -key"},
    {"CAfile", true, "CAs for client certificates (sent in the request)"},
    {"CApath", true, "directory of CAs for client certificates"},
    {"verify", true, "ask for a client certificate (depth)"},
    {"Verify", true, "require a client certificate (depth)"},
    {"verify_return_error", false, "reject a client certificate that fails verification"},
    {"no_dhe", false, "no ephemeral finite-field DH suites"},
    {"cipher", true, "cipher list, openssl names"},
    {"tls1_2", false, "TLS 1.2 only (Botan's TLS stack); with -tls1_3 both"},
    {"tls1_3", false, "TLS 1.3 only (lib/tls13); with -tls1_2 both (the default)"},
    {"no_tls1_3", false, "TLS 1.2 only"},
    {"ciphersuites", true, "TLS 1.3 suites, openssl names separated by ':'"},
    {"groups", true, "TLS 1.3 key exchange groups in preference order (X25519:P-256:P-384)"},
    {"alpn", true, "TLS 1.3 ALPN protocols in preference order, separated by ','"},
    {"keylogfile", true, "append the TLS 1.3 secrets to FILE (NSS key log format)"},
    {"msg", false, "print each TLS 1.3 handshake message"},
    {"early_data", false, "TLS 1.3: accept 0-RTT data (16384 bytes; single-use tickets)"},
    {"stateless", false, "TLS 1.3: every client must echo a cookie (HelloRetryRequest first)"},
    {"no_ticket", false, "issue no session tickets"},
    {"naccept", true, "exit after N connections"},
    {"state", false, "print the handshake states (stderr)"},
    {"quiet", false, "print less"},
};

struct ServerOptions {
    bool www = false;
    bool state = false;
    bool quiet = false;
    bool request_cert = false;
    bool require_cert = false;
    bool verify_return_error = false;
    std::string command_line;
};

struct Shared {
    ServerOptions opts;
    LabCredentials creds;
    std::unique_ptr<LabPolicy> policy;
    std::unique_ptr<SessionCache> sessions;
    std::mutex print_mutex;
    std::atomic<long> accepts{0};
    std::atomic<long> hits{0};
    std::atomic<long> good{0};
    // Clients that offer TLS 1.3 go here (when the server speaks both).
    std::unique_ptr<Tls13Service> tls13;
};

class ServerEndpoint final : public TlsEndpoint {
public:
    ServerEndpoint(int fd, Shared& shared)
        : TlsEndpoint(fd, Botan::TLS::SERVER, shared.opts.state), m_shared(shared) {}

    const std::optional<VerifyOutcome>& verify() const { return m_verify; }

    void tls_verify_cert_chain(const std::vector<Botan::X509_Certificate>& chain,
                               const std::vector<std::shared_ptr<const Botan::OCSP::Response>>&,
                               const std::vector<Botan::Certificate_Store*>& trusted,
                               Botan::Usage_Type usage, const std::string& /*hostname*/,
                               const Botan::TLS::Policy& /*policy*/) override {
        m_verify = verify_chain(chain, trusted, "", usage);
        if (!m_shared.opts.quiet) {
            std::lock_guard lock(m_shared.print_mutex);
            std::fputs(m_verify->trace.c_str(), stderr);
        }
        if (m_verify->code != 0 &&
            (m_shared.opts.require_cert || m_shared.opts.verify_return_error))
            throw Botan::TLS::TLS_Exception(
                m_verify->code == 10 ? Botan::TLS::Alert::CERTIFICATE_EXPIRED
                                     : Botan::TLS::Alert::BAD_CERTIFICATE,
                "client certificate verify failed: " + std::to_string(m_verify->code) + " (" +
                    m_verify->text + ")");
    }

    bool tls_session_established(const Botan::TLS::Session& session) override {
        if (m_shared.opts.require_cert && session.peer_certs().empty())
            throw Botan::TLS::TLS_Exception(Botan::TLS::Alert::HANDSHAKE_FAILURE,
                                            "peer did not return a certificate (-Verify)");
        return TlsEndpoint::tls_session_established(session);
    }

protected:
    void on_handshake_message(const Botan::TLS::Handshake_Message& message, bool sent) override {
        if (message.type() == Botan::TLS::CLIENT_HELLO && !sent)
            m_shared.accepts++;
        if (message.type() != Botan::TLS::CLIENT_KEX || sent || !m_shared.opts.require_cert)
            return;
        // The client's key exchange: by now a client certificate must have come.
        if (!received_certificate_message() || received_certificate_count() == 0) {
            const bool asked = certificate_requested();
            throw Botan::TLS::TLS_Exception(
                Botan::TLS::Alert::HANDSHAKE_FAILURE,
                asked ? std::string("peer did not return a certificate (-Verify)")
                      : std::string("peer did not return a certificate (-Verify): with RSA key "
                                    "exchange Botan 2.19 cannot ask for one; use an ECDHE "
                                    "suite for client authentication"));
        }
    }

private:
    Shared& m_shared;
    std::optional<VerifyOutcome> m_verify;
};

// The suites the client offered that the policy allows, in the client's order.
std::vector<uint16_t> common_suites(const Shared& shared, const ServerEndpoint& ep) {
    const auto& ours = shared.policy->suites();
    std::vector<uint16_t> out;
    for (uint16_t code : ep.offered_suites())
        if (std::find(ours.begin(), ours.end(), code) != ours.end())
            out.push_back(code);
    return out;
}

// "Client certificate", its PEM, "subject=" and "issuer="; empty without one.
std::string client_cert_block(const Botan::TLS::Session& session) {
    const auto peer = session.peer_certs();
    if (peer.empty())
        return "";
    return "Client certificate\n" + peer.front().PEM_encode() +
           "subject=" + format_dn_oneline(peer.front().subject_dn()) + "\n" +
           "issuer=" + format_dn_oneline(peer.front().issuer_dn()) + "\n";
}

std::string www_page(const Shared& shared, const ServerEndpoint& ep,
                     const Botan::TLS::Server& server) {
    std::string out = "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n"
                      "<HTML><BODY BGCOLOR=\"#ffffff\">\n<pre>\n\n";
    out += shared.opts.command_line + "\n";
    out += std::string("Secure Renegotiation IS") +
           (server.secure_renegotiation_supported() ? "" : " NOT") + " supported\n";
    out += "Ciphers supported in s_server binary\n";
    int column = 0;
    for (uint16_t code : shared.policy->suites()) {
        char cell[64];
        const std::string name = openssl_cipher_name(code);
        std::snprintf(cell, sizeof cell, "%-11s:%-25s ", openssl_cipher_version(name).c_str(),
                      name.c_str());
        out += cell;
        if (++column % 2 == 0)
            out += "\n";
    }
    if (column % 2)
        out += "\n";
    out += "---\nCiphers common between both SSL end points:\n";
    std::vector<std::string> common;
    for (uint16_t code : common_suites(shared, ep))
        common.push_back(openssl_cipher_name(code));
    out += cipher_columns(common);
    const auto& session = *ep.session();
    out += "---\n" + new_or_reused_line(session, ep.resumed()) + "\n";
    const int code = ep.verify() ? ep.verify()->code : 0;
    const std::string text = ep.verify() ? ep.verify()->text : "ok";
    out += ssl_session_block(session, 0, code, text);
    out += "---\n";
    out += "   " + std::to_string(shared.accepts.load()) + " server accepts (SSL_accept())\n";
    out += "   " + std::to_string(shared.good.load()) + " server accepts that finished\n";
    out += "   " + std::to_string(shared.hits.load()) + " session cache hits\n";
    const std::string cert = client_cert_block(session);
    out += cert.empty() ? "no client certificate available\n" : cert;
    out += "</pre></BODY></HTML>\r\n\r\n";
    return out;
}

void print_connection(Shared& shared, const ServerEndpoint& ep) {
    const auto& session = *ep.session();
    std::string out = client_cert_block(session);
    out += "Shared ciphers:";
    bool first = true;
    for (uint16_t code : common_suites(shared, ep)) {
        out += (first ? "" : ":") + openssl_cipher_name(code);
        first = false;
    }
    out += "\nCIPHER is " + session_cipher(session) + "\n";
    out += std::string(ep.resumed() ? "Reused session-id\n" : "");
    out += "Secure Renegotiation IS supported\n";
    std::lock_guard lock(shared.print_mutex);
    std::fputs(out.c_str(), stdout);
    std::fflush(stdout);
}

// Serves one client on fd; closes fd.
void serve(Shared& shared, int fd, long id) {
    set_nodelay(fd);
    if (shared.tls13 && client_offers_tls13(fd, 5000)) {
        shared.tls13->serve(fd);
        return;
    }
    ServerEndpoint ep(fd, shared);
    try {
        ep.trace_start();
        Botan::TLS::Server server(ep, *shared.sessions, shared.creds, *shared.policy,
                                  Botan::system_rng());
        ep.complete_handshake(server);
        shared.good++;
        if (ep.resumed())
            shared.hits++;
        if (shared.opts.www) {
            std::string& request = ep.app_data();
            while (request.find("\r\n\r\n") == std::string::npos &&
                   request.find("\n\n") == std::string::npos) {
                if (server.is_closed() || ep.peer_closed())
                    break;
                if (ep.pump(server, 30000) <= 0)
                    break;
            }
            if (server.is_active() && request.rfind("GET ", 0) == 0) {
                server.send(www_page(shared, ep, server));
                server.close();
                ep.flush();
            } else if (server.is_active()) {
                server.send("HTTP/1.0 400 bad request\r\n\r\n");
                server.close();
                ep.flush();
            }
        } else {
            if (!shared.opts.quiet)
                print_connection(shared, ep);
            relay_stdio(ep, server, RelayMode{});
            if (server.is_active()) {
                server.close();
                ep.flush();
            }
            if (!shared.opts.quiet) {
                std::lock_guard lock(shared.print_mutex);
                std::fprintf(stdout, "DONE\nshutting down SSL\nCONNECTION CLOSED\n");
                std::fflush(stdout);
            }
        }
    } catch (const std::exception& e) {
        std::lock_guard lock(shared.print_mutex);
        std::fprintf(stderr, "tlsctl s_server: connection %ld: handshake failed: %s\n", id,
                     e.what());
    }
    ::close(fd);
}

ipsec::Result<Tls13ServerOptions> tls13_server_options(const Flags& flags,
                                                       const ServerOptions& opts, long naccept) {
    Tls13ServerOptions t;
    t.www = opts.www;
    t.state = opts.state;
    t.quiet = opts.quiet;
    t.msg = flags.has("msg");
    t.request_cert = opts.request_cert;
    t.require_cert = opts.require_cert;
    t.verify_return_error = opts.verify_return_error;
    t.tickets = !flags.has("no_ticket");
    t.early_data = flags.has("early_data");
    t.require_cookie = flags.has("stateless");
    t.naccept = naccept;
    t.command_line = opts.command_line;
    t.keylog_path = flags.get("keylogfile");
    if (auto r = parse_tls13_lists(flags, t.suites, t.groups, t.alpn); !r)
        return r.error();
    return t;
}

} // namespace

int verb_s_server(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("s_server", kFlags, args, rc);
    if (!flags)
        return rc;
    if (flags->has("tls1_3") && flags->has("no_tls1_3"))
        return report_error("s_server", ipsec::Error::plain("-tls1_3 contradicts -no_tls1_3"));
    std::signal(SIGPIPE, SIG_IGN);
    Shared shared;
    ServerOptions& opts = shared.opts;
    opts.www = flags->has("www");
    opts.state = flags->has("state");
    opts.quiet = flags->has("quiet");
    opts.verify_return_error = flags->has("verify_return_error");
    opts.command_line = "s_server";
    for (const auto& a : args)
        opts.command_line += " " + a;
    opts.command_line += " ";
    if (flags->has("verify") || flags->has("Verify")) {
        const std::string which = flags->has("Verify") ? "Verify" : "verify";
        auto depth = flags->get_int(which, 1, 0, 100);
        if (!depth)
            return report_error("s_server", depth.error());
        opts.request_cert = true;
        opts.require_cert = which == "Verify";
        std::fprintf(stderr, "verify depth is %ld%s\n", *depth,
                     opts.require_cert ? ", must return a certificate" : "");
    }
    auto where =
        parse_host_port(flags->has("port") ? flags->get("port") : flags->get("accept"), "", "4433");
    if (!where)
        return report_error("s_server", where.error().with_context("-accept"));
    long naccept = 0;
    if (flags->has("naccept")) {
        auto n = flags->get_int("naccept", 0, 1, 1L << 40);
        if (!n)
            return report_error("s_server", n.error());
        naccept = *n;
    }

    PolicySettings settings;
    settings.no_dhe = flags->has("no_dhe");
    settings.request_client_cert = opts.request_cert;
    settings.require_client_cert = opts.require_cert;
    if (flags->has("cipher")) {
        auto suites = parse_cipher_list(flags->get("cipher"));
        if (!suites)
            return report_error("s_server", suites.error());
        settings.suites = *suites;
    }
    shared.policy = std::make_unique<LabPolicy>(settings);
    if (shared.policy->suites().empty())
        return report_error("s_server", ipsec::Error::plain("no cipher suite left (-cipher with "
                                                            "-no_dhe?)"));

    auto pass = read_password(flags->get("pass"));
    if (!pass)
        return report_error("s_server", pass.error());
    auto identity =
        shared.creds.load_identity(flags->get("cert", "server.pem"), flags->get("key"), *pass);
    if (!identity)
        return report_error("s_server", identity.error());
    if (auto r = add_ca_flags(shared.creds, *flags); !r)
        return report_error("s_server", r.error());
    if (opts.request_cert && !flags->has("CAfile") && !flags->has("CApath"))
        shared.creds.add_system_cas();
    shared.creds.set_offer_client_cas(opts.request_cert);
    if (!flags->has("no_ticket"))
        shared.creds.enable_session_tickets();
    shared.sessions = std::make_unique<SessionCache>(20000);

    // Both versions on one port unless -tls1_3 or -tls1_2 (-no_tls1_3) alone
    // names one. A key that cannot sign in TLS 1.3 (DSA) leaves TLS 1.2 alone
    // when both were asked for; a bad TLS 1.3 flag is an error either way.
    const bool only12 = !flags->has("tls1_3") && (flags->has("tls1_2") || flags->has("no_tls1_3"));
    const bool only13 = flags->has("tls1_3") && !flags->has("tls1_2");
    std::optional<Tls13ServerOptions> t13;
    if (!only12) {
        auto t = tls13_server_options(*flags, opts, naccept);
        if (!t)
            return report_error("s_server", t.error());
        t13 = *t;
        if (!only13)
            t13->tls12_suites = shared.policy->suites();
    }
    if (t13 && !only13) {
        auto service = Tls13Service::create(*t13, shared.creds);
        if (service)
            shared.tls13 = std::move(*service);
        else if (tls13_signing_key(shared.creds))
            return report_error("s_server", service.error());
        else
            std::fprintf(stderr, "tlsctl s_server: TLS 1.2 only: %s\n",
                         service.error().to_string().c_str());
    }
    auto listener = tcp_listen(*where);
    if (!listener)
        return report_error("s_server", listener.error());
    if (only13)
        return run_tls13_server(*t13, shared.creds, *listener);
    if (!settings.no_dhe && !opts.quiet)
        std::printf("Using default temp DH parameters\n");
    std::printf("ACCEPT\n");
    std::fflush(stdout);

    if (!opts.www) {
        // One client at a time, as openssl s_server without -www.
        for (long accepted = 1; naccept == 0 || accepted <= naccept; ++accepted) {
            int fd;
            do {
                fd = ::accept4(*listener, nullptr, nullptr, SOCK_CLOEXEC);
            } while (fd < 0 && (errno == EINTR || errno == ECONNABORTED));
            if (fd < 0)
                return report_error("s_server", ipsec::Error::os(errno, "accept"));
            serve(shared, fd, accepted);
        }
        ::close(*listener);
        return 0;
    }
    // -www: worker threads that each wait in accept() themselves (the kernel
    // hands a new connection straight to one of them); when the last idle one
    // takes a client, another starts, so slow clients never hold up others.
    std::mutex workers_mutex;
    std::list<std::thread> workers;
    std::atomic<long> accepted{0};
    std::atomic<long> idle{0};
    const int listen_fd = *listener;
    std::function<void()> worker = [&] {
        for (;;) {
            ++idle;
            const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            --idle;
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue;
                return; // the listener was shut down: -naccept reached
            }
            const long id = ++accepted;
            if (naccept != 0 && id > naccept) {
                ::close(fd);
                return;
            }
            const bool last = naccept != 0 && id == naccept;
            if (last)
                ::shutdown(listen_fd, SHUT_RDWR); // wakes the others in accept()
            else if (idle.load() == 0) {
                std::lock_guard lock(workers_mutex);
                workers.emplace_back(worker);
            }
            serve(shared, fd, id);
            if (last)
                return;
        }
    };
    {
        std::lock_guard lock(workers_mutex);
        workers.emplace_back(worker);
    }
    for (auto it = workers.begin();;) {
        std::thread* current;
        {
            std::lock_guard lock(workers_mutex);
            if (it == workers.end())
                break;
            current = &*it;
        }
        current->join();
        std::lock_guard lock(workers_mutex);
        ++it;
    }
    ::close(*listener);
    return 0;
}

} // namespace tlsctl
