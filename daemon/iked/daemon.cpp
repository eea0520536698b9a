// SPDX-License-Identifier: GPL-2.0-or-later
#include "daemon.hpp"

#include "conf/system_file_reader.hpp"
#include "ike/engine/spi.hpp"
#include "sockaddr_address.hpp"
#include "status_printer.hpp"
#include "updown.hpp"
#include "version.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace iked {

namespace eng = ipsec::ike::engine;
namespace conf = ipsec::conf;

namespace {

constexpr const char* kVersion = VERSION; // meson.build's project version

// %defaultroute: the source address the kernel picks towards a public
// address (a UDP socket connected to TEST-NET-2; nothing is sent).
std::optional<std::string> default_route_address() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return std::nullopt;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    to.sin_addr.s_addr = htonl(0xc6336401); // 198.51.100.1
    sockaddr_storage me{};
    socklen_t len = sizeof(me);
    std::optional<std::string> out;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len) == 0)
        if (auto a = address_of(reinterpret_cast<const sockaddr*>(&me)); a && !a->is_zero())
            out = a->to_string();
    ::close(fd);
    return out;
}

eng::Endpoint to_engine(const Endpoint& e) {
    eng::Endpoint out;
    out.address.family = e.v6 ? AF_INET6 : AF_INET;
    out.address.bytes = e.addr;
    out.port = e.port;
    return out;
}

Endpoint from_engine(const eng::Endpoint& e) {
    Endpoint out;
    out.v6 = e.address.family == AF_INET6;
    out.addr = e.address.bytes;
    out.port = e.port;
    return out;
}

// Which log subsystem and level an engine event belongs to.
std::pair<Subsystem, int> classify(eng::EventType t) {
    switch (t) {
    case eng::EventType::child_installed:
    case eng::EventType::child_rekeyed:
    case eng::EventType::child_deleted:
    case eng::EventType::child_failed:
        return {Subsystem::chd, 1};
    case eng::EventType::message_dropped:
        return {Subsystem::net, 1};
    default:
        return {Subsystem::ike, 1};
    }
}

bool is_failure(eng::EventType t) {
    switch (t) {
    case eng::EventType::ike_failed:
    case eng::EventType::authentication_failed:
    case eng::EventType::no_proposal_chosen:
    case eng::EventType::child_failed:
    case eng::EventType::peer_dead:
    case eng::EventType::ike_deleted:
        return true;
    default:
        return false;
    }
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string strip_prefix(const std::string& s, const std::string& prefix) {
    return s.starts_with(prefix) ? s.substr(prefix.size()) : s;
}

// The ESP proposal as charon's statusall shows it: "AES_CBC_128/HMAC_SHA2_256_128"
// (no protocol prefix, no NO_EXT_SEQ; a PFS group stays).
std::string child_proposal_text(const std::string& proposal) {
    std::string p =
        proposal.substr(proposal.find(':') == std::string::npos ? 0 : proposal.find(':') + 1);
    for (const std::string_view esn : {"/NO_EXT_SEQ", "NO_EXT_SEQ"})
        if (auto at = p.find(esn); at != std::string::npos)
            p.erase(at, esn.size());
    return p;
}

} // namespace

Daemon::Daemon(const Options& options, Logger& logger)
    : m_options(options), m_logger(logger), m_start(std::chrono::steady_clock::now()),
      m_started_at(std::chrono::system_clock::now()) {}

Daemon::~Daemon() {
    // What this daemon installed goes with it, also when main gives up after
    // create() (pid file or privileges refused) and run() never ran.
    if (m_kernel)
        shutdown();
    if (m_signal_fd >= 0)
        ::close(m_signal_fd);
}

eng::Time Daemon::now() const {
    return std::chrono::duration_cast<eng::Time>(std::chrono::steady_clock::now() - m_start);
}

