#include "control_server.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace iked {

// ---------------------------------------------------------------------------
// Reply

bool ControlServer::Reply::write(control::LineKind kind, const std::string& text) {
    if (m_fd < 0)
        return false;
    const std::string line = control::encode(kind, text);
    std::size_t off = 0;
    while (off < line.size()) {
        const ssize_t n = ::send(m_fd, line.data() + off, line.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) { // gone, or too slow (SO_SNDTIMEO): drop the client
            ::close(m_fd);
            m_fd = -1;
            return false;
        }
        off += static_cast<std::size_t>(n);
    }
    return true;
}

void ControlServer::Reply::finish(int rc) {
    if (m_fd < 0)
        return;
    write(control::LineKind::result, std::to_string(rc));
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

ControlServer::Reply::~Reply() {
    // A reply dropped without finish(): the operation was abandoned.
    finish(exit_code::failed);
}

// ---------------------------------------------------------------------------
// ControlServer

Result<ControlServer> ControlServer::open(const Options& options, Handler handler) {
    sockaddr_un sun{};
    if (options.path.empty() || options.path.size() >= sizeof(sun.sun_path))
        return Error::plain("control socket path \"" + options.path +
                            "\" is empty or longer than " +
                            std::to_string(sizeof(sun.sun_path) - 1) + " bytes");
    ControlServer s(options, std::move(handler));
    s.m_group = options.group.value_or(::getegid());
    s.m_listen = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s.m_listen < 0)
        return Error::os(errno, "cannot create the control socket");
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, options.path.c_str(), options.path.size());

    // A socket file left by a daemon that died is removed; a live one is not.
    const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe >= 0) {
        const bool live = ::connect(probe, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)) == 0;
        ::close(probe);
        if (live)
            return Error::os(EADDRINUSE, "control socket " + options.path + " is in use",
                             "is iked already running? (ikectl status)");
    }
    ::unlink(options.path.c_str());
    // Created with no permissions at all, then opened up to `mode`: no window
    // in which others could connect.
    const mode_t old = ::umask(0777);
    const int rc = ::bind(s.m_listen, reinterpret_cast<sockaddr*>(&sun), sizeof(sun));
    const int bind_errno = errno;
    ::umask(old);
    if (rc != 0)
        return Error::os(bind_errno, "cannot create the control socket " + options.path);
    if (::chown(options.path.c_str(), ::geteuid(), s.m_group) != 0 ||
        ::chmod(options.path.c_str(), options.mode) != 0) {
        const int e = errno;
        ::unlink(options.path.c_str());
        return Error::os(e, "cannot set the owner and mode of " + options.path);
    }
    if (::listen(s.m_listen, 16) != 0) {
        const int e = errno;
        ::unlink(options.path.c_str());
        return Error::os(e, "cannot listen on " + options.path);
    }
    return s;
}

ControlServer::ControlServer(ControlServer&& other) noexcept
    : m_options(std::move(other.m_options)), m_handler(std::move(other.m_handler)),
      m_listen(other.m_listen), m_group(other.m_group), m_pending(std::move(other.m_pending)) {
    other.m_listen = -1;
    other.m_pending.clear();
}

ControlServer::~ControlServer() {
    for (const auto& [fd, p] : m_pending)
        ::close(fd);
    if (m_listen >= 0) {
        ::close(m_listen);
        ::unlink(m_options.path.c_str());
    }
}

std::vector<int> ControlServer::fds() const {
    std::vector<int> out;
    if (m_listen >= 0)
        out.push_back(m_listen);
    for (const auto& [fd, p] : m_pending)
        out.push_back(fd);
    return out;
}

void ControlServer::handle(int fd) {
    if (fd == m_listen)
        accept_client();
    else if (m_pending.count(fd))
        read_client(fd);
}

void ControlServer::accept_client() {
    for (;;) {
        const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; // EAGAIN: no more, or a client that went away
        ucred cred{};
        socklen_t len = sizeof(cred);
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
            ::close(fd);
            continue;
        }
        m_pending[fd] = Pending{{}, cred.uid, cred.gid, cred.pid};
    }
}

void ControlServer::read_client(int fd) {
    Pending& p = m_pending[fd];
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        ::close(fd);
        m_pending.erase(fd);
        return;
    }
    p.buffer.append(buf, static_cast<std::size_t>(n));
    const std::size_t nl = p.buffer.find('\n');
    if (nl == std::string::npos && p.buffer.size() <= control::kMaxLine)
        return; // more to come

    // From here on the client gets a blocking socket with a send timeout.
    const Pending client = std::move(p);
    m_pending.erase(fd);
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    auto reply = ReplyPtr(new Reply(fd));
    if (nl == std::string::npos) {
        reply->error("request longer than " + std::to_string(control::kMaxLine) + " bytes");
        reply->finish(exit_code::usage);
        return;
    }
    const bool allowed = client.uid == 0 || client.uid == ::geteuid() || client.gid == m_group;
    if (!allowed) {
        reply->error("permission denied: uid " + std::to_string(client.uid) +
                     " is not root and not in iked's control group");
        reply->finish(exit_code::permission);
        return;
    }
    auto words = control::split_request(std::string_view(client.buffer).substr(0, nl));
    if (!words) {
        reply->error("malformed request line");
        reply->finish(exit_code::usage);
        return;
    }
    m_handler(Request{std::move(*words), client.uid, client.pid}, reply);
}

} // namespace iked
