// SPDX-License-Identifier: GPL-2.0-or-later
// tlsctl s_client: openssl s_client's flags and screens. TLS 1.3 and 1.2 are
// offered by lib/tls13's client (tls13_s_client); this file holds the flags and
// Botan's TLS 1.2 client, used when the server picks TLS 1.2 or when told to
// (-tls1_2). stdin goes to the server, the server's data to stdout; the chain,
// "Verify return code", "New/Reused, TLSv1.2, Cipher is ..." and the
// SSL-Session block on stdout, the -state trace and verify lines on stderr.
#include "cert_info.hpp"
#include "chain_screen.hpp"
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
#include "tls_endpoint.hpp"
#include "verb_support.hpp"

#include <botan/system_rng.h>
#include <botan/tls_client.h>
#include <botan/tls_exceptn.h>
#include <botan/tls_extensions.h>
#include <botan/tls_messages.h>
#include <botan/tls_session_manager.h>
#include <cstdio>
#include <unistd.h>

namespace tlsctl {
namespace {

constexpr FlagSpec kFlags[] = {
    {"connect", true, "host:port to connect to (default localhost:4433)"},
    {"servername", true, "SNI name to send (default: the -connect host unless an address)"},
    {"noservername", false, "send no SNI"},
    {"state", false, "print the handshake states (stderr)"},
    {"showcerts", false, "print every certificate of the server's chain"},
    {"CAfile", true, "trusted CA certificates (PEM)"},
    {"CApath", true, "directory of trusted CA certificates"},
    {"verify", true, "verify depth (verification always happens)"},
    {"verify_return_error", false, "abort the handshake when verification fails"},
    {"verify_hostname", true, "check the certificate against this name"},
    {"cipher", true, "cipher list, openssl names (AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256)"},
    {"cert", true, "client certificate"},
    {"key", true, "client key (default: -cert file)"},
    {"pass", true, "password source for -key"},
    {"reconnect", false, "reconnect 5 times with the same session"},
    {"sess_out", true, "write the session to FILE"},
    {"sess_in", true, "resume the session in FILE"},
    {"tls1_2", false, "TLS 1.2 only (Botan's TLS stack); with -tls1_3 both"},
    {"tls1_3", false, "TLS 1.3 only (lib/tls13); with -tls1_2 both (the default)"},
    {"no_tls1_3", false, "TLS 1.2 only"},
    {"ciphersuites", true, "TLS 1.3 suites, openssl names separated by ':'"},
    {"groups", true, "key exchange groups (X25519:P-256:P-384); the first gets a key share"},
    {"alpn", true, "ALPN protocols to offer, separated by ','"},
    {"keylogfile", true, "append the TLS 1.3 secrets to FILE (NSS key log format)"},
    {"msg", false, "print each TLS 1.3 handshake message"},
    {"early_data", true, "send the contents of FILE as 0-RTT data (with -sess_in)"},
    {"no_ticket", false, "do not ask for session tickets"},
    {"brief", false, "only a short summary of the connection (stderr)"},
    {"quiet", false, "no session or certificate information; ignore stdin EOF"},
    {"ign_eof", false, "keep the connection open after stdin ends"},
    {"no_ign_eof", false, "close the connection when stdin ends"},
};

// After a TLS 1.2 answer the client connects again for Botan's TLS 1.2.
constexpr const char* kFallbackHint = "the server answered TLS 1.2 on a first connection; a "
                                      "TLS 1.2-only server that takes one connection needs -tls1_2";

struct ClientOptions {
    HostPort where;
    std::string sni;
    std::string info_host;
    bool state = false;
    bool showcerts = false;
    bool verify_return_error = false;
    std::string verify_hostname;
    bool no_ticket = false;
    bool brief = false;
    bool quiet = false;
    bool ign_eof = false;
    // Offered TLS 1.3 first: a TLS 1.2 ServerHello must not carry the
    // downgrade sentinel (RFC 8446 section 4.1.3).
    bool check_downgrade = false;
};

class ClientEndpoint final : public TlsEndpoint {
public:
    ClientEndpoint(int fd, const ClientOptions& opts)
        : TlsEndpoint(fd, Botan::TLS::CLIENT, opts.state), m_opts(opts) {}

