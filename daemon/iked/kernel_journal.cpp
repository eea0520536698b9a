// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernel_journal.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <span>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace iked {

namespace {

class Writer {
public:
    template <typename T>
    void put(const T& value) {
        const auto* p = reinterpret_cast<const std::uint8_t*>(&value);
        m_out.insert(m_out.end(), p, p + sizeof(T));
    }
    void put(const ipxf::Address& a) {
        put(a.family);
        m_out.insert(m_out.end(), a.bytes.begin(), a.bytes.end());
    }
    template <typename T>
    void put(const std::optional<T>& value) {
        put(static_cast<std::uint8_t>(value.has_value()));
        if (value)
            put(*value);
    }
    void put(const ipxf::Mark& m) {
        put(m.value);
        put(m.mask);
    }
    void put(const ipxf::Selector& s) {
        put(s.saddr);
        put(s.daddr);
        put(s.family);
        put(s.prefixlen_s);
        put(s.prefixlen_d);
        put(s.proto);
        put(s.sport);
        put(s.sport_mask);
        put(s.dport);
        put(s.dport_mask);
        put(s.ifindex);
        put(s.user);
    }
    std::vector<std::uint8_t> take() { return std::move(m_out); }

private:
    std::vector<std::uint8_t> m_out;
};

// Reads what Writer wrote; any shortfall makes ok() false and the rest zero.
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> in) : m_in(in) {}
    template <typename T>
    void get(T& value) {
        if (m_in.size() - m_at < sizeof(T)) {
            m_ok = false;
            value = T{};
            return;
        }
        std::memcpy(&value, m_in.data() + m_at, sizeof(T));
        m_at += sizeof(T);
    }
    void get(ipxf::Address& a) {
        get(a.family);
        for (auto& b : a.bytes)
            get(b);
    }
    template <typename T>
    void get(std::optional<T>& value) {
        std::uint8_t present = 0;
        get(present);
        value.reset();
        if (present) {
            T v{};
            get(v);
            value = v;
        }
    }
    void get(ipxf::Mark& m) {
        get(m.value);
        get(m.mask);
    }
    void get(ipxf::Selector& s) {
        get(s.saddr);
        get(s.daddr);
        get(s.family);
        get(s.prefixlen_s);
        get(s.prefixlen_d);
        get(s.proto);
        get(s.sport);
        get(s.sport_mask);
        get(s.dport);
        get(s.dport_mask);
        get(s.ifindex);
        get(s.user);
    }
    bool ok() const { return m_ok && m_at == m_in.size(); }

private:
    std::span<const std::uint8_t> m_in;
    std::size_t m_at = 0;
    bool m_ok = true;
};

bool same_state(const ipxf::StateId& a, const ipxf::StateId& b) {
    return a.daddr == b.daddr && a.spi == b.spi && a.proto == b.proto;
}

bool same_policy(const ipxf::PolicyId& a, const ipxf::PolicyId& b) {
    return a.sel == b.sel && a.dir == b.dir && a.mark == b.mark;
}

