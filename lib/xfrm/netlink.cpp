// SPDX-License-Identifier: GPL-2.0-or-later
// libipxf's XFRM netlink client on libnl-3 core: a NETLINK_XFRM socket from
// libnl, messages built by the codec (netlink_codec.cpp), and a receive loop of
// our own over a large buffer so dumps of 100k entries stay fast.
#include "xfrm/netlink.hpp"

#include "xfrm/netlink_codec.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <mutex>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

namespace ipxf {

using detail::MsgPtr;

namespace {

constexpr std::size_t kRecvBuffer = 1 << 20;  // our user-space receive buffer
constexpr int kSocketRecvBuffer = 32 << 20;   // SO_RCVBUF(FORCE) asked for
constexpr int kSocketSendBuffer = 4 << 20;    // SO_SNDBUF(FORCE) asked for
constexpr std::size_t kChunkBytes = 64 << 10; // bytes per bulk send()
constexpr std::size_t kErrorReplyCost = 1280; // receive buffer one error reply may take

void set_buffer(int fd, int force_opt, int opt, int size) {
    if (setsockopt(fd, SOL_SOCKET, force_opt, &size, sizeof(size)) != 0)
        setsockopt(fd, SOL_SOCKET, opt, &size, sizeof(size));
}

int get_buffer(int fd, int opt) {
    int v = 0;
    socklen_t len = sizeof(v);
    if (getsockopt(fd, SOL_SOCKET, opt, &v, &len) != 0)
        return 0;
    return v;
}

// The errno and extended ACK message of an NLMSG_ERROR (errno 0: an ACK).
struct NlError {
    int code = 0;
    std::optional<std::string> detail;
};

NlError parse_error(const nlmsghdr* nlh) {
    NlError out;
    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(nlmsgerr)) {
        out.code = EBADMSG;
        return out;
    }
    const auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(nlh));
    out.code = -e->error;
    if (out.code == 0 || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
        return out;
    std::size_t offset = NLMSG_HDRLEN + sizeof(nlmsgerr);
    if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
        offset += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
    if (offset >= nlh->nlmsg_len)
        return out;
    nlattr* tb[NLMSGERR_ATTR_MAX + 1] = {};
    auto* attrs = reinterpret_cast<nlattr*>(
        const_cast<std::uint8_t*>(reinterpret_cast<const std::uint8_t*>(nlh) + offset));
    if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, static_cast<int>(nlh->nlmsg_len - offset),
                  nullptr) != 0)
        return out;
    if (const nlattr* m = tb[NLMSGERR_ATTR_MSG]) {
        const char* text = static_cast<const char*>(nla_data(m));
        std::string s(text, strnlen(text, static_cast<std::size_t>(nla_len(m))));
        while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
            s.pop_back();
        if (!s.empty())
            out.detail = std::move(s);
    }
    return out;
}

Error nomem(const char* what) {
    return Error::os(ENOMEM, what);
}

} // namespace

struct Netlink::Impl {
    nl_sock* sk = nullptr;
    int fd = -1;
    std::uint32_t seq = 0;
    std::vector<std::uint8_t> buf;
    std::size_t chunk_msgs = 256; // bulk: requests per send, so error replies fit

    ~Impl() {
        if (sk)
            nl_socket_free(sk);
    }

    std::uint32_t next_seq() {
        if (++seq == 0)
            ++seq;
        return seq;
    }

    Result<void> send_raw(const void* data, std::size_t len, const char* what) {
        for (;;) {
            ssize_t n = ::send(fd, data, len, 0);
            if (n >= 0)
                return ipsec::success();
            if (errno == EINTR)
                continue;
            return Error::os(errno, what);
        }
    }

    Result<void> send_msg(nl_msg* msg, const char* what) {
        const nlmsghdr* h = detail::header(msg);
        return send_raw(h, h->nlmsg_len, what);
    }