    const VerifyOutcome& verify() const { return m_verify; }

    void tls_verify_cert_chain(const std::vector<Botan::X509_Certificate>& chain,
                               const std::vector<std::shared_ptr<const Botan::OCSP::Response>>&,
                               const std::vector<Botan::Certificate_Store*>& trusted,
                               Botan::Usage_Type usage, const std::string& /*hostname*/,
                               const Botan::TLS::Policy& /*policy*/) override {
        m_verify = verify_chain(chain, trusted, m_opts.verify_hostname, usage);
        if (!m_opts.brief && !m_opts.quiet)
            std::fputs(m_verify.trace.c_str(), stderr);
        flush_pending_trace();
        if (m_verify.code != 0 && m_opts.verify_return_error) {
            auto alert = Botan::TLS::Alert::BAD_CERTIFICATE;
            if (m_verify.code == 10)
                alert = Botan::TLS::Alert::CERTIFICATE_EXPIRED;
            else if (m_verify.code == 20 || m_verify.code == 21 || m_verify.code == 19 ||
                     m_verify.code == 18)
                alert = Botan::TLS::Alert::UNKNOWN_CA;
            throw Botan::TLS::TLS_Exception(
                alert, "certificate verify failed: " + std::to_string(m_verify.code) + " (" +
                           m_verify.text + ")");
        }
    }

    void tls_modify_extensions(Botan::TLS::Extensions& extensions,
                               Botan::TLS::Connection_Side which_side) override {
        if (which_side != Botan::TLS::CLIENT)
            return;
        if (m_opts.sni.empty())
            extensions.remove_extension(Botan::TLS::TLSEXT_SERVER_NAME_INDICATION);
        if (m_opts.no_ticket)
            extensions.remove_extension(Botan::TLS::TLSEXT_SESSION_TICKET);
    }