Result<std::unique_ptr<Daemon>> Daemon::create(const Options& options, Logger& logger) {
    std::unique_ptr<Daemon> d(new Daemon(options, logger));
    auto nl = ipxf::NetlinkKernelIpsec::open();
    if (!nl)
        return nl.error().with_context("cannot open the kernel's XFRM interface");
    d->m_netlink = std::move(*nl);
    if (auto routes = RouteTable::open())
        d->m_routes = std::make_unique<RouteTable>(std::move(*routes));
    else
        logger.log(Subsystem::knl, 0, "no routes for tunnels: " + routes.error().to_string());
    std::string journal = options.journal;
    if (journal.empty()) {
        auto slash = options.socket.rfind('/');
        journal =
            (slash == std::string::npos ? std::string() : options.socket.substr(0, slash + 1)) +
            "iked.kernel";
    }
    auto opened = KernelJournal::open(journal);
    if (!opened)
        return opened.error();
    d->m_journal = std::make_unique<KernelJournal>(std::move(*opened));
    d->remove_leftovers();
    d->m_kernel = std::make_unique<TrackingKernel>(
        *d->m_netlink, d->m_routes.get(),
        [&logger](int level, const std::string& line) { logger.log(Subsystem::knl, level, line); },
        d->m_journal.get());
    auto acquires = ipxf::Netlink::open();
    if (!acquires)
        return acquires.error().with_context("cannot open the kernel's XFRM interface");
    if (auto r = acquires->subscribe({XFRMNLGRP_ACQUIRE, XFRMNLGRP_EXPIRE}); !r)
        return r.error();
    d->m_acquires = std::make_unique<ipxf::Netlink>(std::move(*acquires));
    d->m_engine = std::make_unique<eng::Engine>(eng::EngineSettings{}, d->m_rng, *d->m_kernel, *d);
    d->m_engine->set_psk_lookup(
        [self = d.get()](const eng::Identity& me,
                         const eng::Identity& other) -> std::optional<eng::SecretBytes> {
            const auto* found = self->m_secrets.find_psk(me.to_string(), other.to_string());
            if (!found)
                return std::nullopt;
            return eng::SecretBytes(found->secret.begin(), found->secret.end());
        });
    if (auto r = d->load(true); !r)
        return r.error();

    UdpTransport::Options topt;
    topt.ike_port = options.ike_port;
    topt.natt_port = options.natt_port;
    auto transport = UdpTransport::open(topt);
    if (!transport)
        return transport.error().with_context("cannot open the IKE sockets");
    d->m_transport = std::make_unique<UdpTransport>(std::move(*transport));

    ControlServer::Options copt;
    copt.path = options.socket;
    if (options.control_group) {
        copt.group = options.control_group;
        copt.mode = 0660;
    }
    Daemon* self = d.get();
    auto control = ControlServer::open(
        copt, [self](const ControlServer::Request& req, const ControlServer::ReplyPtr& reply) {
            self->on_request(req, reply);
        });
    if (!control)
        return control.error().with_context("cannot open the control socket " + options.socket);
    d->m_control = std::make_unique<ControlServer>(std::move(*control));

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    d->m_signal_fd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (d->m_signal_fd < 0)
        return Error::os(errno, "signalfd");

    return d;
}

