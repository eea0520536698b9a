// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13_s_client.hpp"

#include "cert_info.hpp"
#include "chain_screen.hpp"
#include "chain_verify.hpp"
#include "key_io.hpp"
#include "subject.hpp"
#include "tls13/client.hpp"
#include "tls13/signature.hpp"
#include "tls13_link.hpp"
#include "tls13_screens.hpp"

#include <algorithm>
#include <botan/ber_dec.h>
#include <botan/pkix_types.h>
#include <botan/system_rng.h>
#include <cstdio>
#include <poll.h>
#include <unistd.h>

namespace tlsctl {

namespace {

tls13::Alert alert_for_verify(int code) {
    if (code == 10)
        return tls13::Alert::certificate_expired;
    if (code >= 18 && code <= 21)
        return tls13::Alert::unknown_ca;
    return tls13::Alert::bad_certificate;
}

struct ClientRun {
    const Tls13ClientOptions& opts;
    LabCredentials& creds;
    VerifyOutcome verify;
    KeyLog keylog;
    bool ticket_seen = false;
    // The verification lines, shown where openssl shows them: just before
    // "read server certificate" (the engine reports the message first).
    std::string pending_verify;
    std::optional<tls13::Session> last_session; // from the newest ticket
    bool show_tickets = true;                   // not on the reconnections of -reconnect

    ipsec::Result<tls13::ClientConfig> config() {
        tls13::ClientConfig cfg;
        cfg.set_server_name(opts.sni);
        if (!opts.suites.empty())
            cfg.set_cipher_suites(opts.suites);
        if (!opts.groups.empty())
            cfg.set_groups(opts.groups, opts.key_share_groups.empty()
                                            ? std::vector<uint16_t>{opts.groups.front()}
                                            : opts.key_share_groups);
        cfg.set_alpn(opts.alpn);
        cfg.set_offer_tls12(opts.offer_tls12);
        if (!opts.tls12_suites.empty())
            cfg.set_tls12_suites(opts.tls12_suites);
        if (opts.session)
            cfg.set_session(*opts.session);
        if (!opts.early_data.empty())
            cfg.set_early_data(opts.early_data);
        cfg.set_verifier(
            [this](const std::vector<Botan::X509_Certificate>& chain) -> ipsec::Result<void> {
                verify = verify_chain(chain, creds.trusted(), opts.verify_hostname,
                                      Botan::Usage_Type::TLS_SERVER_AUTH);
                if (!opts.brief && !opts.quiet)
                    pending_verify = verify.trace;
                if (verify.code != 0 && opts.verify_return_error)
                    return tls13::tls_error(
                        alert_for_verify(verify.code),
                        "certificate verify failed: " + std::to_string(verify.code) + " (" +
                            verify.text + ")");
                return ipsec::success();
            });
        if (creds.has_identity()) {
            const auto& chain = creds.chain();
            Botan::Private_Key* key = creds.private_key_for(chain.front(), "tls-client", "");
            if (auto r = tls13::check_signing_key(*key, "-key"); !r)
                return r.error();
            // The credentials outlive the connection: a non-owning pointer.
            cfg.set_identity({chain, std::shared_ptr<const Botan::Private_Key>(
                                         key, [](const Botan::Private_Key*) {})});
        }
        return cfg;
    }

