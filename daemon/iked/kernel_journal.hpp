// SPDX-License-Identifier: GPL-2.0-or-later
// KernelJournal: what iked has put into the kernel, kept in a file, so that an
// iked started after a crash (or SIGKILL) removes what its predecessor left:
// SAs, policies and the table-220 routes. Without it the old policies stay in
// the kernel without a lifetime and the new daemon's own adds fail with EEXIST.
//
// The file is an append-only log of records, written before the kernel call
// for an add and after it for a removal, so that whatever may be in the kernel
// is always in the file. A record: kind (1 octet), length (2 octets, host
// order), body. A torn last record (a crash in the middle of a write) is
// ignored. Replaying the log gives the set that may still be in the kernel;
// when the log holds far more records than that set, it is rewritten.
#pragma once

#include "common/result.hpp"
#include "xfrm/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace iked {

class KernelJournal {
public:
    struct Route {
        ipxf::Address dst;
        std::uint8_t prefix = 0;
        bool operator==(const Route&) const = default;
    };
    // What a log says may be in the kernel.
    struct Contents {
        std::vector<ipxf::StateId> states;
        std::vector<ipxf::PolicyId> policies;
        std::vector<Route> routes;
        bool empty() const { return states.empty() && policies.empty() && routes.empty(); }
    };

    // Opens (creates, mode 0600) the journal at `path`; refuses a symlink or
    // a file that is not a regular file.
    static ipsec::Result<KernelJournal> open(const std::string& path);
    KernelJournal(KernelJournal&& other) noexcept;
    KernelJournal& operator=(KernelJournal&& other) noexcept;
    KernelJournal(const KernelJournal&) = delete;
    KernelJournal& operator=(const KernelJournal&) = delete;
    ~KernelJournal();

    // The replayed contents of the file as it was opened.
    Contents read() const;
    // Empties the file (after the leftovers are removed, or at a clean exit).
    void clear();

    void added(const ipxf::StateId& id) { append(Kind::sa_add, encode(id)); }
    void removed(const ipxf::StateId& id) { append(Kind::sa_del, encode(id)); }
    void added(const ipxf::PolicyId& id) { append(Kind::policy_add, encode(id)); }
    void removed(const ipxf::PolicyId& id) { append(Kind::policy_del, encode(id)); }
    void added(const Route& r) { append(Kind::route_add, encode(r)); }
    void removed(const Route& r) { append(Kind::route_del, encode(r)); }

    // Rewrites the log as `live` when it has grown past four times its size.
    void compact(const Contents& live);

    std::size_t records() const { return m_records; }
    const std::string& path() const { return m_path; }

    // The body encodings, public for the unit tests.
    static std::vector<std::uint8_t> encode(const ipxf::StateId& id);
    static std::vector<std::uint8_t> encode(const ipxf::PolicyId& id);
    static std::vector<std::uint8_t> encode(const Route& r);
    // The contents of a log's bytes (any bytes: bounds are checked).
    static Contents replay(const std::vector<std::uint8_t>& log);

private:
    enum class Kind : std::uint8_t {
        sa_add = 1,
        sa_del = 2,
        policy_add = 3,
        policy_del = 4,
        route_add = 5,
        route_del = 6,
    };
    KernelJournal(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
    void append(Kind kind, const std::vector<std::uint8_t>& body);
    static std::vector<std::uint8_t> record(Kind kind, const std::vector<std::uint8_t>& body);

    int m_fd = -1;
    std::string m_path;
    std::size_t m_records = 0;
};

} // namespace iked