Result<void> Daemon::load(bool initial) {
    conf::SystemFileReader files;
    conf::ConfOptions conf_options;
    conf_options.default_route = default_route_address;
    auto cfg = conf::parse_ipsec_conf(files, m_options.config, conf_options);
    if (!cfg)
        return cfg.error();
    for (const auto& w : cfg->warnings)
        m_logger.log(Subsystem::cfg, 0, w.to_string());
    auto secrets = conf::parse_ipsec_secrets(files, m_options.secrets);
    if (!secrets)
        return secrets.error();
    for (const auto& w : secrets->warnings)
        m_logger.log(Subsystem::cfg, 0, w.to_string());
    if (initial && !cfg->setup.charondebug.empty()) {
        // config setup's charondebug applies where --debug did not say otherwise:
        // the daemon's main applies it before create() (see main.cpp).
    }
    auto loaded = load_conns(*cfg, *secrets, local_addresses());
    for (const auto& p : loaded.problems)
        m_logger.log(Subsystem::cfg, 0, p);
    m_refused = loaded.refused;
    m_secrets = std::move(*secrets);
    // What a reload does, like charon's: new conns are added, changed ones
    // replaced, removed ones dropped. Established SAs are left alone; they keep
    // the settings they were negotiated with until they go down.
    auto forget = [&](std::vector<LoadedConn>::iterator it) {
        unroute(*it);
        (void)m_engine->remove_peer(it->peer.name);
        return m_conns.erase(it);
    };
    std::set<std::string> seen;
    for (auto& lc : loaded.conns) {
        seen.insert(lc.peer.name);
        auto known = std::find_if(m_conns.begin(), m_conns.end(),
                                  [&](const LoadedConn& c) { return c.peer.name == lc.peer.name; });
        if (known != m_conns.end()) {
            if (known->same_config(lc)) {
                known->status = lc.status;
                continue;
            }
            forget(known);
            m_logger.log(Subsystem::cfg, 1,
                         "conn '" + lc.peer.name +
                             "' changed: replaced (established SAs keep their settings)");
        }
        if (auto r = m_engine->add_peer(lc.peer); !r) {
            m_logger.log(Subsystem::cfg, 0,
                         "conn '" + lc.peer.name + "': " + r.error().to_string());
            continue;
        }
        m_logger.log(Subsystem::cfg, 1, "added configuration '" + lc.peer.name + "'");
        m_conns.push_back(lc);
        if (initial)
            continue; // start_conns() does it
        if (lc.auto_action == conf::AutoAction::start)
            (void)m_engine->initiate(lc.peer.name, now());
        else if (lc.auto_action == conf::AutoAction::route)
            (void)route(lc);
    }
    if (!initial) {
        for (auto it = m_conns.begin(); it != m_conns.end();) {
            if (seen.count(it->peer.name)) {
                ++it;
                continue;
            }
            m_logger.log(Subsystem::cfg, 1,
                         "conn '" + it->peer.name +
                             "' removed from the configuration: deleted (established SAs stay)");
            it = forget(it);
        }
    }
    return ipsec::success();
}

Result<void> Daemon::route(const LoadedConn& conn) {
    for (const auto& child : conn.peer.children) {
        auto id = m_engine->route(child.name);
        if (!id) {
            m_logger.log(Subsystem::cfg, 0,
                         "routing '" + child.name + "' failed: " + id.error().to_string(),
                         conn.peer.name);
            return id.error();
        }
        m_logger.log(Subsystem::cfg, 1, "'" + child.name + "' routed", conn.peer.name);
    }
    return ipsec::success();
}

void Daemon::unroute(const LoadedConn& conn) {
    for (const auto& child : conn.peer.children)
        if (m_engine->unroute(child.name))
            m_logger.log(Subsystem::cfg, 1, "'" + child.name + "' unrouted", conn.peer.name);
}

void Daemon::read_acquires() {
    auto r = m_acquires->read_events([&](const ipxf::MonitorEvent& ev) {
        if (ev.type == XFRM_MSG_EXPIRE && ev.state) {
            if (m_engine->kernel_expire(ev.state->spi, ev.hard, now()))
                m_logger.log(Subsystem::knl, 2,
                             std::string(ev.hard ? "hard" : "soft") + " expire for SPI " +
                                 ipsec::ike::engine::hex_spi(ev.state->spi));
            return;
        }
        if (ev.type != XFRM_MSG_ACQUIRE || !ev.policy || ev.policy->tmpls.empty())
            return;
        const std::uint32_t reqid = ev.policy->tmpls[0].reqid;
        std::string conn;
        for (const auto& t : m_engine->traps())
            if (t.reqid == reqid)
                conn = t.conn;
        if (conn.empty()) {
            m_logger.log(Subsystem::knl, 2,
                         "ignoring acquire for reqid {" + std::to_string(reqid) +
                             "}: no routed connection has it");
            return;
        }
        std::string what = "with reqid {" + std::to_string(reqid) + "}";
        if (ev.state)
            what = ev.state->sel.saddr.to_string() + "/" +
                   std::to_string(ev.state->sel.prefixlen_s) +
                   " === " + ev.state->sel.daddr.to_string() + "/" +
                   std::to_string(ev.state->sel.prefixlen_d) + " " + what;
        m_logger.log(Subsystem::knl, 1, "acquire for " + what, conn);
        auto started = m_engine->acquire(reqid, now());
        if (!started)
            m_logger.log(Subsystem::knl, 0, "acquire: " + started.error().to_string(), conn);
        else if (!*started)
            m_logger.log(Subsystem::knl, 2, "already being established, acquire ignored", conn);
    });
    if (!r)
        m_logger.log(Subsystem::knl, 0, "reading acquires: " + r.error().to_string());
}

