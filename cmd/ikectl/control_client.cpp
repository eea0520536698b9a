// SPDX-License-Identifier: GPL-2.0-or-later
#include "control_client.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace ikectl {

using iked::control::Line;
using iked::control::LineKind;

std::variant<int, ClientError> request(const std::string& socket_path,
                                       const std::vector<std::string>& words,
                                       const std::function<void(const Line&)>& on_line) {
    sockaddr_un sun{};
    if (socket_path.size() >= sizeof(sun.sun_path))
        return ClientError{iked::exit_code::usage,
                           "control socket path \"" + socket_path + "\" is too long"};
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return ClientError{iked::exit_code::no_daemon,
                           std::string("cannot create a socket: ") + std::strerror(errno)};
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, socket_path.c_str(), socket_path.size());
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)) != 0) {
        const int e = errno;
        ::close(fd);
        if (e == EACCES || e == EPERM)
            return ClientError{iked::exit_code::permission,
                               "permission denied on " + socket_path +
                                   ": talking to iked needs root or iked's control group"};
        return ClientError{iked::exit_code::no_daemon, "iked is not running (" + socket_path +
                                                           ": " + std::strerror(e) +
                                                           "); start it with `ikectl start`"};
    }
    std::string req;
    for (const std::string& w : words)
        req += (req.empty() ? "" : " ") + w;
    if (req.size() > iked::control::kMaxRequest) {
        ::close(fd);
        return ClientError{iked::exit_code::usage, "request longer than " +
                                                       std::to_string(iked::control::kMaxRequest) +
                                                       " bytes"};
    }
    req += '\n';
    for (std::size_t off = 0; off < req.size();) {
        const ssize_t n = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::close(fd);
            return ClientError{iked::exit_code::no_daemon, "iked closed the control connection"};
        }
        off += static_cast<std::size_t>(n);
    }
    std::string buffer;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        std::size_t nl;
        while ((nl = buffer.find('\n')) != std::string::npos) {
            const auto line = iked::control::decode(std::string_view(buffer).substr(0, nl));
            if (line) {
                if (line->kind == LineKind::result) {
                    ::close(fd);
                    try {
                        return std::stoi(line->text);
                    } catch (...) {
                        return iked::exit_code::failed;
                    }
                }
                on_line(*line);
            }
            buffer.erase(0, nl + 1);
        }
    }
    ::close(fd);
    on_line(Line{LineKind::error, "iked closed the connection without a result"});
    return iked::exit_code::failed;
}

} // namespace ikectl
