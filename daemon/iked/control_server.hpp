// ControlServer: iked's end of the control socket (control_protocol.hpp).
// Non-blocking and driven by the daemon's poll loop: fds() to poll, handle()
// when one is readable. A complete request goes to the handler with a Reply,
// which the daemon may keep and write to later (`up` streams the negotiation
// log until the connection is established or has failed).
//
// Who may talk to iked: the socket file is created with `mode` and `group`
// (0660, root's group by default), and every client is checked again with
// SO_PEERCRED: root, the daemon's own user, or a member of `group` by its
// primary group id. Others get "permission denied" and exit status 4.
#pragma once

#include "common/result.hpp"
#include "control_protocol.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace iked {

using ipsec::Error;
using ipsec::Result;

// Exit statuses of ikectl (documented in ikectl(8)).
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int failed = 1;     // the operation failed (not established, unknown conn)
inline constexpr int usage = 2;      // bad command line
inline constexpr int no_daemon = 3;  // iked is not running / the socket cannot be reached
inline constexpr int permission = 4; // not allowed to talk to iked
} // namespace exit_code

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
        mode_t mode = 0660;
        std::optional<gid_t> group; // default: the daemon's group
    };

    static Result<ControlServer> open(const Options& options, Handler handler);

    ControlServer(ControlServer&& other) noexcept;
    ControlServer& operator=(ControlServer&&) = delete;
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;
    ~ControlServer(); // closes the clients and removes the socket file

    // The listening socket and the clients still sending their request.
    std::vector<int> fds() const;
    // Call when `fd` (one of fds()) is readable.
    void handle(int fd);

    const std::string& path() const { return m_options.path; }

private:
    ControlServer(Options options, Handler handler)
        : m_options(std::move(options)), m_handler(std::move(handler)) {}
    void accept_client();
    void read_client(int fd);

    struct Pending {
        std::string buffer;
        uid_t uid = 0;
        gid_t gid = 0;
        pid_t pid = 0;
    };
    Options m_options;
    Handler m_handler;
    int m_listen = -1;
    gid_t m_group = 0;
    std::map<int, Pending> m_pending;
};

} // namespace iked