void Daemon::start_conns() {
    for (const auto& c : m_conns) {
        if (c.auto_action == conf::AutoAction::start) {
            if (auto r = m_engine->initiate(c.peer.name, now()); !r)
                m_logger.log(Subsystem::cfg, 0,
                             "conn '" + c.peer.name + "': " + r.error().to_string());
        } else if (c.auto_action == conf::AutoAction::route) {
            (void)route(c);
        }
    }
}

void Daemon::send(const eng::Datagram& d) {
    Datagram out;
    out.local = from_engine(d.local);
    out.remote = from_engine(d.remote);
    // The engine's bytes carry the non-ESP marker on the NAT-T port; UdpTransport
    // adds it itself, so it is taken off here (the one place both meet).
    auto begin = d.bytes.begin();
    if ((d.local.port == m_options.natt_port || d.remote.port == m_options.natt_port) &&
        d.bytes.size() >= 4)
        begin += 4;
    out.data.assign(begin, d.bytes.end());
    // Sent from the NAT-T socket when either end uses the NAT-T port.
    if (d.remote.port == m_options.natt_port)
        out.local.port = m_options.natt_port;
    if (auto r = m_transport->send(out); !r)
        m_logger.log(Subsystem::net, 0, "error sending packet: " + r.error().to_string());
}

void Daemon::arm_timer(eng::Time deadline) {
    m_timers.insert(deadline);
}

void Daemon::event(const eng::Event& e) {
    auto [subsystem, level] = classify(e.type);
    m_logger.log(subsystem, level, e.text, e.conn, e.ike_id);
    if (e.type == eng::EventType::ike_established)
        m_established_at[e.ike_id] = now();
    if (e.type == eng::EventType::ike_deleted)
        m_established_at.erase(e.ike_id);
    const bool up = e.type == eng::EventType::child_installed;
    const bool down = e.type == eng::EventType::child_deleted && e.child && !e.child->replaced;
    if ((up || down) && e.child) {
        auto conn = std::find_if(m_conns.begin(), m_conns.end(),
                                 [&](const LoadedConn& c) { return c.peer.name == e.conn; });
        if (conn != m_conns.end())
            run_updown(conn->updown, up, e.conn, e.ike_id, *e.child, [&](const std::string& line) {
                m_logger.log(Subsystem::chd, 0, line, e.conn, e.ike_id);
            });
    }

    for (auto& w : m_waiters) {
        if (!w->reply || w->conn != e.conn)
            continue;
        if (w->kind == Waiter::Kind::up) {
            if (e.type == eng::EventType::child_installed)
                finish(*w, exit_code::ok, "connection '" + w->conn + "' established successfully");
            else if (is_failure(e.type))
                finish(*w, exit_code::failed, "establishing connection '" + w->conn + "' failed");
        } else {
            if (e.type == eng::EventType::ike_deleted)
                w->ike_ids.erase(e.ike_id);
            if (e.type == eng::EventType::child_deleted)
                w->child_ids.erase(e.child_id);
            if (w->ike_ids.empty() && w->child_ids.empty())
                finish(*w, exit_code::ok, "");
        }
    }
}

void Daemon::finish(Waiter& w, int rc, const std::string& last_line) {
    if (w.log_handle)
        m_logger.remove(w.log_handle);
    w.log_handle = 0;
    if (!last_line.empty())
        w.reply->log(last_line);
    w.reply->finish(rc);
    w.reply.reset();
}

