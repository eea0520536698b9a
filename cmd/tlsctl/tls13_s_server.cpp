// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13_s_server.hpp"

#include "chain_verify.hpp"
#include "cipher_names.hpp"
#include "socket_io.hpp"
#include "subject.hpp"
#include "tls13/messages.hpp"
#include "tls13/server.hpp"
#include "tls13/signature.hpp"
#include "tls13_link.hpp"
#include "tls13_screens.hpp"

#include <atomic>
#include <botan/der_enc.h>
#include <botan/pkix_types.h>
#include <botan/system_rng.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tlsctl {

namespace {

// What the connections of one s_server share. Connections may be served from
// several threads at once (-www): the counters are atomic, the key log writes
// whole lines, the ticket sealer locks its single-use register, and each
// connection keeps its own verification outcome.
struct ServerRun {
    ServerRun(const Tls13ServerOptions& o, LabCredentials& c)
        : opts(o), creds(c), sealer(std::make_shared<tls13::TicketSealer>(Botan::system_rng())) {}

    Tls13ServerOptions opts; // a copy: the service outlives the caller's options
    LabCredentials& creds;
    KeyLog keylog;
    std::shared_ptr<tls13::TicketSealer> sealer;
    tls13::ServerConfig base; // all but the client certificate verifier
    std::vector<tls13::Bytes> authorities;
    std::atomic<long> accepts{0};
    std::atomic<long> good{0};
    std::atomic<long> hits{0};

    // The configuration every connection starts from, built once.
    ipsec::Result<void> prepare() {
        const auto& chain = creds.chain();
        Botan::Private_Key* key = creds.private_key_for(chain.front(), "tls-server", "");
        if (auto r = tls13::check_signing_key(*key, "-key"); !r)
            return ipsec::Error::plain(r.error().message);
        base.set_identity({chain, std::shared_ptr<const Botan::Private_Key>(
                                      key, [](const Botan::Private_Key*) {})});
        if (!opts.suites.empty())
            base.set_cipher_suites(opts.suites);
        if (!opts.groups.empty())
            base.set_groups(opts.groups);
        base.set_alpn(opts.alpn);
        if (opts.tickets)
            base.set_tickets(2, sealer);
        if (opts.early_data)
            base.set_max_early_data(16384);
        base.set_require_cookie(opts.require_cookie);
        if (opts.request_cert)
            for (auto* store : creds.trusted())
                for (const auto& dn : store->all_subjects()) {
                    std::vector<uint8_t> der;
                    Botan::DER_Encoder(der).encode(dn);
                    authorities.push_back(der);
                }
        return ipsec::success();
    }

    // A connection's configuration: the client certificate's verification
    // lands in verify.
    tls13::ServerConfig config(std::optional<VerifyOutcome>& verify,
                               std::string& pending_verify) const {
        tls13::ServerConfig cfg = base;
        if (!opts.request_cert)
            return cfg;
        cfg.set_client_auth(
            opts.require_cert ? tls13::ClientAuth::required : tls13::ClientAuth::optional,
            [this, &verify, &pending_verify](
                const std::vector<Botan::X509_Certificate>& chain) -> ipsec::Result<void> {
                verify =
                    verify_chain(chain, creds.trusted(), "", Botan::Usage_Type::TLS_CLIENT_AUTH);
                if (!opts.quiet)
                    pending_verify = verify->trace;
                if (verify->code != 0 && (opts.require_cert || opts.verify_return_error))
                    return tls13::tls_error(
                        verify->code == 10 ? tls13::Alert::certificate_expired
                                           : tls13::Alert::bad_certificate,
                        "client certificate verify failed: " + std::to_string(verify->code) + " (" +
                            verify->text + ")");
                return ipsec::success();
            },
            authorities);
        return cfg;
    }

