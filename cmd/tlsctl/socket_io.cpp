// SPDX-License-Identifier: GPL-2.0-or-later
#include "socket_io.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <functional>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tlsctl {
namespace {

// The addresses getaddrinfo found for where (gai_rc, list; freed here) in
// turn: a new socket for each, kept when use(fd, address) succeeds. The error
// names what (as "connect to host:port").
ipsec::Result<int> first_usable_socket(int gai_rc, addrinfo* list, const HostPort& where,
                                       const std::string& what,
                                       const std::function<bool(int, const addrinfo&)>& use) {
    if (gai_rc != 0)
        return ipsec::Error::plain("cannot resolve '" + where.host + "'", gai_strerror(gai_rc));
    int last_errno = 0;
    int fd = -1;
    for (addrinfo* ai = list; ai; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        if (use(fd, *ai))
            break;
        last_errno = errno;
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(list);
    if (fd < 0)
        return ipsec::Error::os(last_errno, what);
    return fd;
}

} // namespace

ipsec::Result<HostPort> parse_host_port(const std::string& text, const std::string& default_host,
                                        const std::string& default_port) {
    HostPort out{default_host, default_port};
    if (text.empty())
        return out;
    if (text[0] == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos)
            return ipsec::Error::plain("'" + text + "': missing ']' after the IPv6 address");
        out.host = text.substr(1, close - 1);
        if (close + 1 < text.size()) {
            if (text[close + 1] != ':')
                return ipsec::Error::plain("'" + text + "': expected ':' after ']'");
            out.port = text.substr(close + 2);
        }
    } else {
        const auto colon = text.rfind(':');
        const bool all_digits = text.find_first_not_of("0123456789") == std::string::npos;
        if (colon == std::string::npos) {
            if (all_digits)
                out.port = text;
            else
                out.host = text;
        } else {
            if (colon > 0)
                out.host = text.substr(0, colon);
            out.port = text.substr(colon + 1);
        }
    }
    if (out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(out.port) == 0 || std::stoul(out.port) > 65535)
        return ipsec::Error::plain("'" + text + "': the port must be a number 1..65535");
    return out;
}

void set_nodelay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

ipsec::Result<int> tcp_connect(const HostPort& where) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const int rc = ::getaddrinfo(where.host.c_str(), where.port.c_str(), &hints, &list);
    return first_usable_socket(rc, list, where, "connect to " + where.host + ":" + where.port,
                               [](int s, const addrinfo& ai) {
                                   set_nodelay(s);
                                   return ::connect(s, ai.ai_addr, ai.ai_addrlen) == 0;
                               });
}

ipsec::Result<int> tcp_listen(const HostPort& where) {
    addrinfo hints{};
    hints.ai_family = where.host.empty() ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* list = nullptr;
    int rc = ::getaddrinfo(where.host.empty() ? nullptr : where.host.c_str(), where.port.c_str(),
                           &hints, &list);
    if (rc != 0 && where.host.empty()) {
        hints.ai_family = AF_INET; // no IPv6 on this machine
        rc = ::getaddrinfo(nullptr, where.port.c_str(), &hints, &list);
    }
    return first_usable_socket(
        rc, list, where, "listen on port " + where.port, [](int s, const addrinfo& ai) {
            int one = 1;
            ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            if (ai.ai_family == AF_INET6) {
                int zero = 0;
                ::setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
            }
            return ::bind(s, ai.ai_addr, ai.ai_addrlen) == 0 && ::listen(s, 128) == 0;
        });
}

bool send_all(int fd, const uint8_t* data, size_t size) {
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::send(fd, data + done, size - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

bool is_ip_literal(const std::string& text) {
    in6_addr a6{};
    in_addr a4{};
    return ::inet_pton(AF_INET, text.c_str(), &a4) == 1 ||
           ::inet_pton(AF_INET6, text.c_str(), &a6) == 1;
}

} // namespace tlsctl