void Daemon::on_request(const ControlServer::Request& req, const ControlServer::ReplyPtr& reply) {
    const auto& words = req.words;
    const std::string verb = words.empty() ? "" : words[0];
    std::optional<std::string> name;
    if (words.size() > 1)
        name = words[1];
    if (verb == "up" && name) {
        cmd_up(*name, reply);
    } else if (verb == "down" && name) {
        cmd_down(*name, reply);
    } else if ((verb == "route" || verb == "unroute") && name) {
        cmd_route(*name, verb == "route", reply);
    } else if ((verb == "status" || verb == "statusall") && words.size() <= 3) {
        bool json = std::find(words.begin(), words.end(), "--json") != words.end();
        std::optional<std::string> which;
        for (std::size_t i = 1; i < words.size(); ++i)
            if (words[i] != "--json")
                which = words[i];
        auto model = status_model();
        std::string text = json               ? status_to_json(model, which, true)
                           : verb == "status" ? format_status(model, which)
                                              : format_statusall(model, which);
        std::size_t pos = 0;
        while (pos < text.size()) {
            auto nl = text.find('\n', pos);
            if (nl == std::string::npos)
                nl = text.size();
            reply->output(text.substr(pos, nl - pos));
            pos = nl + 1;
        }
        reply->finish(exit_code::ok);
    } else if (verb == "reload" || verb == "rereadsecrets" || verb == "rereadall") {
        if (auto r = load(false); !r) {
            reply->error(r.error().to_string());
            reply->finish(exit_code::failed);
        } else {
            reply->output(verb == "reload" ? "Reloading iked's configuration"
                                           : "Rereading secrets and configuration");
            reply->finish(exit_code::ok);
        }
    } else if (verb == "version") {
        reply->output(std::string("Linux iked ") + kVersion);
        reply->finish(exit_code::ok);
    } else if (verb == "stop") {
        reply->output("Stopping iked");
        m_stop_replies.push_back(reply);
        m_stopping = true;
    } else {
        reply->error("unknown request '" + verb + "'");
        reply->finish(exit_code::usage);
    }
}

void Daemon::refuse_unknown(const std::string& name, const ControlServer::ReplyPtr& reply) {
    if (auto it = m_refused.find(name); it != m_refused.end())
        reply->error(it->second);
    else
        reply->error("no config named '" + name + "'");
    reply->finish(exit_code::failed);
}

void Daemon::cmd_up(const std::string& name, const ControlServer::ReplyPtr& reply) {
    auto known = std::find_if(m_conns.begin(), m_conns.end(),
                              [&](const LoadedConn& c) { return c.peer.name == name; });
    if (known == m_conns.end()) {
        refuse_unknown(name, reply);
        return;
    }
    auto w = std::make_unique<Waiter>();
    w->kind = Waiter::Kind::up;
    w->conn = name;
    w->reply = reply;
    auto sink =
        std::make_shared<CallbackSink>([reply](const LogLine& line) { reply->log(line.text); });
    LogLevels levels;
    w->log_handle =
        m_logger.add(sink, levels, [name](const LogLine& line) { return line.conn == name; });
    Waiter* raw = w.get();
    m_waiters.push_back(std::move(w));
    auto r = m_engine->initiate(name, now());
    if (!r && raw->reply)
        finish(*raw, exit_code::failed,
               "establishing connection '" + name + "' failed: " + r.error().to_string());
}