    // One recv into buf; returns the byte count (0 when non-blocking and empty).
    Result<std::size_t> recv_some(bool block, const char* what) {
        for (;;) {
            ssize_t n = ::recv(fd, buf.data(), buf.size(), block ? 0 : MSG_DONTWAIT);
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno == EINTR)
                continue;
            if (!block && (errno == EAGAIN || errno == EWOULDBLOCK))
                return std::size_t{0};
            return Error::os(errno, what);
        }
    }

    // Sends `msg` (sequence number `seq`) and reads until its ACK, error or
    // NLMSG_DONE, passing every other message of that sequence to on_reply.
    template <typename F>
    Result<void> transact(MsgPtr msg, const char* what, F&& on_reply) {
        if (!msg)
            return nomem(what);
        const nlmsghdr* req = detail::header(msg.get());
        const std::uint32_t want = req->nlmsg_seq;
        const bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
        if (auto r = send_msg(msg.get(), what); !r)
            return r;
        std::optional<Error> failed; // a decode error; keep reading to the end
        for (;;) {
            auto got = recv_some(true, what);
            if (!got)
                return got.error();
            int len = static_cast<int>(*got);
            for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); nlmsg_ok(h, len);
                 h = nlmsg_next(h, &len)) {
                if (h->nlmsg_seq != want)
                    continue; // stale reply of an earlier request
                if (h->nlmsg_type == NLMSG_ERROR) {
                    NlError e = parse_error(h);
                    if (e.code != 0)
                        return Error::os(e.code, what, std::move(e.detail));
                    if (!dump) {
                        if (failed)
                            return *failed;
                        return ipsec::success();
                    }
                    continue;
                }
                if (h->nlmsg_type == NLMSG_DONE) {
                    if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
                        int err = 0;
                        std::memcpy(&err, NLMSG_DATA(h), sizeof(err));
                        if (err < 0)
                            return Error::os(-err, what);
                    }
                    if (failed)
                        return *failed;
                    return ipsec::success();
                }
                if (h->nlmsg_type == NLMSG_NOOP || h->nlmsg_type == NLMSG_OVERRUN)
                    continue;
                if (!failed) {
                    Result<void> r = on_reply(h);
                    if (!r)
                        failed = r.error().with_context(what);
                }
            }
        }
    }

    Result<void> simple(MsgPtr msg, const char* what) {
        return transact(std::move(msg), what, [](const nlmsghdr*) { return ipsec::success(); });
    }

    // Every reply of type `type`, decoded by `decode`, handed to `on_entry`.
    template <typename Decode, typename OnEntry>
    Result<void> for_each(MsgPtr msg, const char* what, std::uint16_t type, Decode decode,
                          OnEntry&& on_entry) {
        return transact(std::move(msg), what, [&](const nlmsghdr* h) -> Result<void> {
            if (h->nlmsg_type != type)
                return ipsec::success();
            auto v = decode(h);
            if (!v)
                return v.error();
            on_entry(std::move(*v));
            return ipsec::success();
        });
    }

    // The one reply of type `type`; ENOENT with `missing` when none came.
    template <typename T, typename Decode>
    Result<T> one(MsgPtr msg, const char* what, std::uint16_t type, Decode decode,
                  const char* missing) {
        std::optional<T> out;
        auto r = for_each(std::move(msg), what, type, decode, [&](T&& v) { out = std::move(v); });
        if (!r)
            return r.error();
        if (!out)
            return Error::os(ENOENT, what, std::string(missing));
        return std::move(*out);
    }

    BulkResult bulk(const std::vector<BulkRequest>& requests, const BulkOptions& options);
    Result<void> rollback(const std::vector<BulkRequest>& requests, std::size_t sent,
                          const std::vector<bool>& failed,
                          const std::vector<std::optional<BulkRequest>>& before);
};