    void on_event(const tls13::Event& e) {
        if (const auto* d = std::get_if<tls13::AppData>(&e)) {
            std::fwrite(d->data.data(), 1, d->data.size(), stdout);
        } else if (const auto* s = std::get_if<tls13::SecretDerived>(&e)) {
            keylog.write(*s);
        } else if (const auto* t = std::get_if<tls13::MessageTrace>(&e)) {
            if (!t->sent && t->type == tls13::HandshakeType::certificate)
                flush_verify();
            // openssl says so as it enters each post-handshake read.
            if (opts.state && !t->sent && t->type == tls13::HandshakeType::new_session_ticket)
                std::fputs("SSL_connect:SSL negotiation finished successfully\n"
                           "SSL_connect:SSL negotiation finished successfully\n",
                           stderr);
            if (opts.msg)
                std::printf("%s\n", msg_line(*t).c_str());
            // openssl shows the ClientHello's state twice (written, then flushed).
            for (int i = t->sent && t->type == tls13::HandshakeType::client_hello ? 2 : 1;
                 opts.state && i > 0; --i)
                std::fprintf(stderr, "%s\n", state_line("SSL_connect", *t).c_str());
        } else if (std::holds_alternative<tls13::ChangeCipherSpecSent>(e)) {
            if (opts.state)
                std::fputs("SSL_connect:SSLv3/TLS write change cipher spec\n", stderr);
        } else if (const auto* t = std::get_if<tls13::TicketReceived>(&e)) {
            ticket_seen = true;
            last_session = t->session;
            if (!opts.sess_out.empty())
                if (auto w = write_file(opts.sess_out, t->session.encode(), 0600); !w)
                    std::fprintf(stderr, "tlsctl s_client: %s\n", w.error().to_string().c_str());
            if (!opts.quiet && !opts.brief && show_tickets)
                std::printf(
                    "---\nPost-Handshake New Session Ticket arrived:\n%s---\nread R BLOCK\n",
                    tls13_session_block(t->session, verify.code, verify.text).c_str());
        } else if (const auto* a = std::get_if<tls13::AlertReceived>(&e)) {
            if (opts.state && a->alert == tls13::Alert::close_notify)
                std::fputs("SSL3 alert read:warning:close notify\n", stderr);
            if (a->fatal)
                std::fprintf(stderr, "tlsctl s_client: the server sent TLS alert %s (%d)\n",
                             tls13::alert_name(a->alert).c_str(), static_cast<int>(a->alert));
        }
        std::fflush(stdout);
    }

    void flush_verify() {
        std::fputs(pending_verify.c_str(), stderr);
        pending_verify.clear();
    }

