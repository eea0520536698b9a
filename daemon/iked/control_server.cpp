// SPDX-License-Identifier: GPL-2.0-or-later
#include "control_server.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
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

// What is at the path before binding: nothing, or a socket no daemon
// listens on (removed). Never followed: lstat, and unlink removes a link
// itself, not its target.
Result<void> ControlServer::clear_path() const {
    const std::string& path = m_options.path;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            return ipsec::success();
        return Error::os(errno, "cannot check " + path);
    }
    if (S_ISLNK(st.st_mode))
        return Error::plain(path + " is a symbolic link: refusing to follow it or replace it");
    if (!S_ISSOCK(st.st_mode))
        return Error::plain(path + " exists and is not a socket: refusing to replace it");
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, path.c_str(), path.size());
    const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe >= 0) {
        const bool live = ::connect(probe, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)) == 0;
        ::close(probe);
        if (live)
            return Error::os(EADDRINUSE, "control socket " + path + " is in use",
                             "is iked already running? (ikectl status)");
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return Error::os(errno, "cannot remove the stale control socket " + path);
    return ipsec::success();
}

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
    s.m_timer = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (s.m_timer < 0)
        return Error::os(errno, "cannot create the control socket's timer");
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, options.path.c_str(), options.path.size());
    if (auto r = s.clear_path(); !r)
        return r.error();

    // bind() creates the file with the umask applied: it is born with `mode`
    // (and the daemon's group), so there is no window with wider permissions
    // and no chmod by path that a swapped-in symbolic link could redirect.
    const mode_t old = ::umask(0777 & ~(options.mode & 0777));
    const int rc = ::bind(s.m_listen, reinterpret_cast<sockaddr*>(&sun), sizeof(sun));
    const int bind_errno = errno;
    ::umask(old);
    if (rc != 0)
        return Error::os(bind_errno, "cannot create the control socket " + options.path);
    s.m_created = true; // from here on the file is ours: the destructor removes it
    if (s.m_group != ::getegid() &&
        ::fchownat(AT_FDCWD, options.path.c_str(), static_cast<uid_t>(-1), s.m_group,
                   AT_SYMLINK_NOFOLLOW) != 0) {
        const int e = errno;
        return Error::os(e,
                         "cannot give " + options.path + " to group " + std::to_string(s.m_group));
    }
    if (::listen(s.m_listen, 16) != 0) {
        const int e = errno;
        return Error::os(e, "cannot listen on " + options.path);
    }
    return s;
}

ControlServer::ControlServer(ControlServer&& other) noexcept
    : m_options(std::move(other.m_options)), m_handler(std::move(other.m_handler)),
      m_listen(other.m_listen), m_timer(other.m_timer), m_created(other.m_created),
      m_group(other.m_group), m_pending(std::move(other.m_pending)) {
    other.m_listen = -1;
    other.m_created = false;
    other.m_timer = -1;
    other.m_pending.clear();
}

ControlServer::~ControlServer() {
    for (const auto& [fd, p] : m_pending)
        ::close(fd);
    if (m_timer >= 0)
        ::close(m_timer);
    if (m_listen >= 0)
        ::close(m_listen);
    // Only a file this server created: never a live daemon's socket or a link
    // found at the path.
    if (m_created)
        ::unlink(m_options.path.c_str());
}

std::vector<int> ControlServer::fds() const {
    std::vector<int> out;
    if (m_listen >= 0)
        out.push_back(m_listen);
    if (m_timer >= 0)
        out.push_back(m_timer);
    for (const auto& [fd, p] : m_pending)
        out.push_back(fd);
    return out;
}

void ControlServer::handle(int fd) {
    if (fd == m_listen)
        accept_client();
    else if (fd == m_timer)
        expire_pending();
    else if (m_pending.count(fd))
        read_client(fd);
}

// Root, the daemon's own user, or a member of the control group by its
// primary group or any supplementary one (SO_PEERGROUPS: the groups the
// client had when it connected).
bool ControlServer::allowed(int fd, const ucred& cred) const {
    if (cred.uid == 0 || cred.uid == ::geteuid() || cred.gid == m_group)
        return true;
    std::vector<gid_t> groups(64);
    for (int attempt = 0; attempt < 2; ++attempt) {
        socklen_t len = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &len) == 0) {
            groups.resize(len / sizeof(gid_t));
            return std::find(groups.begin(), groups.end(), m_group) != groups.end();
        }
        if (errno != ERANGE || len / sizeof(gid_t) <= groups.size())
            return false;
        groups.resize(len / sizeof(gid_t)); // the kernel said how many there are
    }
    return false;
}

void ControlServer::accept_client() {
    for (;;) {
        const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; // EAGAIN: no more, or a client that went away
        ucred cred{};
        socklen_t len = sizeof(cred);
        if (m_pending.size() >= m_options.max_pending ||
            ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
            ::close(fd);
            continue;
        }
        m_pending[fd] = Pending{{},
                                cred.uid,
                                cred.pid,
                                allowed(fd, cred),
                                std::chrono::steady_clock::now() + m_options.request_timeout};
    }
    arm_timer();
}

void ControlServer::drop_pending(int fd) {
    ::close(fd);
    m_pending.erase(fd);
}

void ControlServer::arm_timer() {
    itimerspec spec{}; // all zero: disarmed
    if (!m_pending.empty()) {
        auto first = m_pending.begin()->second.deadline;
        for (const auto& [fd, p] : m_pending)
            first = std::min(first, p.deadline);
        const auto wait = std::max<std::chrono::nanoseconds>(
            first - std::chrono::steady_clock::now(), std::chrono::milliseconds(1));
        spec.it_value.tv_sec = static_cast<time_t>(wait.count() / 1000000000);
        spec.it_value.tv_nsec = static_cast<long>(wait.count() % 1000000000);
    }
    ::timerfd_settime(m_timer, 0, &spec, nullptr);
}

void ControlServer::expire_pending() {
    std::uint64_t expirations = 0;
    while (::read(m_timer, &expirations, sizeof expirations) > 0) {
    }
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->second.deadline <= now) {
            ::close(it->first);
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    arm_timer();
}

void ControlServer::read_client(int fd) {
    Pending& p = m_pending[fd];
    // Never more than one byte past the limit: enough to know it is too long.
    char buf[control::kMaxRequest + 1];
    const ssize_t n = ::recv(fd, buf, sizeof(buf) - p.buffer.size(), 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        drop_pending(fd);
        arm_timer();
        return;
    }
    p.buffer.append(buf, static_cast<std::size_t>(n));
    const std::size_t nl = p.buffer.find('\n');
    if (nl == std::string::npos && p.buffer.size() <= control::kMaxRequest)
        return; // more to come

    const Pending client = std::move(p);
    m_pending.erase(fd);
    arm_timer();
    // Refusals are written while the socket is still non-blocking: a client
    // that does not read them loses them, the daemon never waits.
    auto reply = ReplyPtr(new Reply(fd));
    if (nl == std::string::npos || nl > control::kMaxRequest) {
        reply->error("request longer than " + std::to_string(control::kMaxRequest) + " bytes");
        reply->finish(exit_code::usage);
        return;
    }
    if (!client.allowed) {
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
    // The handler's replies may stream for a while (`up`): a blocking socket
    // with a send timeout from here on.
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    m_handler(Request{std::move(*words), client.uid, client.pid}, reply);
}

} // namespace iked