Netlink::Netlink(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Netlink::Netlink(Netlink&&) noexcept = default;
Netlink& Netlink::operator=(Netlink&&) noexcept = default;
Netlink::~Netlink() = default;

Result<Netlink> Netlink::open() {
    auto impl = std::make_unique<Impl>();
    impl->sk = nl_socket_alloc();
    if (!impl->sk)
        return Error::os(ENOMEM, "opening the XFRM netlink socket");
    if (int err = nl_connect(impl->sk, NETLINK_XFRM); err < 0) {
        int code = errno ? errno : EIO;
        return Error::os(code, "opening the XFRM netlink socket", std::string(nl_geterror(err)));
    }
    impl->fd = nl_socket_get_fd(impl->sk);
    // libnl's setter first (it records the sizes), then the FORCE variants that
    // root may use to pass rmem_max/wmem_max.
    nl_socket_set_buffer_size(impl->sk, kSocketRecvBuffer, kSocketSendBuffer);
    set_buffer(impl->fd, SO_RCVBUFFORCE, SO_RCVBUF, kSocketRecvBuffer);
    set_buffer(impl->fd, SO_SNDBUFFORCE, SO_SNDBUF, kSocketSendBuffer);
    int one = 1;
    setsockopt(impl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
    setsockopt(impl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
    const int rcv = get_buffer(impl->fd, SO_RCVBUF);
    impl->chunk_msgs = std::max<std::size_t>(16, static_cast<std::size_t>(rcv) / kErrorReplyCost);
    impl->buf.resize(kRecvBuffer);
    impl->seq = static_cast<std::uint32_t>(
        std::chrono::steady_clock::now().time_since_epoch().count() & 0x3fffffff);
    return Netlink(std::move(impl));
}

// ---------------------------------------------------------------------------
// SAD

Result<void> Netlink::add_state(const State& state, bool update) {
    const char* what = update ? "updating SA" : "adding SA";
    return m_impl->simple(detail::build_add_state(state, update, m_impl->next_seq(), NLM_F_ACK),
                          what);
}

Result<void> Netlink::delete_state(const StateId& id) {
    return m_impl->simple(detail::build_state_id(XFRM_MSG_DELSA, id, m_impl->next_seq(), NLM_F_ACK),
                          "deleting SA");
}

Result<State> Netlink::get_state(const StateId& id) {
    return m_impl->one<State>(
        detail::build_state_id(XFRM_MSG_GETSA, id, m_impl->next_seq(), NLM_F_ACK), "getting SA",
        XFRM_MSG_NEWSA, [](const nlmsghdr* h) { return detail::decode_state(h); },
        "no SA in the kernel's reply");
}

Result<void> Netlink::dump_states(const std::function<void(State&&)>& on_entry) {
    return m_impl->for_each(
        detail::build_bare(XFRM_MSG_GETSA, m_impl->next_seq(), NLM_F_DUMP), "dumping SAs",
        XFRM_MSG_NEWSA, [](const nlmsghdr* h) { return detail::decode_state(h); }, on_entry);
}

Result<std::vector<State>> Netlink::dump_states() {
    std::vector<State> out;
    auto r = dump_states([&](State&& s) { out.push_back(std::move(s)); });
    if (!r)
        return r.error();
    return out;
}

Result<void> Netlink::flush_states(std::uint8_t proto) {
    return m_impl->simple(detail::build_flush_states(proto, m_impl->next_seq(), NLM_F_ACK),
                          "flushing SAs");
}

Result<State> Netlink::alloc_spi(const State& state, std::uint32_t min, std::uint32_t max) {
    return m_impl->one<State>(
        detail::build_alloc_spi(state, min, max, m_impl->next_seq(), NLM_F_ACK), "allocating SPI",
        XFRM_MSG_NEWSA, [](const nlmsghdr* h) { return detail::decode_state(h); },
        "no SA in the kernel's reply");
}

Result<SadInfo> Netlink::sad_info() {
    return m_impl->one<SadInfo>(
        detail::build_info_request(XFRM_MSG_GETSADINFO, m_impl->next_seq(), NLM_F_ACK),
        "getting SAD info", XFRM_MSG_NEWSADINFO,
        [](const nlmsghdr* h) { return detail::decode_sad_info(h); }, "no reply");
}

// ---------------------------------------------------------------------------
// SPD

Result<void> Netlink::add_policy(const Policy& policy, bool update) {
    const char* what = update ? "updating policy" : "adding policy";
    return m_impl->simple(detail::build_add_policy(policy, update, m_impl->next_seq(), NLM_F_ACK),
                          what);
}

Result<void> Netlink::delete_policy(const PolicyId& id) {
    return m_impl->simple(
        detail::build_policy_id(XFRM_MSG_DELPOLICY, id, m_impl->next_seq(), NLM_F_ACK),
        "deleting policy");
}

Result<Policy> Netlink::get_policy(const PolicyId& id) {
    return m_impl->one<Policy>(
        detail::build_policy_id(XFRM_MSG_GETPOLICY, id, m_impl->next_seq(), NLM_F_ACK),
        "getting policy", XFRM_MSG_NEWPOLICY,
        [](const nlmsghdr* h) { return detail::decode_policy(h); },
        "no policy in the kernel's reply");
}

Result<void> Netlink::dump_policies(const std::function<void(Policy&&)>& on_entry) {
    return m_impl->for_each(
        detail::build_bare(XFRM_MSG_GETPOLICY, m_impl->next_seq(), NLM_F_DUMP), "dumping policies",
        XFRM_MSG_NEWPOLICY, [](const nlmsghdr* h) { return detail::decode_policy(h); }, on_entry);
}

Result<std::vector<Policy>> Netlink::dump_policies() {
    std::vector<Policy> out;
    auto r = dump_policies([&](Policy&& p) { out.push_back(std::move(p)); });
    if (!r)
        return r.error();
    return out;
}

Result<void> Netlink::flush_policies(std::optional<std::uint8_t> ptype) {
    return m_impl->simple(detail::build_flush_policies(ptype, m_impl->next_seq(), NLM_F_ACK),
                          "flushing policies");
}

Result<SpdInfo> Netlink::spd_info() {
    return m_impl->one<SpdInfo>(
        detail::build_info_request(XFRM_MSG_GETSPDINFO, m_impl->next_seq(), NLM_F_ACK),
        "getting SPD info", XFRM_MSG_NEWSPDINFO,
        [](const nlmsghdr* h) { return detail::decode_spd_info(h); }, "no reply");
}

Result<void> Netlink::set_spd_hash_threshold(SpdHashThreshold ipv4, SpdHashThreshold ipv6) {
    return m_impl->simple(detail::build_set_spd_thresh(ipv4, ipv6, m_impl->next_seq(), NLM_F_ACK),
                          "setting SPD hash thresholds");
}

Result<DefaultPolicy> Netlink::get_default_policy() {
    return m_impl->one<DefaultPolicy>(
        detail::build_default(XFRM_MSG_GETDEFAULT, nullptr, m_impl->next_seq(), NLM_F_ACK),
        "getting default policy", XFRM_MSG_GETDEFAULT,
        [](const nlmsghdr* h) { return detail::decode_default(h); }, "no reply");
}

Result<void> Netlink::set_default_policy(const DefaultPolicy& def) {
    return m_impl->simple(
        detail::build_default(XFRM_MSG_SETDEFAULT, &def, m_impl->next_seq(), NLM_F_ACK),
        "setting default policy");
}

// ---------------------------------------------------------------------------
// bulk

namespace {

// Appends the request's message to the send buffer.
void append_request(std::vector<std::uint8_t>& out, const BulkRequest& req, std::uint32_t seq,
                    std::uint16_t flags) {
    std::visit(
        [&](const auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, AddState>)
                detail::append_add_state(out, r.state, r.update, seq, flags);
            else if constexpr (std::is_same_v<T, DeleteState>)
                detail::append_state_id(out, XFRM_MSG_DELSA, r.id, seq, flags);
            else if constexpr (std::is_same_v<T, AddPolicy>)
                detail::append_add_policy(out, r.policy, r.update, seq, flags);
            else
                detail::append_policy_id(out, XFRM_MSG_DELPOLICY, r.id, seq, flags);
        },
        req);
}

const char* describe(const BulkRequest& req) {
    switch (req.index()) {
    case 0:
        return std::get<AddState>(req).update ? "updating SA" : "adding SA";
    case 1:
        return "deleting SA";
    case 2:
        return std::get<AddPolicy>(req).update ? "updating policy" : "adding policy";
    default:
        return "deleting policy";
    }
}

} // namespace

BulkResult Netlink::Impl::bulk(const std::vector<BulkRequest>& requests,
                               const BulkOptions& options) {
    BulkResult result;
    const std::size_t n = requests.size();
    if (n == 0)
        return result;

    // Atomic: what must be known before the change to undo it.
    std::vector<std::optional<BulkRequest>> before;
    if (options.atomic) {
        before.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const BulkRequest& req = requests[i];
            MsgPtr get;
            const std::uint32_t s = next_seq();
            if (const auto* a = std::get_if<AddState>(&req); a && a->update)
                get = detail::build_state_id(XFRM_MSG_GETSA, StateId::of(a->state), s, NLM_F_ACK);
            else if (const auto* d = std::get_if<DeleteState>(&req))
                get = detail::build_state_id(XFRM_MSG_GETSA, d->id, s, NLM_F_ACK);
            else if (const auto* p = std::get_if<AddPolicy>(&req); p && p->update)
                get = detail::build_policy_id(XFRM_MSG_GETPOLICY, PolicyId::of(p->policy), s,
                                              NLM_F_ACK);
            else if (const auto* dp = std::get_if<DeletePolicy>(&req))
                get = detail::build_policy_id(XFRM_MSG_GETPOLICY, dp->id, s, NLM_F_ACK);
            else
                continue;
            std::optional<BulkRequest> snap;
            auto r = transact(std::move(get), "snapshot", [&](const nlmsghdr* h) -> Result<void> {
                if (h->nlmsg_type == XFRM_MSG_NEWSA) {
                    if (auto st = detail::decode_state(h))
                        snap = AddState{std::move(*st), false};
                } else if (h->nlmsg_type == XFRM_MSG_NEWPOLICY) {
                    if (auto po = detail::decode_policy(h))
                        snap = AddPolicy{std::move(*po), false};
                }
                return ipsec::success();
            });
            (void)r; // not found: nothing to restore
            before[i] = std::move(snap);
        }
    }

    // Sequence numbers base .. base+n-1 for the requests, base+n for the barrier.
    std::uint32_t base = seq + 1;
    if (base == 0 || base + static_cast<std::uint32_t>(n) + 1 < base)
        base = 1; // do not wrap inside one run
    seq = base + static_cast<std::uint32_t>(n);
    const std::uint32_t barrier = seq;

    std::vector<bool> failed(n, false);
    bool overrun = false;
    std::size_t overrun_at = 0;

    auto take_replies = [&](const std::uint8_t* data, std::size_t size, bool& barrier_done) {
        int len = static_cast<int>(size);
        for (auto* h = reinterpret_cast<nlmsghdr*>(const_cast<std::uint8_t*>(data));
             nlmsg_ok(h, len); h = nlmsg_next(h, &len)) {
            if (h->nlmsg_type != NLMSG_ERROR)
                continue;
            if (h->nlmsg_seq == barrier) {
                barrier_done = true;
                continue;
            }
            if (h->nlmsg_seq < base || h->nlmsg_seq >= barrier)
                continue;
            NlError e = parse_error(h);
            if (e.code == 0)
                continue;
            const std::size_t idx = h->nlmsg_seq - base;
            if (failed[idx])
                continue;
            failed[idx] = true;
            result.failures.push_back(
                BulkFailure{idx, Error::os(e.code, describe(requests[idx]), std::move(e.detail))});
        }
    };

    auto drain = [&](bool block_until_barrier, std::size_t chunk_start) -> bool {
        bool barrier_done = false;
        for (;;) {
            auto got = recv_some(block_until_barrier && !barrier_done, "bulk");
            if (!got) {
                if (got.error().code == ENOBUFS) { // replies were lost
                    if (!overrun) {
                        overrun = true;
                        overrun_at = chunk_start;
                    }
                    continue;
                }
                return false;
            }
            if (*got == 0) {
                if (!block_until_barrier || barrier_done)
                    return true;
                continue;
            }
            take_replies(buf.data(), *got, barrier_done);
            if (block_until_barrier && barrier_done)
                return true;
        }
    };

    const std::size_t chunk_bytes = kChunkBytes;
    std::vector<std::uint8_t> out;
    out.reserve(chunk_bytes + 8192);
    std::size_t sent = 0;
    while (sent < n) {
        out.clear();
        const std::size_t chunk_start = sent;
        std::size_t i = sent;
        while (i < n && i - chunk_start < chunk_msgs && out.size() < chunk_bytes) {
            append_request(out, requests[i], base + static_cast<std::uint32_t>(i), 0);
            ++i;
        }
        if (!out.empty()) {
            auto r = send_raw(out.data(), out.size(), "bulk send");
            if (!r) {
                for (std::size_t k = chunk_start; k < i; ++k) {
                    if (!failed[k]) {
                        failed[k] = true;
                        result.failures.push_back(BulkFailure{k, r.error()});
                    }
                }
                sent = i;
                break;
            }
        }
        sent = i;
        drain(false, chunk_start);
        if (options.stop_on_error && !result.failures.empty())
            break;
    }

    // Barrier: one cheap request with an ACK; every reply before it is ours.
    {
        MsgPtr b = detail::build_info_request(XFRM_MSG_GETSPDINFO, barrier, NLM_F_ACK);
        if (b && send_msg(b.get(), "bulk barrier"))
            drain(true, sent);
    }
    if (overrun) {
        result.failures.push_back(BulkFailure{
            overrun_at, Error::os(ENOBUFS, "bulk",
                                  std::string("the receive queue overflowed; replies were lost"))});
    }
    std::sort(result.failures.begin(), result.failures.end(),
              [](const BulkFailure& a, const BulkFailure& b) { return a.index < b.index; });

    std::size_t nfailed = 0;
    for (std::size_t k = 0; k < sent; ++k)
        nfailed += failed[k] ? 1 : 0;
    result.applied = sent - nfailed;

    if (options.atomic && !result.failures.empty()) {
        auto r = rollback(requests, sent, failed, before);
        result.rolled_back = r.ok();
        if (r.ok())
            result.applied = 0;
        else
            result.failures.push_back(BulkFailure{n, r.error()});
    }
    return result;
}

Result<void> Netlink::Impl::rollback(const std::vector<BulkRequest>& requests, std::size_t sent,
                                     const std::vector<bool>& failed,
                                     const std::vector<std::optional<BulkRequest>>& before) {
    std::vector<BulkRequest> undo;
    for (std::size_t k = sent; k-- > 0;) {
        if (failed[k])
            continue;
        const BulkRequest& req = requests[k];
        const auto& snap = before.empty() ? std::optional<BulkRequest>{} : before[k];
        if (const auto* a = std::get_if<AddState>(&req)) {
            if (a->update && snap)
                undo.push_back(AddState{std::get<AddState>(*snap).state, true});
            else
                undo.push_back(DeleteState{StateId::of(a->state)});
        } else if (std::holds_alternative<DeleteState>(req)) {
            if (snap)
                undo.push_back(*snap);
        } else if (const auto* p = std::get_if<AddPolicy>(&req)) {
            if (p->update && snap)
                undo.push_back(AddPolicy{std::get<AddPolicy>(*snap).policy, true});
            else
                undo.push_back(DeletePolicy{PolicyId::of(p->policy)});
        } else if (std::holds_alternative<DeletePolicy>(req)) {
            if (snap)
                undo.push_back(*snap);
        }
    }
    if (undo.empty())
        return ipsec::success();
    BulkResult r = bulk(undo, BulkOptions{false, false});
    if (!r.failures.empty()) {
        const BulkFailure& f = r.failures.front();
        return Error::os(f.error.code, "rolling back: " + f.error.message, f.error.detail);
    }
    return ipsec::success();
}

BulkResult Netlink::bulk(const std::vector<BulkRequest>& requests, const BulkOptions& options) {
    return m_impl->bulk(requests, options);
}

// ---------------------------------------------------------------------------
// bulk stream: a producer (the caller) and a sender thread

struct BulkStream::Impl {
    // A send buffer of whole requests, or a barrier (a request with an ACK:
    // every reply before its ACK answers an earlier request).
    struct Chunk {
        std::vector<std::uint8_t> data;
        std::size_t first = 0; // the number of its first request
        bool barrier = false;
    };
    // Chunks in flight, at most (allocated as needed): enough that the
    // producer, when it gets a CPU, runs far ahead and the sender never
    // waits for it to be scheduled again (4 MiB of requests).
    static constexpr std::size_t kChunks = 64;
    std::size_t allocated = 0;

    Netlink::Impl& nl;
    BulkOptions options;
    std::uint32_t base;     // sequence number of request 0
    std::uint32_t barriers; // sequence numbers of barriers count down from base - 1

    // producer side
    std::unique_ptr<Chunk> cur;
    std::size_t cur_msgs = 0;
    std::size_t pushed = 0;

    // shared, under mutex
    std::mutex mutex;
    std::condition_variable cv_sender;   // work for the sender, or stop
    std::condition_variable cv_producer; // a free chunk, or a barrier done
    std::deque<std::unique_ptr<Chunk>> full;
    std::vector<std::unique_ptr<Chunk>> free_chunks;
    std::size_t barriers_done = 0;
    std::vector<BulkFailure> failures;
    std::optional<std::size_t> overrun_at; // replies were lost from here on
    bool stop = false;
    std::atomic<bool> any_failed{false};

    std::size_t barriers_sent = 0; // producer side
    std::thread sender;

    Impl(Netlink::Impl& n, BulkOptions o) : nl(n), options(o) {
        base = nl.seq + 1;
        if (base == 0)
            base = 1;
        barriers = base - 1;
        cur = take_free();
        sender = std::thread([this] { run(); });
    }

    std::unique_ptr<Chunk> take_free() {
        std::unique_lock lock(mutex);
        if (free_chunks.empty() && allocated < kChunks) {
            ++allocated;
            lock.unlock();
            auto c = std::make_unique<Chunk>();
            c->data.reserve(kChunkBytes + 8192);
            return c;
        }
        // All in flight: wait until half of them are back, so the producer
        // wakes once per burst rather than once per chunk. (They all come
        // back: the sender holds none for long.)
        if (free_chunks.empty())
            cv_producer.wait(lock, [&] { return free_chunks.size() >= kChunks / 2; });
        auto c = std::move(free_chunks.back());
        free_chunks.pop_back();
        c->data.clear();
        c->barrier = false;
        return c;
    }

    void submit(std::unique_ptr<Chunk> c) {
        {
            std::lock_guard lock(mutex);
            full.push_back(std::move(c));
        }
        cv_sender.notify_one();
    }

    void submit_current() {
        if (cur->data.empty())
            return;
        submit(std::move(cur));
        cur = take_free();
        cur->first = pushed;
        cur_msgs = 0;
    }

    static bool is_plain_add(const BulkRequest& req) {
        if (const auto* a = std::get_if<AddState>(&req))
            return !a->update;
        if (const auto* p = std::get_if<AddPolicy>(&req))
            return !p->update;
        return false;
    }

    std::size_t push(const BulkRequest& req) {
        const std::size_t idx = pushed++;
        if (options.stop_on_error && any_failed.load(std::memory_order_relaxed))
            return idx; // not sent, like the requests after a failure in Netlink::bulk
        // With stop_on_error an update or a delete travels alone: what
        // follows a failed request in its chunk is undone (undo_after), and
        // only an add can be undone without a copy of what it replaced.
        const bool alone = options.stop_on_error && !is_plain_add(req);
        if (alone)
            submit_current();
        if (cur->data.empty())
            cur->first = idx;
        append_request(cur->data, req, base + static_cast<std::uint32_t>(idx), 0);
        if (++cur_msgs >= nl.chunk_msgs || cur->data.size() >= kChunkBytes || alone)
            submit_current();
        return idx;
    }

    // Sender thread, stop_on_error: the kernel runs every message of a send,
    // so the requests of chunk `c` after its first failed one were applied.
    // They are all plain adds (see push()); each one that succeeded is
    // deleted again, so the tables end as if the run had stopped at the
    // failure. Returns how many were undone.
    std::size_t undo_after(const Chunk& c, const std::vector<BulkFailure>& found) {
        std::size_t first = SIZE_MAX;
        for (const BulkFailure& f : found)
            first = std::min(first, f.index);
        std::vector<std::uint8_t> undo;
        std::size_t count = 0;
        int len = static_cast<int>(c.data.size());
        for (auto* h = reinterpret_cast<nlmsghdr*>(const_cast<std::uint8_t*>(c.data.data()));
             nlmsg_ok(h, len); h = nlmsg_next(h, &len)) {
            const std::size_t idx = static_cast<std::uint32_t>(h->nlmsg_seq - base);
            if (idx <= first || std::any_of(found.begin(), found.end(),
                                            [&](const BulkFailure& f) { return f.index == idx; }))
                continue;
            const std::uint32_t useq = barriers--; // not a request number
            if (h->nlmsg_type == XFRM_MSG_NEWPOLICY) {
                if (auto p = detail::decode_policy(h)) {
                    detail::append_policy_id(undo, XFRM_MSG_DELPOLICY, PolicyId::of(*p), useq, 0);
                    ++count;
                }
            } else if (h->nlmsg_type == XFRM_MSG_NEWSA) {
                if (auto st = detail::decode_state(h)) {
                    detail::append_state_id(undo, XFRM_MSG_DELSA, StateId::of(*st), useq, 0);
                    ++count;
                }
            }
        }
        if (!undo.empty() && nl.send_raw(undo.data(), undo.size(), "bulk undo")) {
            const std::uint32_t bseq = barriers--;
            MsgPtr b = detail::build_info_request(XFRM_MSG_GETSPDINFO, bseq, NLM_F_ACK);
            std::vector<BulkFailure> ignored; // an undo that fails leaves its add
            if (b && nl.send_msg(b.get(), "bulk barrier"))
                drain(true, bseq, c.first, &ignored);
        }
        return count;
    }

    std::vector<BulkFailure> sync() {
        submit_current();
        auto b = take_free();
        b->barrier = true;
        b->first = pushed;
        submit(std::move(b));
        const std::size_t want = ++barriers_sent;
        std::unique_lock lock(mutex);
        cv_producer.wait(lock, [&] { return barriers_done >= want; });
        std::vector<BulkFailure> out = std::move(failures);
        failures.clear();
        if (overrun_at) {
            out.push_back(BulkFailure{
                *overrun_at,
                Error::os(ENOBUFS, "bulk",
                          std::string("the receive queue overflowed; replies were lost"))});
            overrun_at.reset();
        }
        std::sort(out.begin(), out.end(),
                  [](const BulkFailure& a, const BulkFailure& b) { return a.index < b.index; });
        return out;
    }

    // Sender thread: reads the error replies in the receive buffer; true
    // once the ACK of barrier `barrier_seq` was seen.
    bool take_replies(std::size_t size, bool wait, std::uint32_t barrier_seq,
                      std::vector<BulkFailure>& found) {
        bool barrier_done = false;
        int len = static_cast<int>(size);
        const std::size_t sent_limit = pushed_limit.load(std::memory_order_acquire);
        for (auto* h = reinterpret_cast<nlmsghdr*>(nl.buf.data()); nlmsg_ok(h, len);
             h = nlmsg_next(h, &len)) {
            if (h->nlmsg_type != NLMSG_ERROR)
                continue;
            if (wait && h->nlmsg_seq == barrier_seq) {
                barrier_done = true;
                continue;
            }
            const std::size_t idx = static_cast<std::uint32_t>(h->nlmsg_seq - base);
            if (idx >= sent_limit)
                continue; // not ours (a stale reply)
            NlError e = parse_error(h);
            if (e.code == 0)
                continue;
            found.push_back(
                BulkFailure{idx, Error::os(e.code, describe(req_kind(h)), std::move(e.detail))});
        }
        return barrier_done;
    }

    // What the failed request was, from the copy of its header in the error.
    static std::uint16_t req_kind(const nlmsghdr* h) {
        if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(nlmsgerr))
            return 0;
        return static_cast<const nlmsgerr*>(NLMSG_DATA(h))->msg.nlmsg_type;
    }
    static const char* describe(std::uint16_t type) {
        switch (type) {
        case XFRM_MSG_NEWSA:
            return "adding SA";
        case XFRM_MSG_UPDSA:
            return "updating SA";
        case XFRM_MSG_DELSA:
            return "deleting SA";
        case XFRM_MSG_NEWPOLICY:
            return "adding policy";
        case XFRM_MSG_UPDPOLICY:
            return "updating policy";
        case XFRM_MSG_DELPOLICY:
            return "deleting policy";
        default:
            return "bulk";
        }
    }

    std::atomic<std::size_t> pushed_limit{0}; // requests handed to the kernel so far
    std::atomic<std::size_t> undone{0};       // adds undone after a failure (undo_after)

    // Reads every reply queued (with `wait`, blocking until the ACK of
    // barrier `barrier_seq`) and records the failures.
    // With `out`, the failures go there instead.
    void drain(bool wait, std::uint32_t barrier_seq, std::size_t chunk_first,
               std::vector<BulkFailure>* out = nullptr) {
        std::vector<BulkFailure> found;
        bool barrier_done = false;
        for (;;) {
            const bool block = wait && !barrier_done;
            auto got = nl.recv_some(block, "bulk");
            if (!got) {
                if (got.error().code == ENOBUFS) {
                    std::lock_guard lock(mutex);
                    if (!overrun_at)
                        overrun_at = chunk_first;
                    any_failed = true;
                    continue;
                }
                break; // the socket failed: the barrier's wait ends here too
            }
            if (*got == 0) {
                if (!block)
                    break;
                continue;
            }
            if (take_replies(*got, wait, barrier_seq, found))
                barrier_done = true;
        }
        if (out) {
            *out = std::move(found);
            return;
        }
        if (!found.empty()) {
            std::lock_guard lock(mutex);
            for (auto& f : found)
                failures.push_back(std::move(f));
            any_failed = true;
        }
    }

    void run() {
        for (;;) {
            std::unique_ptr<Chunk> c;
            {
                std::unique_lock lock(mutex);
                cv_sender.wait(lock, [&] { return stop || !full.empty(); });
                if (full.empty())
                    return; // stop, and nothing left
                c = std::move(full.front());
                full.pop_front();
            }
            if (c->barrier) {
                const std::uint32_t bseq = barriers--;
                MsgPtr b = detail::build_info_request(XFRM_MSG_GETSPDINFO, bseq, NLM_F_ACK);
                if (b && nl.send_msg(b.get(), "bulk barrier"))
                    drain(true, bseq, c->first);
            } else if (!(options.stop_on_error && any_failed.load())) {
                // requests up to the end of this chunk may be answered now
                std::size_t last = c->first;
                {
                    // count the requests: their sequence numbers are consecutive
                    int len = static_cast<int>(c->data.size());
                    for (auto* h = reinterpret_cast<nlmsghdr*>(c->data.data()); nlmsg_ok(h, len);
                         h = nlmsg_next(h, &len))
                        last = static_cast<std::uint32_t>(h->nlmsg_seq - base) + 1;
                }
                pushed_limit.store(last, std::memory_order_release);
                auto r = nl.send_raw(c->data.data(), c->data.size(), "bulk send");
                if (!r) {
                    std::lock_guard lock(mutex);
                    for (std::size_t k = c->first; k < last; ++k)
                        failures.push_back(BulkFailure{k, r.error()});
                    any_failed = true;
                } else if (options.stop_on_error) {
                    std::vector<BulkFailure> found;
                    drain(false, 0, c->first, &found);
                    if (!found.empty()) {
                        undone += undo_after(*c, found);
                        std::lock_guard lock(mutex);
                        for (auto& f : found)
                            failures.push_back(std::move(f));
                        any_failed = true;
                    }
                } else {
                    drain(false, 0, c->first);
                }
            }
            {
                std::lock_guard lock(mutex);
                if (c->barrier)
                    ++barriers_done;
                free_chunks.push_back(std::move(c));
            }
            cv_producer.notify_all();
        }
    }

    ~Impl() {
        sync();
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        cv_sender.notify_one();
        sender.join();
        // the Netlink's own sequence numbers go on after the stream's
        nl.seq = base + static_cast<std::uint32_t>(pushed);
    }
};

