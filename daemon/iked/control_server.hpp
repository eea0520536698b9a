// SPDX-License-Identifier: GPL-2.0-or-later
// ControlServer: iked's end of the control socket (control_protocol.hpp).
// Non-blocking and driven by the daemon's poll loop: fds() to poll, handle()
// when one is readable. A complete request goes to the handler with a Reply,
// which the daemon may keep and write to later (`up` streams the negotiation
// log until the connection is established or has failed).
//
// Who may talk to iked: the socket file is created with `mode` and `group`
// (0600, the daemon's group, by default), and every client is checked again
// with SO_PEERCRED and SO_PEERGROUPS: root, the daemon's own user, or a member
// of `group` by its primary or any of its supplementary groups. Others get
// "permission denied" and exit status 4.
//
// The path is never followed: a symbolic link or any other non-socket file
// there is refused, a socket left by a daemon that died is replaced, a live one
// is not. A client has `request_timeout` to send its request line (at most
// control::kMaxRequest bytes) and at most `max_pending` wait at once; one
// that is too slow or too long is cut off, without the daemon ever waiting
// for it (a timerfd among fds() expires them).
#pragma once

#include "common/result.hpp"
#include "control/control_protocol.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/types.h>
#include <vector>

namespace iked {

using ipsec::Error;
using ipsec::Result;

// Exit statuses of ikectl (documented in ikectl(8)).
class ControlServer {
public:
    class Reply {
    public:
        // Each returns false once the client has gone away.
        bool log(const std::string& text) { return write(control::LineKind::log, text); }
        bool output(const std::string& text) { return write(control::LineKind::output, text); }
        bool error(const std::string& text) { return write(control::LineKind::error, text); }
        // Sends "R rc" and closes the connection; later writes are ignored.
        void finish(int rc);
        bool open() const { return m_fd >= 0; }
        ~Reply();

    private:
        friend class ControlServer;
        explicit Reply(int fd) : m_fd(fd) {}
        bool write(control::LineKind kind, const std::string& text);
        int m_fd = -1;
    };
    using ReplyPtr = std::shared_ptr<Reply>;

    struct Request {
        std::vector<std::string> words; // verb and arguments
        uid_t uid = 0;                  // the client's, from SO_PEERCRED
        pid_t pid = 0;
    };
    using Handler = std::function<void(const Request&, const ReplyPtr&)>;

    struct Options {
        std::string path = control::kDefaultSocket;
        mode_t mode = 0600;
        std::optional<gid_t> group; // default: the daemon's group
        std::chrono::milliseconds request_timeout{5000};
        std::size_t max_pending = 32;
    };

    static Result<ControlServer> open(const Options& options, Handler handler);

    ControlServer(ControlServer&& other) noexcept;
    ControlServer& operator=(ControlServer&&) = delete;
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;
    ~ControlServer(); // closes the clients and removes the socket file

    // The listening socket, the clients still sending their request and the
    // timer that cuts off the slow ones.
    std::vector<int> fds() const;
    // Call when `fd` (one of fds()) is readable.
    void handle(int fd);

    const std::string& path() const { return m_options.path; }

private:
    ControlServer(Options options, Handler handler)
        : m_options(std::move(options)), m_handler(std::move(handler)) {}
    Result<void> clear_path() const;
    void accept_client();
    void read_client(int fd);
    bool allowed(int fd, const ucred& cred) const;
    void expire_pending();
    void arm_timer();
    void drop_pending(int fd);

    struct Pending {
        std::string buffer;
        uid_t uid = 0;
        pid_t pid = 0;
        bool allowed = false;
        std::chrono::steady_clock::time_point deadline;
    };
    Options m_options;
    Handler m_handler;
    int m_listen = -1;
    int m_timer = -1;       // timerfd, armed for the earliest pending deadline
    bool m_created = false; // the socket file is ours: removed by the destructor
    gid_t m_group = 0;
    std::map<int, Pending> m_pending;
};

} // namespace iked