    // pending_verify: the client certificate's verification lines, shown
    // where openssl shows them, just before "read client certificate".
    void on_event(const tls13::Event& e, std::string& pending_verify) {
        if (const auto* d = std::get_if<tls13::AppData>(&e)) {
            // Data after the handshake is the caller's (serve()).
            if (d->early_data) {
                std::printf("Early data received:\n");
                std::fwrite(d->data.data(), 1, d->data.size(), stdout);
                std::printf("\nEnd of early data\n");
            }
        } else if (const auto* s = std::get_if<tls13::SecretDerived>(&e)) {
            keylog.write(*s);
        } else if (const auto* t = std::get_if<tls13::MessageTrace>(&e)) {
            if (!t->sent && t->type == tls13::HandshakeType::certificate) {
                std::fputs(pending_verify.c_str(), stderr);
                pending_verify.clear();
            }
            if (opts.msg)
                std::printf("%s\n", msg_line(*t).c_str());
            if (opts.state)
                std::fprintf(stderr, "%s\n", state_line("SSL_accept", *t).c_str());
            // openssl's state while it waits for the client's flight.
            if (opts.state && t->sent && t->type == tls13::HandshakeType::finished)
                std::fputs("SSL_accept:TLSv1.3 early data\nSSL_accept:TLSv1.3 early data\n",
                           stderr);
        } else if (std::holds_alternative<tls13::ChangeCipherSpecSent>(e)) {
            if (opts.state)
                std::fputs("SSL_accept:SSLv3/TLS write change cipher spec\n", stderr);
        } else if (const auto* a = std::get_if<tls13::AlertReceived>(&e)) {
            if (opts.state && a->alert == tls13::Alert::close_notify)
                std::fputs("SSL3 alert read:warning:close notify\n", stderr);
        } else if (const auto* k = std::get_if<tls13::KeysUpdated>(&e)) {
            if (!k->sending && !opts.quiet)
                std::printf("KEYUPDATE\n");
        }
        std::fflush(stdout);
    }

    static std::string session_text(const tls13::Server& s,
                                    const std::optional<VerifyOutcome>& verify) {
        std::string out = std::string(s.resumed() ? "Reused" : "New") + ", TLSv1.3, Cipher is " +
                          s.cipher_suite()->name + "\n";
        out += "SSL-Session:\n    Protocol  : TLSv1.3\n    Cipher    : ";
        out += std::string(s.cipher_suite()->name) + "\n";
        if (s.alpn())
            out += "    ALPN protocol: " + *s.alpn() + "\n";
        out += "    Verify return code: " + std::to_string(verify ? verify->code : 0) + " (" +
               (verify ? verify->text : std::string("ok")) + ")\n";
        return out;
    }

    static std::string client_cert_text(const tls13::Server& s) {
        if (s.peer_chain().empty())
            return "";
        const auto& c = s.peer_chain().front();
        return "Client certificate\n" + c.PEM_encode() +
               "subject=" + format_dn_oneline(c.subject_dn()) +
               "\nissuer=" + format_dn_oneline(c.issuer_dn()) + "\n";
    }

    // The suites of both versions, as openssl's -www page lists them.
    std::string suite_table() const {
        std::vector<std::pair<std::string, std::string>> cells;
        for (uint16_t id : base.cipher_suites())
            cells.emplace_back("TLSv1.3", tls13::find_cipher_suite(id)->name);
        for (uint16_t id : opts.tls12_suites)
            cells.emplace_back(openssl_cipher_version(openssl_cipher_name(id)),
                               openssl_cipher_name(id));
        std::string out;
        for (size_t i = 0; i < cells.size(); ++i) {
            char cell[80];
            std::snprintf(cell, sizeof cell, "%-11s:%-25s ", cells[i].first.c_str(),
                          cells[i].second.c_str());
            out += cell;
            if (i % 2 == 1 || i + 1 == cells.size())
                out += "\n";
        }
        return out;
    }

    std::string www_page(const tls13::Server& s, const std::optional<VerifyOutcome>& verify) const {
        const auto& ch = *s.client_hello();
        std::string out = "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n"
                          "<HTML><BODY BGCOLOR=\"#ffffff\">\n<pre>\n\n";
        out += opts.command_line + "\nSecure Renegotiation IS" +
               (offers_secure_renegotiation(ch) ? "" : " NOT") + " supported\n";
        out += "Ciphers supported in s_server binary\n" + suite_table();
        out += "---\nCiphers common between both SSL end points:\n";
        out += cipher_columns(shared_cipher_names(ch, base.cipher_suites(), opts.tls12_suites));
        out += client_offer_lines(ch, s.peer_chain().empty() ? 0 : s.peer_signature_scheme());
        out += "---\n" + session_text(s, verify) + "---\n";
        out += "   " + std::to_string(accepts.load()) + " server accepts (SSL_accept())\n";
        out += "   " + std::to_string(good.load()) + " server accepts that finished\n";
        out += "   " + std::to_string(hits.load()) + " session cache hits\n";
        const std::string cert = client_cert_text(s);
        out += cert.empty() ? "no client certificate available\n" : cert;
        return out + "</pre></BODY></HTML>\r\n\r\n";
    }