void Daemon::cmd_down(const std::string& spec, const ControlServer::ReplyPtr& reply) {
    std::string name = spec;
    std::optional<std::uint32_t> ike_n, child_n;
    auto open = spec.find_first_of("[{");
    if (open != std::string::npos && spec.size() > open + 2 &&
        (spec.back() == ']' || spec.back() == '}')) {
        name = spec.substr(0, open);
        try {
            auto n = static_cast<std::uint32_t>(
                std::stoul(spec.substr(open + 1, spec.size() - open - 2)));
            (spec[open] == '[' ? ike_n : child_n) = n;
        } catch (...) {
            reply->error("'" + spec + "': expected NAME, NAME[n] or NAME{n}");
            reply->finish(exit_code::usage);
            return;
        }
    }
    auto w = std::make_unique<Waiter>();
    w->kind = Waiter::Kind::down;
    w->conn = name;
    w->reply = reply;
    w->deadline = now() + std::chrono::seconds(60);
    for (const auto& sa : m_engine->status()) {
        if (sa.name.substr(0, sa.name.find('[')) != name)
            continue;
        if (child_n) {
            for (const auto& c : sa.children)
                if (c.unique_id == *child_n)
                    w->child_ids.insert(c.unique_id);
        } else if (!ike_n || sa.unique_id == *ike_n) {
            w->ike_ids.insert(sa.unique_id);
        }
    }
    if (w->ike_ids.empty() && w->child_ids.empty()) {
        reply->error("no " + std::string(child_n ? "CHILD_SA" : "IKE_SA") + " named '" + spec +
                     "' found");
        reply->finish(exit_code::failed);
        return;
    }
    auto sink =
        std::make_shared<CallbackSink>([reply](const LogLine& line) { reply->log(line.text); });
    w->log_handle =
        m_logger.add(sink, LogLevels{}, [name](const LogLine& line) { return line.conn == name; });
    auto ikes = w->ike_ids;
    auto children = w->child_ids;
    m_waiters.push_back(std::move(w));
    for (auto id : ikes)
        if (auto r = m_engine->terminate_ike(id, now()); !r)
            m_logger.log(Subsystem::ike, 0, r.error().to_string(), name, id);
    for (auto id : children)
        if (auto r = m_engine->terminate_child(id, now()); !r)
            m_logger.log(Subsystem::chd, 0, r.error().to_string(), name);
}

void Daemon::cmd_route(const std::string& name, bool route, const ControlServer::ReplyPtr& reply) {
    auto known = std::find_if(m_conns.begin(), m_conns.end(),
                              [&](const LoadedConn& c) { return c.peer.name == name; });
    if (known == m_conns.end()) {
        refuse_unknown(name, reply);
        return;
    }
    for (const auto& child : known->peer.children) {
        std::optional<ipsec::Error> failed;
        if (route) {
            if (auto r = m_engine->route(child.name); !r)
                failed = r.error();
        } else if (auto r = m_engine->unroute(child.name); !r) {
            failed = r.error();
        }
        if (failed) {
            reply->error(failed->to_string());
            reply->finish(exit_code::failed);
            return;
        }
        m_logger.log(Subsystem::cfg, 1, "'" + child.name + (route ? "' routed" : "' unrouted"),
                     name);
        reply->output("'" + child.name + (route ? "' routed" : "' unrouted"));
    }
    reply->finish(exit_code::ok);
}