    void on_handshake_message(const Botan::TLS::Handshake_Message& message, bool sent) override {
        if (sent || !m_opts.check_downgrade ||
            message.type() != Botan::TLS::Handshake_Type::SERVER_HELLO)
            return;
        const auto& random = dynamic_cast<const Botan::TLS::Server_Hello&>(message).random();
        static const uint8_t sentinel[7] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44};
        if (random.size() == 32 && std::equal(sentinel, sentinel + 7, random.begin() + 24) &&
            random[31] <= 1)
            throw Botan::TLS::TLS_Exception(Botan::TLS::Alert::ILLEGAL_PARAMETER,
                                            "TLS 1.2 ServerHello carries the TLS 1.3 downgrade "
                                            "sentinel: downgrade attack");
    }

private:
    const ClientOptions& m_opts;
    VerifyOutcome m_verify;
};

std::string full_report(const ClientEndpoint& ep, const Botan::TLS::Client& client,
                        const ClientOptions& opts) {
    const auto& session = *ep.session();
    const auto chain = client.peer_cert_chain();
    std::string out = chain_block(chain, opts.showcerts);
    if (ep.certificate_requested()) {
        out += "Acceptable client certificate CA names\n";
        for (const auto& name : ep.requested_ca_names())
            out += name + "\n";
    } else {
        out += "No client certificate CA names sent\n";
    }
    if (!ep.peer_sig_digest().empty()) {
        out += "Peer signing digest: " + ep.peer_sig_digest() + "\n";
        out += "Peer signature type: " + ep.peer_sig_type() + "\n";
    }
    if (!ep.temp_key().empty())
        out += "Server Temp Key: " + ep.temp_key() + "\n";
    out += "---\nSSL handshake has read " + std::to_string(ep.bytes_read()) +
           " bytes and written " + std::to_string(ep.bytes_written()) + " bytes\n";
    out += ep.verify().code == 0 ? std::string("Verification: OK\n")
                                 : "Verification error: " + ep.verify().text + "\n";
    out += "---\n" + new_or_reused_line(session, ep.resumed()) + "\n";
    if (!chain.empty())
        out += "Server public key is " + std::to_string(public_key_bits(chain.front())) + " bit\n";
    out += std::string("Secure Renegotiation IS") +
           (client.secure_renegotiation_supported() ? "" : " NOT") + " supported\n";
    out += "Compression: NONE\nExpansion: NONE\nNo ALPN negotiated\n";
    out += ssl_session_block(session, ep.ticket_lifetime(), ep.verify().code, ep.verify().text);
    out += "---\n";
    return out;
}

std::string brief_report(const ClientEndpoint& ep, const Botan::TLS::Client& client) {
    const auto& session = *ep.session();
    std::string out = "CONNECTION ESTABLISHED\n";
    out += "Protocol version: " + protocol_name(session.version()) + "\n";
    out += "Ciphersuite: " + session_cipher(session) + "\n";
    const auto chain = client.peer_cert_chain();
    if (!chain.empty())
        out += "Peer certificate: " + format_dn_oneline(chain.front().subject_dn()) + "\n";
    if (!ep.peer_sig_digest().empty())
        out +=
            "Hash used: " + ep.peer_sig_digest() + "\nSignature type: " + ep.peer_sig_type() + "\n";
    out += ep.verify().code == 0 ? std::string("Verification: OK\n")
                                 : "Verification error: " + ep.verify().text + "\n";
    if (!ep.temp_key().empty())
        out += "Server Temp Key: " + ep.temp_key() + "\n";
    return out;
}

struct Shared {
    ClientOptions opts;
    LabCredentials creds;
    std::unique_ptr<LabPolicy> policy;
    std::unique_ptr<SessionCache> sessions;
    std::string sess_out;
    bool connected_printed = false;
};

// One connection; interactive when not reconnecting. Returns the exit status.
int run_connection(Shared& shared, bool first, bool interactive) {
    const ClientOptions& opts = shared.opts;
    auto fd = tcp_connect(opts.where);
    if (!fd) {
        auto e = fd.error();
        if (opts.check_downgrade && !e.detail) // the second connection of a fallback
            e.detail = kFallbackHint;
        return report_error("s_client", e);
    }
    if (!opts.quiet && !opts.brief && first && !shared.connected_printed)
        std::printf("CONNECTED(%08X)\n", static_cast<unsigned>(*fd));
    std::fflush(stdout);
    ClientEndpoint ep(*fd, opts);
    int status = 0;
    try {
        ep.trace_start();
        Botan::TLS::Client client(
            ep, *shared.sessions, shared.creds, *shared.policy, Botan::system_rng(),
            Botan::TLS::Server_Information(opts.info_host,
                                           static_cast<uint16_t>(std::stoul(opts.where.port))),
            Botan::TLS::Protocol_Version::TLS_V12);
        ep.flush();
        ep.complete_handshake(client);
        const auto& session = *ep.session();
        if (!shared.sess_out.empty()) {
            auto w = write_file(shared.sess_out, session.PEM_encode(), 0600);
            if (!w)
                report_error("s_client", w.error());
        }
        if (opts.brief)
            std::fputs(brief_report(ep, client).c_str(), stderr);
        else if (!opts.quiet) {
            if (first)
                std::fputs(full_report(ep, client, opts).c_str(), stdout);
            else
                std::printf("%s\n%s---\n", new_or_reused_line(session, ep.resumed()).c_str(),
                            ssl_session_block(session, ep.ticket_lifetime(), ep.verify().code,
                                              ep.verify().text)
                                .c_str());
        }
        std::fflush(stdout);
        if (interactive)
            relay_stdio(ep, client,
                        RelayMode{.whole_lines = true,
                                  .end_on_quit = !opts.ign_eof,
                                  .report_close = !opts.quiet});
        if (client.is_active()) {
            client.close();
            ep.flush();
            ep.trace_raw("SSL3 alert write:warning:close notify");
        }
    } catch (const Botan::TLS::TLS_Exception& e) {
        std::fprintf(stderr, "tlsctl s_client: handshake failed: %s (TLS alert %d sent)\n",
                     e.what(), static_cast<int>(e.type()));
        status = 1;
    } catch (const std::exception& e) {
        std::string alert_text;
        if (ep.alert() && ep.alert()->is_fatal())
            alert_text = " (server sent TLS alert " + ep.alert()->type_string() + ", number " +
                         std::to_string(static_cast<int>(ep.alert()->type())) + ")";
        std::fprintf(stderr, "tlsctl s_client: connection failed: %s%s\n", e.what(),
                     alert_text.c_str());
        if (opts.check_downgrade)
            std::fprintf(stderr, "tlsctl s_client: %s\n", kFallbackHint);
        status = 1;
    }
    ::close(*fd);
    return status;
}

// The TLS 1.3 options from the flags (the Botan options already in opts).
ipsec::Result<Tls13ClientOptions> tls13_options(const Flags& flags, const ClientOptions& opts) {
    Tls13ClientOptions t;
    t.where = opts.where;
    t.sni = opts.sni;
    t.verify_hostname = opts.verify_hostname;
    t.state = opts.state;
    t.showcerts = opts.showcerts;
    t.verify_return_error = opts.verify_return_error;
    t.brief = opts.brief;
    t.quiet = opts.quiet;
    t.ign_eof = opts.ign_eof;
    t.msg = flags.has("msg");
    t.interactive = !flags.has("reconnect");
    t.reconnects = flags.has("reconnect") ? 5 : 0;
    if (auto r = parse_tls13_lists(flags, t.suites, t.groups, t.alpn); !r)
        return r.error();
    t.keylog_path = flags.get("keylogfile");
    t.sess_out = flags.get("sess_out");
    if (flags.has("sess_in")) {
        auto text = read_file(flags.get("sess_in"));
        if (!text)
            return text.error();
        if (text->find("TLSCTL TLS1.3 SESSION") != std::string::npos) {
            auto s = tls13::Session::decode(*text, "-sess_in '" + flags.get("sess_in") + "'");
            if (!s)
                return s.error();
            t.session = *s;
        }
    }
    if (flags.has("early_data")) {
        if (!t.session)
            return ipsec::Error::plain("-early_data needs -sess_in with a TLS 1.3 session");
        auto data = read_file(flags.get("early_data"));
        if (!data)
            return data.error();
        t.early_data.assign(data->begin(), data->end());
    }
    return t;
}

} // namespace