    // What openssl's s_server prints of a connection, before its data.
    std::string connection_text(const tls13::Server& s) const {
        const auto& ch = *s.client_hello();
        std::string out = client_cert_text(s) + "Shared ciphers:";
        const auto shared = shared_cipher_names(ch, base.cipher_suites(), opts.tls12_suites);
        for (size_t i = 0; i < shared.size(); ++i)
            out += (i ? ":" : "") + shared[i];
        out +=
            "\n" + client_offer_lines(ch, s.peer_chain().empty() ? 0 : s.peer_signature_scheme());
        out += std::string("CIPHER is ") + s.cipher_suite()->name + "\n";
        if (s.resumed())
            out += "Reused session-id\n";
        return out + "Secure Renegotiation IS" + (offers_secure_renegotiation(ch) ? "" : " NOT") +
               " supported\n";
    }

    void serve(int fd);
    void close_notify(tls13::Server& s, Tls13Link& link) const {
        s.close();
        link.flush();
        if (opts.state)
            std::fputs("SSL3 alert write:warning:close notify\n", stderr);
    }
    static void relay(tls13::Server& s, Tls13Link& link, bool www);
};

void ServerRun::relay(tls13::Server& s, Tls13Link& link, bool www) {
    bool stdin_open = !www;
    while (s.connected() && !s.peer_closed()) {
        pollfd fds[2] = {{link.fd(), POLLIN, 0},
                         {0, static_cast<short>(stdin_open ? POLLIN : 0), 0}};
        if (::poll(fds, stdin_open ? 2 : 1, www ? 30000 : -1) <= 0) {
            if (www)
                return;
            continue;
        }
        if (fds[0].revents) {
            const auto r = link.read_once(0);
            if (r == Tls13Link::Read::eof || r == Tls13Link::Read::failed)
                return;
        }
        if (stdin_open && fds[1].revents) {
            char buf[4096];
            const ssize_t n = ::read(0, buf, sizeof buf);
            if (n <= 0) {
                stdin_open = false; // openssl s_server keeps serving without stdin
                continue;
            }
            (void)s.send(
                tls13::ByteView(reinterpret_cast<const uint8_t*>(buf), static_cast<size_t>(n)));
            link.flush();
        }
    }
}

void ServerRun::serve(int fd) {
    set_nodelay(fd);
    const long id = ++accepts;
    std::optional<VerifyOutcome> verify;
    std::string pending_verify;
    tls13::Server server(config(verify, pending_verify), Botan::system_rng());
    if (opts.state)
        std::fputs("SSL_accept:before SSL initialization\n"
                   "SSL_accept:before SSL initialization\n",
                   stderr);
    // The client's data: the request of -www; otherwise to stdout, after the
    // connection's lines (data that comes with the client's Finished waits).
    std::string request;
    bool shown = false;
    Tls13Link link(fd, server, [&](const tls13::Event& e) {
        if (const auto* d = std::get_if<tls13::AppData>(&e); d && !d->early_data) {
            if (opts.www || !shown)
                request.append(d->data.begin(), d->data.end());
            else
                std::fwrite(d->data.data(), 1, d->data.size(), stdout);
        }
        on_event(e, pending_verify);
    });
    if (!link.handshake(30000)) {
        std::fputs(pending_verify.c_str(), stderr);
        std::fprintf(stderr, "tlsctl s_server: connection %ld: handshake failed: %s\n", id,
                     link.error() ? link.error()->to_string().c_str() : "?");
        ::close(fd);
        return;
    }
    ++good;
    if (server.resumed())
        ++hits;
    if (opts.www) {
        while (request.find("\r\n\r\n") == std::string::npos &&
               request.find("\n\n") == std::string::npos && server.connected() &&
               !server.peer_closed())
            if (link.read_once(30000) != Tls13Link::Read::data)
                break;
        if (server.connected()) {
            const std::string page = request.rfind("GET ", 0) == 0
                                         ? www_page(server, verify)
                                         : "HTTP/1.0 400 bad request\r\n\r\n";
            (void)server.send(
                tls13::ByteView(reinterpret_cast<const uint8_t*>(page.data()), page.size()));
            close_notify(server, link);
            // The client's close_notify, as openssl waits for it (at most 1 s).
            if (!server.peer_closed())
                (void)link.read_once(1000);
        }
    } else {
        if (!opts.quiet)
            std::fputs(connection_text(server).c_str(), stdout);
        std::fwrite(request.data(), 1, request.size(), stdout);
        std::fflush(stdout);
        shown = true;
        relay(server, link, false);
        if (server.connected())
            close_notify(server, link);
        if (!opts.quiet)
            std::printf("DONE\nshutting down SSL\nCONNECTION CLOSED\n");
        std::fflush(stdout);
    }
    ::close(fd);
}

} // namespace