bool write_all(int fd, const std::vector<std::uint8_t>& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

std::vector<std::uint8_t> KernelJournal::encode(const ipxf::StateId& id) {
    Writer w;
    w.put(id.daddr);
    w.put(id.spi);
    w.put(id.family);
    w.put(id.proto);
    w.put(id.saddr);
    w.put(id.mark);
    w.put(id.if_id);
    return w.take();
}

std::vector<std::uint8_t> KernelJournal::encode(const ipxf::PolicyId& id) {
    Writer w;
    w.put(id.sel);
    w.put(id.dir);
    w.put(id.ptype);
    w.put(id.mark);
    w.put(id.if_id);
    return w.take();
}

std::vector<std::uint8_t> KernelJournal::encode(const Route& r) {
    Writer w;
    w.put(r.dst);
    w.put(r.prefix);
    return w.take();
}

std::vector<std::uint8_t> KernelJournal::record(Kind kind, const std::vector<std::uint8_t>& body) {
    std::vector<std::uint8_t> out;
    out.reserve(3 + body.size());
    out.push_back(static_cast<std::uint8_t>(kind));
    auto length = static_cast<std::uint16_t>(body.size());
    out.push_back(static_cast<std::uint8_t>(length >> 8));
    out.push_back(static_cast<std::uint8_t>(length & 0xff));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

KernelJournal::Contents KernelJournal::replay(const std::vector<std::uint8_t>& log) {
    Contents c;
    std::size_t at = 0;
    while (log.size() - at >= 3) {
        auto kind = static_cast<Kind>(log[at]);
        std::size_t length = (std::size_t(log[at + 1]) << 8) | log[at + 2];
        if (log.size() - at - 3 < length)
            break; // torn last record
        std::span<const std::uint8_t> body(log.data() + at + 3, length);
        at += 3 + length;
        Reader r(body);
        switch (kind) {
        case Kind::sa_add:
        case Kind::sa_del: {
            ipxf::StateId id;
            r.get(id.daddr);
            r.get(id.spi);
            r.get(id.family);
            r.get(id.proto);
            r.get(id.saddr);
            r.get(id.mark);
            r.get(id.if_id);
            if (!r.ok())
                continue;
            std::erase_if(c.states, [&](const ipxf::StateId& s) { return same_state(s, id); });
            if (kind == Kind::sa_add)
                c.states.push_back(id);
            break;
        }
        case Kind::policy_add:
        case Kind::policy_del: {
            ipxf::PolicyId id;
            r.get(id.sel);
            r.get(id.dir);
            r.get(id.ptype);
            r.get(id.mark);
            r.get(id.if_id);
            if (!r.ok())
                continue;
            std::erase_if(c.policies, [&](const ipxf::PolicyId& p) { return same_policy(p, id); });
            if (kind == Kind::policy_add)
                c.policies.push_back(id);
            break;
        }
        case Kind::route_add:
        case Kind::route_del: {
            Route route;
            r.get(route.dst);
            r.get(route.prefix);
            if (!r.ok())
                continue;
            std::erase(c.routes, route);
            if (kind == Kind::route_add)
                c.routes.push_back(route);
            break;
        }
        default:
            break; // a kind of a later version: skipped
        }
    }
    return c;
}

ipsec::Result<KernelJournal> KernelJournal::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return ipsec::Error::os(errno, "cannot open the kernel journal " + path +
                                           (errno == ELOOP ? " (it is a symbolic link)" : ""));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return ipsec::Error::plain("the kernel journal " + path + " is not a regular file");
    }
    // One daemon per journal: a second one must not take the first one's SAs
    // for leftovers. The lock goes with the process, so a crash frees it.
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        ::close(fd);
        return ipsec::Error::os(e, "the kernel journal " + path +
                                       " is locked: another iked uses it (is one running?)");
    }
    return KernelJournal(fd, path);
}

KernelJournal::KernelJournal(KernelJournal&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)),
      m_records(other.m_records) {}

KernelJournal& KernelJournal::operator=(KernelJournal&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
        m_records = other.m_records;
    }
    return *this;
}

KernelJournal::~KernelJournal() {
    if (m_fd >= 0)
        ::close(m_fd);
}

KernelJournal::Contents KernelJournal::read() const {
    std::vector<std::uint8_t> log;
    std::uint8_t buffer[65536];
    for (off_t offset = 0;;) {
        ssize_t n = ::pread(m_fd, buffer, sizeof buffer, offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        log.insert(log.end(), buffer, buffer + n);
        offset += n;
    }
    return replay(log);
}

void KernelJournal::clear() {
    if (m_fd >= 0 && ::ftruncate(m_fd, 0) == 0)
        m_records = 0;
}

void KernelJournal::append(Kind kind, const std::vector<std::uint8_t>& body) {
    if (m_fd < 0)
        return;
    if (write_all(m_fd, record(kind, body)))
        ++m_records;
}

void KernelJournal::compact(const Contents& live) {
    std::size_t size = live.states.size() + live.policies.size() + live.routes.size();
    if (m_fd < 0 || m_records < 256 || m_records < 4 * size)
        return;
    std::vector<std::uint8_t> log;
    for (const auto& s : live.states) {
        auto r = record(Kind::sa_add, encode(s));
        log.insert(log.end(), r.begin(), r.end());
    }
    for (const auto& p : live.policies) {
        auto r = record(Kind::policy_add, encode(p));
        log.insert(log.end(), r.begin(), r.end());
    }
    for (const auto& route : live.routes) {
        auto r = record(Kind::route_add, encode(route));
        log.insert(log.end(), r.begin(), r.end());
    }
    // A new file renamed over the old one: a crash leaves one or the other whole.
    std::string tmp = m_path + ".new";
    ::unlink(tmp.c_str());
    int fd =
        ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || !write_all(fd, log) ||
        ::rename(tmp.c_str(), m_path.c_str()) != 0) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return;
    }
    ::close(m_fd);
    m_fd = fd;
    m_records = size;
}

} // namespace iked