BulkStream::BulkStream(Netlink& netlink, BulkOptions options)
    : m_impl(std::make_unique<Impl>(*netlink.m_impl, options)) {}

BulkStream::~BulkStream() = default;

std::size_t BulkStream::push(const BulkRequest& request) {
    return m_impl->push(request);
}

bool BulkStream::failed() const {
    return m_impl->any_failed.load();
}

std::vector<BulkFailure> BulkStream::sync() {
    return m_impl->sync();
}

std::size_t BulkStream::undone() const {
    return m_impl->undone.load();
}

// ---------------------------------------------------------------------------
// monitor

namespace {
MonitorEvent event_of(const nlmsghdr* h) {
    auto ev = detail::decode_event(h);
    if (ev)
        return std::move(*ev);
    MonitorEvent e;
    e.type = h->nlmsg_type;
    const auto* p = reinterpret_cast<const std::uint8_t*>(h);
    e.raw.assign(p, p + h->nlmsg_len);
    detail::decode_event_info(h, e);
    return e;
}
} // namespace

Result<void> Netlink::listen_all_namespaces() {
    int one = 1;
    if (setsockopt(m_impl->fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, &one, sizeof(one)) != 0)
        return Error::os(errno, "NETLINK_LISTEN_ALL_NSID");
    return ipsec::success();
}