int verb_s_client(const Args& args) {
    int rc = 0;
    auto flags = parse_verb_flags("s_client", kFlags, args, rc);
    if (!flags)
        return rc;
    Shared shared;
    ClientOptions& opts = shared.opts;
    auto where = parse_host_port(flags->get("connect"), "localhost", "4433");
    if (!where)
        return report_error("s_client", where.error().with_context("-connect"));
    opts.where = *where;
    opts.info_host = flags->get("servername", opts.where.host);
    opts.sni = flags->has("noservername") ? ""
               : flags->has("servername") ? flags->get("servername")
                                          : (is_ip_literal(opts.where.host) ? "" : opts.where.host);
    opts.state = flags->has("state");
    opts.showcerts = flags->has("showcerts");
    opts.verify_return_error = flags->has("verify_return_error");
    opts.verify_hostname = flags->get("verify_hostname");
    opts.no_ticket = flags->has("no_ticket");
    opts.brief = flags->has("brief");
    opts.quiet = flags->has("quiet");
    opts.ign_eof = (opts.quiet || flags->has("ign_eof")) && !flags->has("no_ign_eof");
    if (flags->has("verify")) {
        auto depth = flags->get_int("verify", 0, 0, 100);
        if (!depth)
            return report_error("s_client", depth.error());
        if (!opts.quiet && !opts.brief)
            std::fprintf(stderr, "verify depth is %ld\n", *depth);
    }

    PolicySettings settings;
    if (flags->has("cipher")) {
        auto suites = parse_cipher_list(flags->get("cipher"));
        if (!suites)
            return report_error("s_client", suites.error());
        settings.suites = *suites;
    }
    shared.policy = std::make_unique<LabPolicy>(settings);

    if (auto r = add_ca_flags(shared.creds, *flags); !r)
        return report_error("s_client", r.error());
    if (!flags->has("CAfile") && !flags->has("CApath"))
        shared.creds.add_system_cas();
    if (flags->has("cert")) {
        auto pass = read_password(flags->get("pass"));
        if (!pass)
            return report_error("s_client", pass.error());
        auto r = shared.creds.load_identity(flags->get("cert"), flags->get("key"), *pass);
        if (!r)
            return report_error("s_client", r.error());
    } else if (flags->has("key")) {
        return report_error("s_client", ipsec::Error::plain("-key needs -cert"));
    }

    if (flags->has("tls1_3") && flags->has("no_tls1_3"))
        return report_error("s_client", ipsec::Error::plain("-tls1_3 contradicts -no_tls1_3"));
    // Both versions unless -tls1_3 or -tls1_2 (-no_tls1_3) alone names one;
    // a TLS 1.2 session file (-sess_in) means TLS 1.2.
    const bool only12 = !flags->has("tls1_3") && (flags->has("tls1_2") || flags->has("no_tls1_3"));
    if (!only12) {
        auto t13 = tls13_options(*flags, opts);
        if (!t13)
            return report_error("s_client", t13.error());
        const bool tls12_session = flags->has("sess_in") && !t13->session;
        if (!tls12_session) {
            t13->offer_tls12 = !t13->session && (flags->has("tls1_2") || !flags->has("tls1_3"));
            t13->tls12_suites = shared.policy->suites();
            const Tls13Outcome out = run_tls13_client(*t13, shared.creds);
            if (out != Tls13Outcome::use_tls12) {
                if (!opts.quiet && !opts.brief)
                    std::fprintf(stderr, "DONE\n");
                return out == Tls13Outcome::ok ? 0 : 1;
            }
            // The server chose TLS 1.2 (no sentinel): Botan's stack on a new
            // connection, still checking for the sentinel (a server with
            // -naccept 1 has no second connection to give).
            opts.check_downgrade = true;
            shared.connected_printed = true;
        }
    }

    shared.sessions = std::make_unique<SessionCache>(100);
    shared.sess_out = flags->get("sess_out");
    if (flags->has("sess_in")) {
        auto pem = read_file(flags->get("sess_in"));
        if (!pem)
            return report_error("s_client", pem.error());
        try {
            shared.sessions->save(Botan::TLS::Session(*pem));
        } catch (const std::exception& e) {
            return report_error("s_client",
                                ipsec::Error::plain("-sess_in '" + flags->get("sess_in") +
                                                        "': not a tlsctl session file",
                                                    e.what()));
        }
    }

    const bool reconnect = flags->has("reconnect");
    int status = run_connection(shared, true, !reconnect);
    for (int i = 0; reconnect && status == 0 && i < 5; ++i) {
        std::printf("drop connection and then reconnect\n");
        std::fflush(stdout);
        status = run_connection(shared, false, false);
    }
    if (!opts.quiet && !opts.brief)
        std::fprintf(stderr, "DONE\n");
    return status;
}

} // namespace tlsctl
