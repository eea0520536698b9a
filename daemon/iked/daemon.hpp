// SPDX-License-Identifier: GPL-2.0-or-later
// Daemon: iked's event loop. It owns the IKE engine (lib/ike/engine) and feeds
// it what happens outside: datagrams from UdpTransport, deadlines it armed,
// requests from the control socket (ikectl), signals (TERM/INT: delete every
// SA and exit; HUP: reload). The engine's outputs come back through the
// EngineSink methods: datagrams go out, timers are kept, events are logged
// like charon and answer the ikectl requests waiting for them.
#pragma once

#include "conf/ipsec_secrets.hpp"
#include "conn_loader.hpp"
#include "control_server.hpp"
#include "ike/crypto/system_rng.hpp"
#include "ike/engine/engine.hpp"
#include "logger.hpp"
#include "status.hpp"
#include "tracking_kernel.hpp"
#include "udp_transport.hpp"
#include "xfrm/netlink_kernel_ipsec.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <sys/types.h>
#include <vector>

namespace iked {

class Daemon : public ipsec::ike::engine::EngineSink {
public:
    struct Options {
        std::string config = "/etc/ipsec.conf";
        std::string secrets = "/etc/ipsec.secrets";
        std::string socket = control::kDefaultSocket;
        std::string pidfile;
        // What iked put into the kernel (kernel_journal.hpp); empty: "iked.kernel"
        // next to the control socket.
        std::string journal;
        // Members of this group may use the control socket (mode 0660); none: root only.
        std::optional<gid_t> control_group;
        std::uint16_t ike_port = 500;
        std::uint16_t natt_port = 4500;
    };

    // Reads the configuration (errors: file:line and why), opens the kernel
    // interface, the IKE sockets and the control socket.
    static Result<std::unique_ptr<Daemon>> create(const Options& options, Logger& logger);
    ~Daemon() override;

    // Runs until stopped (signal or `ikectl stop`); returns the exit status.
    int run();

    // EngineSink
    void send(const ipsec::ike::engine::Datagram& datagram) override;
    void arm_timer(ipsec::ike::engine::Time deadline) override;
    void event(const ipsec::ike::engine::Event& event) override;

private:
    Daemon(const Options& options, Logger& logger);
    ipsec::ike::engine::Time now() const;
    // Loads ipsec.conf/ipsec.secrets; conns new since the last load go to the engine.
    Result<void> load(bool initial);
    void start_conns();
    void on_request(const ControlServer::Request& request, const ControlServer::ReplyPtr& reply);
    void cmd_up(const std::string& name, const ControlServer::ReplyPtr& reply);
    // "no config named", or why the conn was not loaded.
    void refuse_unknown(const std::string& name, const ControlServer::ReplyPtr& reply);
    void cmd_down(const std::string& name, const ControlServer::ReplyPtr& reply);
    void cmd_route(const std::string& name, bool route, const ControlServer::ReplyPtr& reply);
    // auto=route: trap policies for each CHILD_SA config of the conn.
    Result<void> route(const LoadedConn& conn);
    void unroute(const LoadedConn& conn);
    void read_acquires();
    DaemonStatus status_model();
    void receive(int fd);
    void fire_timers();
    void shutdown();
    bool m_shut_down = false;
    // Removes what the journal says an earlier iked left in the kernel.
    void remove_leftovers();

    struct Waiter {
        enum class Kind { up, down } kind = Kind::up;
        std::string conn;
        std::set<std::uint32_t> ike_ids;   // down: IKE_SAs still to go
        std::set<std::uint32_t> child_ids; // down NAME{n}
        ControlServer::ReplyPtr reply;
        int log_handle = 0;
        ipsec::ike::engine::Time deadline{0};
    };
    void finish(Waiter& waiter, int rc, const std::string& last_line);

    Options m_options;
    Logger& m_logger;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::system_clock::time_point m_started_at;
    ::ipsec::ike::crypto::SystemRng m_rng;
    std::unique_ptr<ipxf::NetlinkKernelIpsec> m_netlink;
    std::unique_ptr<RouteTable> m_routes; // null when NETLINK_ROUTE could not be opened
    std::unique_ptr<KernelJournal> m_journal;
    std::unique_ptr<TrackingKernel> m_kernel;
    std::unique_ptr<ipxf::Netlink> m_acquires; // XFRMNLGRP_ACQUIRE and _EXPIRE notifications
    std::unique_ptr<ipsec::ike::engine::Engine> m_engine;
    std::unique_ptr<UdpTransport> m_transport;
    std::unique_ptr<ControlServer> m_control;
    std::vector<LoadedConn> m_conns;
    std::map<std::string, std::string> m_refused; // conns not loaded: why (file:line:col)
    ipsec::conf::IpsecSecrets m_secrets;          // for the PSK of an identity (IKE_AUTH)
    std::multiset<ipsec::ike::engine::Time> m_timers;
    std::map<std::uint32_t, ipsec::ike::engine::Time> m_established_at; // IKE_SA id
    std::vector<std::unique_ptr<Waiter>> m_waiters;
    std::vector<ControlServer::ReplyPtr> m_stop_replies;
    int m_signal_fd = -1;
    bool m_stopping = false;
    bool m_reload = false;
};

} // namespace iked