struct Tls13Service::State {
    State(const Tls13ServerOptions& opts, LabCredentials& creds) : run(opts, creds) {}
    ServerRun run;
};

Tls13Service::Tls13Service(std::unique_ptr<State> state) : m_state(std::move(state)) {}

Tls13Service::~Tls13Service() = default;

ipsec::Result<std::unique_ptr<Tls13Service>> Tls13Service::create(const Tls13ServerOptions& opts,
                                                                  LabCredentials& creds) {
    auto state = std::make_unique<State>(opts, creds);
    if (!opts.keylog_path.empty())
        if (auto r = state->run.keylog.open(opts.keylog_path); !r)
            return r.error();
    if (auto r = state->run.prepare(); !r)
        return r.error();
    std::optional<VerifyOutcome> unused;
    std::string unused_lines;
    if (auto v = state->run.config(unused, unused_lines).validate(); !v)
        return v.error();
    return std::unique_ptr<Tls13Service>(new Tls13Service(std::move(state)));
}

void Tls13Service::serve(int fd) {
    m_state->run.serve(fd);
}

bool client_offers_tls13(int fd, int timeout_ms) {
    uint8_t buf[5 + tls13::kMaxPlaintext];
    size_t need = 5;
    for (int waited = 0; waited <= timeout_ms; waited += 10) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return false;
        if (n >= 5) {
            if (buf[0] != static_cast<uint8_t>(tls13::ContentType::handshake))
                return false;
            need = 5 + (static_cast<size_t>(buf[3]) << 8 | buf[4]);
            if (need > sizeof buf)
                return false;
        }
        if (n >= 5 && static_cast<size_t>(n) >= need) {
            const tls13::ByteView record(buf + 5, need - 5);
            if (record.size() < 4 ||
                record[0] != static_cast<uint8_t>(tls13::HandshakeType::client_hello))
                return false;
            auto ch = tls13::parse_client_hello(record.subspan(4));
            if (!ch)
                return false; // a ClientHello over several records: the TLS 1.2 stack decides
            for (uint16_t v : ch->supported_versions)
                if (v == tls13::kTls13)
                    return true;
            return false;
        }
        pollfd p{fd, POLLIN, 0};
        ::poll(&p, 1, 10);
    }
    return false;
}

bool tls13_signing_key(LabCredentials& creds) {
    const auto& chain = creds.chain();
    const Botan::Private_Key* key =
        chain.empty() ? nullptr : creds.private_key_for(chain.front(), "tls-server", "");
    return key && tls13::check_signing_key(*key, "-key").ok();
}

int run_tls13_server(const Tls13ServerOptions& opts, LabCredentials& creds, int listen_fd) {
    auto service = Tls13Service::create(opts, creds);
    if (!service) {
        std::fprintf(stderr, "tlsctl s_server: %s\n", service.error().to_string().c_str());
        return 1;
    }
    std::printf("ACCEPT\n");
    std::fflush(stdout);
    for (long n = 1; opts.naccept == 0 || n <= opts.naccept; ++n) {
        int fd;
        do {
            fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        } while (fd < 0 && (errno == EINTR || errno == ECONNABORTED));
        if (fd < 0) {
            std::fprintf(stderr, "tlsctl s_server: accept: %s\n", std::strerror(errno));
            return 1;
        }
        (*service)->serve(fd);
    }
    return 0;
}

} // namespace tlsctl