    std::string report(const tls13::Client& c) const;
    std::string brief_report(const tls13::Client& c) const;
    void relay(tls13::Client& c, Tls13Link& link);
};

// The schemes of the server's CertificateRequest, and with shared those we
// can use too, as openssl prints them; empty without a request.
std::string requested_sigalgs(const tls13::Client& c, bool shared) {
    if (!c.certificate_request())
        return "";
    const auto& requested = c.certificate_request()->signature_schemes;
    std::string out = "Requested Signature Algorithms: " + sigalg_list(requested) + "\n";
    std::vector<uint16_t> common;
    for (uint16_t s : requested)
        if (std::count(tls13::supported_signature_schemes().begin(),
                       tls13::supported_signature_schemes().end(), s))
            common.push_back(s);
    if (shared && !common.empty())
        out += "Shared Requested Signature Algorithms: " + sigalg_list(common) + "\n";
    return out;
}

std::string early_data_line(const tls13::Client& c) {
    if (!c.early_data_sent())
        return "Early data was not sent\n";
    return c.early_data_accepted() ? "Early data was accepted\n" : "Early data was rejected\n";
}

std::string ClientRun::report(const tls13::Client& c) const {
    const auto& chain = c.peer_chain();
    std::string out = chain.empty() ? "---\nno peer certificate available\n---\n"
                                    : chain_block(chain, opts.showcerts);
    if (c.certificate_request() && !c.certificate_request()->authorities.empty()) {
        out += "Acceptable client certificate CA names\n";
        for (const auto& dn : c.certificate_request()->authorities) {
            Botan::X509_DN name;
            try {
                Botan::BER_Decoder(dn).decode(name);
                out += format_dn_oneline(name) + "\n";
            } catch (const std::exception&) {
                out += "(undecodable name)\n";
            }
        }
    } else {
        out += "No client certificate CA names sent\n";
    }
    out += requested_sigalgs(c, true);
    if (c.peer_signature_scheme()) {
        const std::string digest = tls13::scheme_digest(c.peer_signature_scheme());
        if (!digest.empty())
            out += "Peer signing digest: " + digest + "\n";
        out += "Peer signature type: " + tls13::scheme_signature_type(c.peer_signature_scheme()) +
               "\n";
    }
    out += "Server Temp Key: " + temp_key_text(c.group()) + "\n";
    out += "---\nSSL handshake has read " + std::to_string(c.bytes_received()) +
           " bytes and written " + std::to_string(c.bytes_sent()) + " bytes\n";
    out += verify.code == 0 ? std::string("Verification: OK\n")
                            : "Verification error: " + verify.text + "\n";
    if (verify.code == 0 && !opts.verify_hostname.empty() && !chain.empty())
        out += "Verified peername: " + opts.verify_hostname + "\n";
    out += std::string("---\n") + (c.resumed() ? "Reused" : "New") + ", TLSv1.3, Cipher is " +
           c.cipher_suite()->name + "\n";
    if (!chain.empty())
        out += "Server public key is " + std::to_string(public_key_bits(chain.front())) + " bit\n";
    out += "Secure Renegotiation IS NOT supported\nCompression: NONE\nExpansion: NONE\n";
    out += c.alpn() ? "ALPN protocol: " + *c.alpn() + "\n" : std::string("No ALPN negotiated\n");
    out += early_data_line(c);
    out += "Verify return code: " + std::to_string(verify.code) + " (" + verify.text + ")\n---\n";
    return out;
}

std::string ClientRun::brief_report(const tls13::Client& c) const {
    std::string out = "CONNECTION ESTABLISHED\nProtocol version: TLSv1.3\n";
    out += std::string("Ciphersuite: ") + c.cipher_suite()->name + "\n";
    out += requested_sigalgs(c, false);
    if (!c.peer_chain().empty())
        out += "Peer certificate: " + format_dn_oneline(c.peer_chain().front().subject_dn()) + "\n";
    if (c.peer_signature_scheme()) {
        const std::string digest = tls13::scheme_digest(c.peer_signature_scheme());
        if (!digest.empty())
            out += "Hash used: " + digest + "\n";
        out += "Signature type: " + tls13::scheme_signature_type(c.peer_signature_scheme()) + "\n";
    }
    out += verify.code == 0 ? std::string("Verification: OK\n")
                            : "Verification error: " + verify.text + "\n";
    out += "Server Temp Key: " + temp_key_text(c.group()) + "\n";
    return out;
}

// stdin line by line to the server, the server's data to stdout, until the
// server closes, stdin ends (unless -ign_eof) or a line "Q" comes.
void ClientRun::relay(tls13::Client& c, Tls13Link& link) {
    bool stdin_open = opts.interactive;
    std::string pending;
    while (c.connected() && !c.peer_closed()) {
        pollfd fds[2] = {{link.fd(), POLLIN, 0},
                         {0, static_cast<short>(stdin_open ? POLLIN : 0), 0}};
        if (::poll(fds, stdin_open ? 2 : 1, -1) < 0)
            continue;
        if (fds[0].revents) {
            const auto r = link.read_once(0);
            if (r == Tls13Link::Read::eof || r == Tls13Link::Read::failed || c.peer_closed()) {
                if (!opts.quiet)
                    std::fputs("closed\n", stdout); // stdout, as openssl
                return;
            }
        }
        if (!stdin_open || !fds[1].revents)
            continue;
        char buf[4096];
        const ssize_t n = ::read(0, buf, sizeof buf);
        if (n <= 0) {
            stdin_open = false;
            // A ticket comes right after the handshake: give it a moment.
            for (int i = 0; i < 3 && !ticket_seen && link.read_once(100) == Tls13Link::Read::data;)
                ++i;
            if (!opts.ign_eof)
                break;
            continue;
        }
        pending.append(buf, static_cast<size_t>(n));
        size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
            const std::string line = pending.substr(0, nl + 1);
            pending.erase(0, nl + 1);
            if (!opts.ign_eof && (line == "Q\n" || line == "Q\r\n"))
                return;
            // openssl's command letters: K updates both keys, k only ours.
            if (!opts.ign_eof && (line == "K\n" || line == "k\n")) {
                std::fprintf(stderr, "KEYUPDATE\n");
                (void)c.update_keys(line[0] == 'K');
                continue;
            }
            (void)c.send(
                tls13::ByteView(reinterpret_cast<const uint8_t*>(line.data()), line.size()));
        }
        link.flush();
    }
    if (!pending.empty() && c.connected()) {
        (void)c.send(
            tls13::ByteView(reinterpret_cast<const uint8_t*>(pending.data()), pending.size()));
        link.flush();
    }
}

} // namespace