MonitorEvent decode_monitor_event(const std::uint8_t* message, std::size_t size) {
    MonitorEvent e;
    if (size < NLMSG_HDRLEN) {
        e.raw.assign(message, message + size);
        return e;
    }
    // aligned storage for the kernel's structs; the length as far as it is there
    std::vector<std::uint64_t> aligned(size / 8 + 1);
    std::copy(message, message + size, reinterpret_cast<std::uint8_t*>(aligned.data()));
    auto* h = reinterpret_cast<nlmsghdr*>(aligned.data());
    if (h->nlmsg_len > size)
        h->nlmsg_len = static_cast<std::uint32_t>(size);
    if (h->nlmsg_len < NLMSG_HDRLEN) {
        e.type = h->nlmsg_type;
        e.raw.assign(message, message + size);
        return e;
    }
    return event_of(h);
}

Result<void> Netlink::monitor(const std::function<bool(const MonitorEvent&)>& on_event) {
    static constexpr int groups[] = {XFRMNLGRP_ACQUIRE, XFRMNLGRP_EXPIRE,  XFRMNLGRP_SA,
                                     XFRMNLGRP_POLICY,  XFRMNLGRP_AEVENTS, XFRMNLGRP_REPORT,
                                     XFRMNLGRP_MIGRATE, XFRMNLGRP_MAPPING};
    const int fd = m_impl->fd;
    for (int g : groups) {
        if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) != 0)
            return Error::os(errno, "subscribing to XFRM notifications");
    }
    auto leave = [&] {
        for (int g : groups)
            setsockopt(fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &g, sizeof(g));
    };
    for (;;) {
        // recvmsg: the namespace id of a notification comes as a control
        // message (NETLINK_LISTEN_ALL_NSID); each datagram is one skb.
        iovec iov{m_impl->buf.data(), m_impl->buf.size()};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
        msghdr mh{};
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = control;
        mh.msg_controllen = sizeof(control);
        ssize_t n = ::recvmsg(fd, &mh, 0);
        if (n < 0) {
            if (errno == EINTR || errno == ENOBUFS)
                continue; // ENOBUFS: notifications were lost; keep listening
            const int err = errno;
            leave();
            return Error::os(err, "reading XFRM notifications");
        }
        int nsid = -1;
        for (cmsghdr* cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
            if (cm->cmsg_level == SOL_NETLINK && cm->cmsg_type == NETLINK_LISTEN_ALL_NSID &&
                cm->cmsg_len >= CMSG_LEN(sizeof(int)))
                std::memcpy(&nsid, CMSG_DATA(cm), sizeof(int));
        }
        int len = static_cast<int>(n);
        for (auto* h = reinterpret_cast<nlmsghdr*>(m_impl->buf.data()); nlmsg_ok(h, len);
             h = nlmsg_next(h, &len)) {
            if (h->nlmsg_type < XFRM_MSG_BASE)
                continue; // NLMSG_ERROR / DONE / NOOP: not a notification
            MonitorEvent e = event_of(h);
            e.nsid = nsid;
            if (!on_event(e)) {
                leave();
                return ipsec::success();
            }
        }
    }
}