DaemonStatus Daemon::status_model() {
    const eng::Time t_now = now();
    auto seconds_until =
        [t_now](const std::optional<eng::Time>& at) -> std::optional<std::uint64_t> {
        if (!at)
            return std::nullopt;
        return *at > t_now ? static_cast<std::uint64_t>((*at - t_now).count() / 1000) : 0;
    };
    DaemonStatus s;
    s.version = kVersion;
    utsname u{};
    if (::uname(&u) == 0)
        s.kernel = std::string(u.sysname) + " " + u.release + ", " + u.machine;
    s.uptime = static_cast<std::uint64_t>(now().count() / 1000);
    std::time_t t = std::chrono::system_clock::to_time_t(m_started_at);
    char buf[64];
    std::tm tm{};
    ::localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%b %d %H:%M:%S %Y", &tm);
    s.since = buf;
    std::set<std::string> listening;
    for (const auto& c : m_conns) {
        s.conns.push_back(c.status);
        listening.insert(c.peer.local.address.to_string());
    }
    s.listening.assign(listening.begin(), listening.end());
    for (const auto& t : m_engine->traps()) {
        RoutedStatus r;
        r.name = t.name;
        r.unique_id = t.unique_id;
        r.mode = t.mode == eng::ChildMode::transport ? "TRANSPORT" : "TUNNEL";
        r.reqid = t.reqid;
        r.local_ts.push_back(t.local_ts);
        r.remote_ts.push_back(t.remote_ts);
        s.routed.push_back(r);
    }
    for (const auto& sa : m_engine->status()) {
        IkeSaStatus is;
        is.name = sa.name.substr(0, sa.name.find('['));
        is.unique_id = sa.unique_id;
        is.state = upper(eng::state_name(sa.state));
        if (auto it = m_established_at.find(sa.unique_id); it != m_established_at.end())
            is.established_ago = static_cast<std::uint64_t>((now() - it->second).count() / 1000);
        is.local_addr = sa.local.address.to_string();
        is.remote_addr = sa.remote.address.to_string();
        is.local_id = is.local_addr;
        is.remote_id = is.remote_addr;
        for (const auto& c : m_conns)
            if (c.peer.name == is.name) {
                is.local_id = c.status.local_id;
                if (c.status.remote_id != "%any")
                    is.remote_id = c.status.remote_id;
            }
        is.spi_i = sa.spi_i;
        is.spi_r = sa.spi_r;
        is.local_is_initiator = sa.initiator;
        is.proposal = strip_prefix(sa.proposal, "IKE:");
        is.rekey_in = seconds_until(sa.rekey_at);
        for (const auto& c : sa.children) {
            ChildSaStatus cs;
            cs.name = c.name.substr(0, c.name.find('{'));
            cs.unique_id = c.unique_id;
            cs.state = upper(eng::state_name(c.state));
            cs.mode = c.mode == eng::ChildMode::transport ? "TRANSPORT" : "TUNNEL";
            cs.reqid = c.reqid;
            cs.spi_in = c.inbound_spi;
            cs.spi_out = c.outbound_spi;
            cs.proposal = child_proposal_text(c.proposal);
            cs.rekey_in = seconds_until(c.rekey_at);
            if (!cs.rekey_in)
                cs.expires_in = seconds_until(c.expire_at);
            auto traffic = [&](const ipxf::Address& dst, std::uint32_t spi, Traffic& out) {
                ipxf::StateId id;
                id.daddr = dst;
                id.spi = spi;
                id.family = dst.family;
                id.proto = ipxf::ipproto::esp;
                if (auto st = m_kernel->query_sa(id)) {
                    out.bytes = st->curlft.bytes;
                    out.packets = st->curlft.packets;
                    const auto wall = static_cast<std::uint64_t>(std::time(nullptr));
                    if (st->curlft.packets > 0 && st->curlft.use_time > 0)
                        out.last_used_ago =
                            wall > st->curlft.use_time ? wall - st->curlft.use_time : 0;
                }
            };
            traffic(sa.local.address, c.inbound_spi, cs.in);
            traffic(sa.remote.address, c.outbound_spi, cs.out);
            cs.local_ts.push_back(c.local_ts);
            cs.remote_ts.push_back(c.remote_ts);
            is.children.push_back(cs);
        }
        s.sas.push_back(is);
    }
    return s;
}

void Daemon::receive(int fd) {
    for (int i = 0; i < 64; ++i) {
        auto r = m_transport->receive(fd);
        if (!r) {
            m_logger.log(Subsystem::net, 1, "receiving: " + r.error().to_string());
            return;
        }
        if (!*r)
            return;
        const Datagram& d = **r;
        std::vector<std::uint8_t> bytes;
        if (d.local.port == m_options.natt_port || d.remote.port == m_options.natt_port)
            bytes.assign(4, 0); // the engine expects the non-ESP marker there
        bytes.insert(bytes.end(), d.data.begin(), d.data.end());
        m_engine->on_datagram(to_engine(d.local), to_engine(d.remote), bytes, now());
    }
}

void Daemon::fire_timers() {
    const auto t = now();
    if (!m_timers.empty() && *m_timers.begin() <= t) {
        m_timers.erase(m_timers.begin(), m_timers.upper_bound(t));
        m_engine->on_timer(t);
    }
    for (auto& w : m_waiters)
        if (w->reply && w->kind == Waiter::Kind::down && w->deadline <= t)
            finish(*w, exit_code::failed, "closing '" + w->conn + "' timed out");
    std::erase_if(m_waiters, [](const std::unique_ptr<Waiter>& w) { return !w->reply; });
}