namespace {

// After a handshake while reconnecting: the server's tickets, for at most a
// second, then close_notify.
void await_tickets(ClientRun& run, tls13::Client& client, Tls13Link& link) {
    for (int i = 0; i < 5 && !run.ticket_seen && client.connected() && !client.peer_closed(); ++i)
        if (link.read_once(200) == Tls13Link::Read::eof)
            break;
}

// One connection; first prints CONNECTED and the full screen, the others
// (-reconnect) only the "New/Reused" line.
Tls13Outcome one_connection(ClientRun& run, const tls13::ClientConfig& cfg, bool first) {
    const Tls13ClientOptions& opts = run.opts;
    auto fd = tcp_connect(opts.where);
    if (!fd) {
        std::fprintf(stderr, "tlsctl s_client: %s\n", fd.error().to_string().c_str());
        return Tls13Outcome::failed;
    }
    if (first && opts.print_connected && !opts.quiet && !opts.brief)
        std::printf("CONNECTED(%08X)\n", static_cast<unsigned>(*fd));
    std::fflush(stdout);
    run.ticket_seen = false;
    run.show_tickets = first;
    tls13::Client client(cfg, Botan::system_rng());
    Tls13Link link(*fd, client, [&run](const tls13::Event& e) { run.on_event(e); });
    Tls13Outcome outcome = Tls13Outcome::ok;
    if (opts.state)
        std::fputs("SSL_connect:before SSL initialization\n", stderr);
    if (auto s = client.start(); !s) {
        std::fprintf(stderr, "tlsctl s_client: %s\n", s.error().to_string().c_str());
        outcome = Tls13Outcome::failed;
    } else if (!link.handshake(30000)) {
        run.flush_verify();
        if (client.peer_chose_tls12()) {
            outcome = Tls13Outcome::use_tls12;
        } else {
            std::fprintf(stderr, "tlsctl s_client: handshake failed: %s\n",
                         link.error() ? link.error()->to_string().c_str() : "?");
            outcome = Tls13Outcome::failed;
        }
    } else {
        if (opts.brief)
            std::fputs(run.brief_report(client).c_str(), stderr);
        else if (!opts.quiet && first)
            std::fputs(run.report(client).c_str(), stdout);
        else if (!opts.quiet)
            std::printf("%s, TLSv1.3, Cipher is %s\n---\n", client.resumed() ? "Reused" : "New",
                        client.cipher_suite()->name);
        std::fflush(stdout);
        if (opts.reconnects > 0)
            await_tickets(run, client, link);
        else
            run.relay(client, link);
        // TLS 1.3 servers judge the client's certificate after the client has
        // finished: their alert comes in the relay and fails the command.
        if (link.error())
            outcome = Tls13Outcome::failed;
        if (client.connected()) {
            client.close();
            link.flush();
            if (opts.state)
                std::fprintf(stderr, "SSL3 alert write:warning:close notify\n");
        }
    }
    ::close(*fd);
    return outcome;
}

} // namespace

Tls13Outcome run_tls13_client(const Tls13ClientOptions& opts, LabCredentials& creds) {
    ClientRun run{opts, creds, {}, {}, false, {}, {}, true};
    if (!opts.keylog_path.empty())
        if (auto r = run.keylog.open(opts.keylog_path); !r) {
            std::fprintf(stderr, "tlsctl s_client: %s\n", r.error().to_string().c_str());
            return Tls13Outcome::failed;
        }
    auto cfg = run.config();
    if (!cfg) {
        std::fprintf(stderr, "tlsctl s_client: %s\n", cfg.error().to_string().c_str());
        return Tls13Outcome::failed;
    }
    Tls13Outcome outcome = one_connection(run, *cfg, true);
    // -reconnect: each time with the newest ticket (PSK-DHE resumption).
    for (int i = 0; outcome == Tls13Outcome::ok && i < opts.reconnects; ++i) {
        std::printf("drop connection and then reconnect\n");
        if (run.last_session)
            cfg->set_session(*run.last_session).set_offer_tls12(false);
        outcome = one_connection(run, *cfg, false);
    }
    return outcome;
}

} // namespace tlsctl