Result<void> Netlink::subscribe(const std::vector<int>& groups) {
    for (int g : groups)
        if (setsockopt(m_impl->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) != 0)
            return Error::os(errno, "subscribing to XFRM notifications");
    return ipsec::success();
}

int Netlink::fd() const {
    return m_impl->fd;
}

Result<void> Netlink::read_events(const std::function<void(const MonitorEvent&)>& on_event) {
    for (;;) {
        auto got = m_impl->recv_some(false, "reading XFRM notifications");
        if (!got) {
            if (got.error().code == ENOBUFS)
                continue;
            return got.error();
        }
        if (*got == 0)
            return ipsec::success();
        int len = static_cast<int>(*got);
        for (auto* h = reinterpret_cast<nlmsghdr*>(m_impl->buf.data()); nlmsg_ok(h, len);
             h = nlmsg_next(h, &len)) {
            if (h->nlmsg_type < XFRM_MSG_BASE)
                continue;
            auto ev = detail::decode_event(h);
            if (ev)
                on_event(*ev);
        }
    }
}

// ---------------------------------------------------------------------------
// codec entry points for tests

namespace codec {

namespace {
std::vector<std::uint8_t> bytes_of(const MsgPtr& m) {
    if (!m)
        return {};
    const nlmsghdr* h = detail::header(m.get());
    const auto* p = reinterpret_cast<const std::uint8_t*>(h);
    return {p, p + h->nlmsg_len};
}

// A message copied into aligned storage, its length checked against the vector.
template <typename T, typename F>
Result<T> decode_bytes(const std::vector<std::uint8_t>& message, std::uint16_t type1,
                       std::uint16_t type2, F&& decode, const char* what) {
    if (message.size() < NLMSG_HDRLEN)
        return Error::os(EBADMSG, std::string("malformed ") + what + ": too short");
    const std::size_t size = message.size();
    std::vector<std::uint64_t> aligned((size + 7) / 8);
    std::copy(message.begin(), message.end(), reinterpret_cast<std::uint8_t*>(aligned.data()));
    const auto* h = reinterpret_cast<const nlmsghdr*>(aligned.data());
    if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > message.size())
        return Error::os(EBADMSG, std::string("malformed ") + what + ": bad length");
    if (h->nlmsg_type != type1 && h->nlmsg_type != type2)
        return Error::os(EBADMSG, std::string("malformed ") + what + ": unexpected type " +
                                      std::to_string(h->nlmsg_type));
    return decode(h);
}
} // namespace

std::vector<std::uint8_t> encode_add_state(const State& state, bool update, std::uint32_t seq) {
    return bytes_of(detail::build_add_state(state, update, seq, NLM_F_ACK));
}

std::vector<std::uint8_t> encode_add_policy(const Policy& policy, bool update, std::uint32_t seq) {
    return bytes_of(detail::build_add_policy(policy, update, seq, NLM_F_ACK));
}

Result<State> decode_state(const std::vector<std::uint8_t>& message) {
    return decode_bytes<State>(
        message, XFRM_MSG_NEWSA, XFRM_MSG_UPDSA,
        [](const nlmsghdr* h) { return detail::decode_state(h); }, "SA message");
}

Result<Policy> decode_policy(const std::vector<std::uint8_t>& message) {
    return decode_bytes<Policy>(
        message, XFRM_MSG_NEWPOLICY, XFRM_MSG_UPDPOLICY,
        [](const nlmsghdr* h) { return detail::decode_policy(h); }, "policy message");
}

} // namespace codec

} // namespace ipxf
