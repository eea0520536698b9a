// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls13_link.hpp"

#include "socket_io.hpp"
#include "tls13_screens.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace tlsctl {

Tls13Link::Tls13Link(int fd, tls13::Engine& engine, EventSink sink)
    : m_fd(fd), m_engine(engine), m_sink(std::move(sink)) {}

bool Tls13Link::flush() {
    const tls13::Bytes out = m_engine.take_output();
    return out.empty() || send_all(m_fd, out.data(), out.size());
}

void Tls13Link::dispatch() {
    for (const auto& e : m_engine.take_events()) {
        if (std::holds_alternative<tls13::HandshakeDone>(e))
            m_done = true;
        m_sink(e);
    }
}

Tls13Link::Read Tls13Link::read_once(int timeout_ms) {
    pollfd p{m_fd, POLLIN, 0};
    int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR)
        return Read::timeout;
    if (n == 0)
        return Read::timeout;
    uint8_t buf[16384];
    const ssize_t got = ::read(m_fd, buf, sizeof buf);
    if (got <= 0)
        return Read::eof;
    auto r = m_engine.receive(tls13::ByteView(buf, static_cast<size_t>(got)));
    flush();
    dispatch();
    if (!r) {
        m_error = r.error();
        return Read::failed;
    }
    return Read::data;
}

bool Tls13Link::handshake(int timeout_ms) {
    flush();
    dispatch();
    while (!m_done) {
        const Read r = read_once(timeout_ms);
        if (r == Read::failed)
            return false;
        if (r == Read::eof || r == Read::timeout) {
            m_error = ipsec::Error::plain(
                r == Read::eof ? "the peer closed the connection during the handshake"
                               : "handshake timed out");
            return false;
        }
    }
    return true;
}

ipsec::Result<void> KeyLog::open(const std::string& path) {
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (m_fd < 0)
        return ipsec::Error::os(errno, "-keylogfile '" + path + "'");
    return ipsec::success();
}

void KeyLog::write(const tls13::SecretDerived& secret) {
    if (m_fd < 0)
        return;
    const std::string line = keylog_line(secret) + "\n";
    if (::write(m_fd, line.data(), line.size()) < 0) {
        // a full disk loses the key log, not the connection
    }
}

} // namespace tlsctl