int Daemon::run() {
    m_logger.log(Subsystem::dmn, 1, std::string("Starting IKE daemon (iked ") + kVersion + ")");
    start_conns();
    bool shutting_down = false;
    eng::Time shutdown_deadline{0};
    while (true) {
        if (m_stopping && !shutting_down) {
            shutting_down = true;
            shutdown_deadline = now() + std::chrono::seconds(3);
            for (const auto& sa : m_engine->status())
                (void)m_engine->terminate_ike(sa.unique_id, now());
        }
        if (shutting_down) {
            bool left = false;
            for (const auto& sa : m_engine->status())
                if (sa.state != eng::IkeState::destroyed)
                    left = true;
            if (!left || now() >= shutdown_deadline)
                break;
        }
        if (m_reload) {
            m_reload = false;
            if (auto r = load(false); !r)
                m_logger.log(Subsystem::cfg, 0, "reload failed: " + r.error().to_string());
        }
        std::vector<pollfd> fds;
        fds.push_back({m_signal_fd, POLLIN, 0});
        fds.push_back({m_acquires->fd(), POLLIN, 0});
        for (int fd : m_transport->fds())
            fds.push_back({fd, POLLIN, 0});
        const std::size_t control_from = fds.size();
        for (int fd : m_control->fds())
            fds.push_back({fd, POLLIN, 0});
        int timeout = 1000;
        if (!m_timers.empty())
            timeout = static_cast<int>(
                std::clamp<long long>((*m_timers.begin() - now()).count(), 0, 1000));
        if (shutting_down)
            timeout = std::min(timeout, 100);
        int n = ::poll(fds.data(), fds.size(), timeout);
        if (n < 0 && errno != EINTR) {
            m_logger.log(Subsystem::dmn, 0, std::string("poll: ") + std::strerror(errno));
            break;
        }
        for (std::size_t i = 0; n > 0 && i < fds.size(); ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (i == 0) {
                signalfd_siginfo si{};
                while (::read(m_signal_fd, &si, sizeof si) == sizeof si) {
                    if (si.ssi_signo == SIGHUP) {
                        m_logger.log(Subsystem::dmn, 1,
                                     "signal of type SIGHUP received. Reloading");
                        m_reload = true;
                    } else {
                        m_logger.log(Subsystem::dmn, 1,
                                     std::string("signal of type ") +
                                         (si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM") +
                                         " received. Shutting down");
                        m_stopping = true;
                    }
                }
            } else if (i == 1) {
                read_acquires();
            } else if (i < control_from) {
                receive(fds[i].fd);
            } else {
                m_control->handle(fds[i].fd);
            }
        }
        fire_timers();
    }
    shutdown();
    return 0;
}

void Daemon::remove_leftovers() {
    auto left = m_journal->read();
    if (left.empty()) {
        m_journal->clear();
        return;
    }
    std::size_t states = 0, policies = 0, routes = 0;
    for (const auto& p : left.policies)
        if (m_netlink->del_policy(p))
            ++policies;
    for (const auto& s : left.states)
        if (m_netlink->del_sa(s))
            ++states;
    if (m_routes)
        for (const auto& r : left.routes)
            if (m_routes->remove_leftover(r.dst, r.prefix))
                ++routes;
    m_journal->clear();
    m_logger.log(Subsystem::knl, 0,
                 "removed " + std::to_string(states) + " SAs, " + std::to_string(policies) +
                     " policies and " + std::to_string(routes) +
                     " routes an earlier iked left in the kernel (journal " + m_journal->path() +
                     ")");
}

void Daemon::shutdown() {
    if (m_shut_down)
        return;
    m_shut_down = true;
    if (m_engine)
        for (const auto& c : m_conns)
            unroute(c);
    if (std::size_t n = m_kernel->remove_all(); n > 0)
        m_logger.log(Subsystem::knl, 1,
                     "removed " + std::to_string(n) + " SAs/policies left in the kernel");
    for (auto& w : m_waiters)
        if (w->reply)
            finish(*w, exit_code::failed, "iked is shutting down");
    m_waiters.clear();
    m_logger.log(Subsystem::dmn, 1, "iked stopped");
    for (auto& r : m_stop_replies)
        r->finish(exit_code::ok);
    m_stop_replies.clear();
}

} // namespace iked
