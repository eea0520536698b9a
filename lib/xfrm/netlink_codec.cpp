// SPDX-License-Identifier: GPL-2.0-or-later
// The XFRM netlink codec: model <-> the kernel structs of <linux/xfrm.h>.
//
// Messages are built with libnl-3 core (nl_msg, nla_reserve) and parsed with
// nlmsg_parse. Byte order: the model is host order; the kernel wants network
// order for SPIs, selector ports (and masks) and encapsulation ports.
#include "xfrm/netlink_codec.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace ipxf::detail {

void NlMsgFree::operator()(nl_msg* msg) const {
    nlmsg_free(msg);
}

nlmsghdr* header(nl_msg* msg) {
    return nlmsg_hdr(msg);
}

namespace {

// ---------------------------------------------------------------------------
// model -> kernel

void put_addr(xfrm_address_t& out, const Address& in) {
    std::memcpy(&out, in.bytes.data(), sizeof(out));
}

Address get_addr(const xfrm_address_t& in, std::uint16_t family) {
    Address a;
    a.family = family;
    std::memcpy(a.bytes.data(), &in, a.bytes.size());
    return a;
}

void put_selector(xfrm_selector& out, const Selector& in) {
    put_addr(out.daddr, in.daddr);
    put_addr(out.saddr, in.saddr);
    out.dport = htons(in.dport);
    out.dport_mask = htons(in.dport_mask);
    out.sport = htons(in.sport);
    out.sport_mask = htons(in.sport_mask);
    out.family = in.family;
    out.prefixlen_d = in.prefixlen_d;
    out.prefixlen_s = in.prefixlen_s;
    out.proto = in.proto;
    out.ifindex = in.ifindex;
    out.user = in.user;
}

Selector get_selector(const xfrm_selector& in) {
    Selector s;
    s.family = in.family;
    s.daddr = get_addr(in.daddr, in.family);
    s.saddr = get_addr(in.saddr, in.family);
    s.dport = ntohs(in.dport);
    s.dport_mask = ntohs(in.dport_mask);
    s.sport = ntohs(in.sport);
    s.sport_mask = ntohs(in.sport_mask);
    s.prefixlen_d = in.prefixlen_d;
    s.prefixlen_s = in.prefixlen_s;
    s.proto = in.proto;
    s.ifindex = in.ifindex;
    s.user = in.user;
    return s;
}

void put_lft(xfrm_lifetime_cfg& out, const LifetimeConfig& in) {
    out.soft_byte_limit = in.soft_byte_limit;
    out.hard_byte_limit = in.hard_byte_limit;
    out.soft_packet_limit = in.soft_packet_limit;
    out.hard_packet_limit = in.hard_packet_limit;
    out.soft_add_expires_seconds = in.soft_add_expires_seconds;
    out.hard_add_expires_seconds = in.hard_add_expires_seconds;
    out.soft_use_expires_seconds = in.soft_use_expires_seconds;
    out.hard_use_expires_seconds = in.hard_use_expires_seconds;
}

LifetimeConfig get_lft(const xfrm_lifetime_cfg& in) {
    LifetimeConfig l;
    l.soft_byte_limit = in.soft_byte_limit;
    l.hard_byte_limit = in.hard_byte_limit;
    l.soft_packet_limit = in.soft_packet_limit;
    l.hard_packet_limit = in.hard_packet_limit;
    l.soft_add_expires_seconds = in.soft_add_expires_seconds;
    l.hard_add_expires_seconds = in.hard_add_expires_seconds;
    l.soft_use_expires_seconds = in.soft_use_expires_seconds;
    l.hard_use_expires_seconds = in.hard_use_expires_seconds;
    return l;
}

void put_cur(xfrm_lifetime_cur& out, const LifetimeCurrent& in) {
    out.bytes = in.bytes;
    out.packets = in.packets;
    out.add_time = in.add_time;
    out.use_time = in.use_time;
}

LifetimeCurrent get_cur(const xfrm_lifetime_cur& in) {
    LifetimeCurrent c;
    c.bytes = in.bytes;
    c.packets = in.packets;
    c.add_time = in.add_time;
    c.use_time = in.use_time;
    return c;
}

void put_sa_info(xfrm_usersa_info& p, const State& s) {
    put_selector(p.sel, s.sel);
    put_addr(p.id.daddr, s.daddr);
    p.id.spi = htonl(s.spi);
    p.id.proto = s.proto;
    put_addr(p.saddr, s.saddr);
    put_lft(p.lft, s.lft);
    put_cur(p.curlft, s.curlft);
    p.stats.replay_window = s.stats.replay_window;
    p.stats.replay = s.stats.replay;
    p.stats.integrity_failed = s.stats.integrity_failed;
    p.seq = s.seq;
    p.reqid = s.reqid;
    p.family = s.family;
    p.mode = s.mode;
    p.replay_window = s.replay_window;
    p.flags = s.flags;
}

State get_sa_info(const xfrm_usersa_info& p) {
    State s;
    s.sel = get_selector(p.sel);
    s.daddr = get_addr(p.id.daddr, p.family);
    s.spi = ntohl(p.id.spi);
    s.proto = p.id.proto;
    s.saddr = get_addr(p.saddr, p.family);
    s.lft = get_lft(p.lft);
    s.curlft = get_cur(p.curlft);
    s.stats.replay_window = p.stats.replay_window;
    s.stats.replay = p.stats.replay;
    s.stats.integrity_failed = p.stats.integrity_failed;
    s.seq = p.seq;
    s.reqid = p.reqid;
    s.family = p.family;
    s.mode = p.mode;
    s.replay_window = p.replay_window;
    s.flags = p.flags;
    return s;
}

void put_policy_info(xfrm_userpolicy_info& p, const Policy& pol) {
    put_selector(p.sel, pol.sel);
    put_lft(p.lft, pol.lft);
    put_cur(p.curlft, pol.curlft);
    p.priority = pol.priority;
    p.index = pol.index;
    p.dir = pol.dir;
    p.action = pol.action;
    p.flags = pol.flags;
    p.share = pol.share;
}

Policy get_policy_info(const xfrm_userpolicy_info& p) {
    Policy pol;
    pol.sel = get_selector(p.sel);
    pol.lft = get_lft(p.lft);
    pol.curlft = get_cur(p.curlft);
    pol.priority = p.priority;
    pol.index = p.index;
    pol.dir = p.dir;
    pol.action = p.action;
    pol.flags = p.flags;
    pol.share = p.share;
    return pol;
}

std::size_t alg_key_bytes(const Algorithm& a) {
    return a.key.size();
}

std::uint32_t alg_key_bits(const Algorithm& a) {
    return a.key_bits ? a.key_bits : static_cast<std::uint32_t>(a.key.size() * 8);
}

// memcpy of n bytes; an empty source (whose data() may be null, which
// memcpy must not get even for 0 bytes) copies nothing.
void copy_bytes(void* dst, const void* src, std::size_t n) {
    if (n)
        std::memcpy(dst, src, n);
}

void copy_name(char (&dst)[64], const std::string& name) {
    std::memset(dst, 0, sizeof(dst));
    std::memcpy(dst, name.data(), std::min(name.size(), sizeof(dst) - 1));
}

// Appends one netlink message to a byte buffer, laid out exactly as libnl's
// nlmsg_put/nla_reserve would (zeroed payload and padding). The bulk path
// writes straight into its send buffer; the others build into their own and
// hand the bytes to libnl (take()). A pointer from reserve() is valid until
// the next reserve(); payloads are copied in, so no struct is ever accessed
// at the 4-byte alignment a message in the middle of a buffer may have.
class Builder {
public:
    Builder(std::vector<std::uint8_t>& out, std::uint16_t type, std::uint32_t seq,
            std::uint16_t flags, std::size_t payload, std::size_t extra)
        : m_out(&out), m_start(out.size()) {
        start(type, seq, flags, payload, extra);
    }
    Builder(std::uint16_t type, std::uint32_t seq, std::uint16_t flags, std::size_t payload,
            std::size_t extra)
        : m_out(&m_own), m_start(0) {
        start(type, seq, flags, payload, extra);
    }
    Builder(Builder&& o) noexcept
        : m_own(std::move(o.m_own)), m_out(o.m_out == &o.m_own ? &m_own : o.m_out),
          m_start(o.m_start) {}
    Builder& operator=(Builder&&) = delete;
    bool ok() const { return true; }
    // The fixed header after the nlmsghdr: `fill` sets the fields of a zeroed T.
    template <typename T, typename F>
    void payload(F&& fill) {
        T v;
        std::memset(&v, 0, sizeof(v));
        fill(v);
        std::memcpy(m_out->data() + m_start + NLMSG_HDRLEN, &v, sizeof(v));
    }
    void* reserve(int type, std::size_t len) {
        std::vector<std::uint8_t>& out = *m_out;
        const std::size_t at = m_start + NLMSG_ALIGN(out.size() - m_start);
        out.resize(at + NLA_ALIGN(NLA_HDRLEN + len), 0);
        nlattr a{};
        a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + len);
        a.nla_type = static_cast<std::uint16_t>(type);
        std::memcpy(out.data() + at, &a, sizeof(a));
        set_len();
        return out.data() + at + NLA_HDRLEN;
    }
    template <typename T>
    void put(int type, const T& value) {
        std::memcpy(reserve(type, sizeof(T)), &value, sizeof(T));
    }
    void put_algo(int type, const Algorithm& a) {
        const std::size_t klen = alg_key_bytes(a);
        if (type == XFRMA_ALG_AUTH_TRUNC) {
            auto* p = static_cast<xfrm_algo_auth*>(reserve(type, sizeof(xfrm_algo_auth) + klen));
            if (!p)
                return;
            copy_name(p->alg_name, a.name);
            p->alg_key_len = alg_key_bits(a);
            p->alg_trunc_len = a.icv_bits.value_or(0);
            copy_bytes(p->alg_key, a.key.data(), klen);
        } else if (type == XFRMA_ALG_AEAD) {
            auto* p = static_cast<xfrm_algo_aead*>(reserve(type, sizeof(xfrm_algo_aead) + klen));
            if (!p)
                return;
            copy_name(p->alg_name, a.name);
            p->alg_key_len = alg_key_bits(a);
            p->alg_icv_len = a.icv_bits.value_or(0);
            copy_bytes(p->alg_key, a.key.data(), klen);
        } else {
            auto* p = static_cast<xfrm_algo*>(reserve(type, sizeof(xfrm_algo) + klen));
            if (!p)
                return;
            copy_name(p->alg_name, a.name);
            p->alg_key_len = alg_key_bits(a);
            copy_bytes(p->alg_key, a.key.data(), klen);
        }
    }
    void put_mark(const Mark& m) {
        xfrm_mark k{};
        k.v = m.value;
        k.m = m.mask;
        put(XFRMA_MARK, k);
    }
    void put_sec_ctx(const SecurityContext& c) {
        const std::size_t len = sizeof(xfrm_user_sec_ctx) + c.context.size();
        auto* p = static_cast<xfrm_user_sec_ctx*>(reserve(XFRMA_SEC_CTX, len));
        if (!p)
            return;
        p->len = static_cast<std::uint16_t>(len);
        p->exttype = XFRMA_SEC_CTX;
        p->ctx_alg = c.alg;
        p->ctx_doi = c.doi;
        p->ctx_len = static_cast<std::uint16_t>(c.context.size());
        copy_bytes(p + 1, c.context.data(), c.context.size());
    }
    void put_offload(const Offload& o) {
        xfrm_user_offload k{};
        k.ifindex = o.ifindex;
        k.flags = o.flags;
        put(XFRMA_OFFLOAD_DEV, k);
    }
    void put_ptype(std::uint8_t t) {
        xfrm_userpolicy_type k{};
        k.type = t;
        put(XFRMA_POLICY_TYPE, k);
    }
    // The message as a libnl message (own storage only); nullptr when memory runs out.
    MsgPtr take() { return MsgPtr(nlmsg_convert(reinterpret_cast<nlmsghdr*>(m_own.data()))); }

private:
    void start(std::uint16_t type, std::uint32_t seq, std::uint16_t flags, std::size_t payload,
               std::size_t extra) {
        m_out->reserve(m_start + NLMSG_HDRLEN + NLMSG_ALIGN(payload) + extra + 64);
        m_out->resize(m_start + NLMSG_HDRLEN + NLMSG_ALIGN(payload), 0);
        nlmsghdr h{};
        h.nlmsg_type = type;
        h.nlmsg_flags = static_cast<std::uint16_t>(flags | NLM_F_REQUEST);
        h.nlmsg_seq = seq;
        std::memcpy(m_out->data() + m_start, &h, sizeof(h));
        set_len();
    }
    void set_len() {
        const auto len = static_cast<std::uint32_t>(m_out->size() - m_start);
        std::memcpy(m_out->data() + m_start + offsetof(nlmsghdr, nlmsg_len), &len, sizeof(len));
    }

    std::vector<std::uint8_t> m_own;
    std::vector<std::uint8_t>* m_out;
    std::size_t m_start;
};

std::size_t attr_space(std::size_t len) {
    return NLA_ALIGN(NLA_HDRLEN + len) + NLA_ALIGNTO;
}

std::size_t state_extra(const State& s) {
    std::size_t n = 512; // every fixed-size attribute together is well under this
    for (const auto* a : {&s.enc, &s.auth, &s.aead, &s.comp})
        if (*a)
            n += attr_space(sizeof(xfrm_algo_aead) + (*a)->key.size());
    if (s.replay_esn)
        n += attr_space(sizeof(xfrm_replay_state_esn) + 4 * s.replay_esn->bitmap.size());
    if (s.sec_ctx)
        n += attr_space(sizeof(xfrm_user_sec_ctx) + s.sec_ctx->context.size());
    return n;
}

void put_state_attrs(Builder& b, const State& s) {
    if (s.enc)
        b.put_algo(XFRMA_ALG_CRYPT, *s.enc);
    if (s.auth)
        b.put_algo(s.auth->icv_bits ? XFRMA_ALG_AUTH_TRUNC : XFRMA_ALG_AUTH, *s.auth);
    if (s.aead)
        b.put_algo(XFRMA_ALG_AEAD, *s.aead);
    if (s.comp)
        b.put_algo(XFRMA_ALG_COMP, *s.comp);
    if (s.encap) {
        xfrm_encap_tmpl e{};
        e.encap_type = s.encap->type;
        e.encap_sport = htons(s.encap->sport);
        e.encap_dport = htons(s.encap->dport);
        put_addr(e.encap_oa, s.encap->oa);
        b.put(XFRMA_ENCAP, e);
    }
    if (s.coaddr) {
        xfrm_address_t a{};
        put_addr(a, *s.coaddr);
        b.put(XFRMA_COADDR, a);
    }
    if (s.mark)
        b.put_mark(*s.mark);
    if (s.if_id)
        b.put<std::uint32_t>(XFRMA_IF_ID, *s.if_id);
    if (s.output_mark)
        b.put<std::uint32_t>(XFRMA_SET_MARK, *s.output_mark);
    if (s.set_mark_mask)
        b.put<std::uint32_t>(XFRMA_SET_MARK_MASK, *s.set_mark_mask);
    if (s.extra_flags)
        b.put<std::uint32_t>(XFRMA_SA_EXTRA_FLAGS, *s.extra_flags);
    if (s.tfcpad)
        b.put<std::uint32_t>(XFRMA_TFCPAD, *s.tfcpad);
    if (s.replay) {
        xfrm_replay_state r{};
        r.oseq = s.replay->oseq;
        r.seq = s.replay->seq;
        r.bitmap = s.replay->bitmap;
        b.put(XFRMA_REPLAY_VAL, r);
    }
    if (s.replay_esn) {
        const auto& e = *s.replay_esn;
        const std::size_t len = sizeof(xfrm_replay_state_esn) + 4 * e.bitmap.size();
        if (auto* r = static_cast<xfrm_replay_state_esn*>(b.reserve(XFRMA_REPLAY_ESN_VAL, len))) {
            r->bmp_len = static_cast<std::uint32_t>(e.bitmap.size());
            r->oseq = e.oseq;
            r->seq = e.seq;
            r->oseq_hi = e.oseq_hi;
            r->seq_hi = e.seq_hi;
            r->replay_window = e.replay_window;
            copy_bytes(r->bmp, e.bitmap.data(), 4 * e.bitmap.size());
        }
    }
    if (s.replay_thresh)
        b.put<std::uint32_t>(XFRMA_REPLAY_THRESH, *s.replay_thresh);
    if (s.replay_maxage)
        b.put<std::uint32_t>(XFRMA_ETIMER_THRESH, *s.replay_maxage);
    if (s.lastused)
        b.put<std::uint64_t>(XFRMA_LASTUSED, *s.lastused);
    if (s.offload)
        b.put_offload(*s.offload);
    if (s.sec_ctx)
        b.put_sec_ctx(*s.sec_ctx);
}

// ---------------------------------------------------------------------------
// kernel -> model

using Attrs = nlattr * [XFRMA_MAX + 1];

Error malformed(const std::string& what) {
    return Error::os(EBADMSG, "malformed " + what);
}

// Copies a fixed-size payload; false when the attribute is too short.
template <typename T>
bool get_fixed(const nlattr* a, T& out) {
    if (nla_len(a) < static_cast<int>(sizeof(T)))
        return false;
    std::memcpy(&out, nla_data(a), sizeof(T));
    return true;
}

// True when the attributes after a header of `hdrlen` bytes fill the message
// exactly (libnl's parser silently stops at a truncated one).
bool attrs_whole(const nlmsghdr* nlh, std::size_t hdrlen) {
    const std::size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
    if (nlh->nlmsg_len < start)
        return nlh->nlmsg_len == NLMSG_HDRLEN + hdrlen;
    int rem = static_cast<int>(nlh->nlmsg_len - start);
    const nlattr* a = reinterpret_cast<const nlattr*>(reinterpret_cast<const char*>(nlh) + start);
    while (nla_ok(a, rem))
        a = nla_next(a, &rem);
    // rem < 0: the last attribute lacks its padding, which is harmless.
    return rem <= 0 && rem > -NLA_ALIGNTO;
}

// The payload of `nlh` as T (copied), with the attributes after it.
template <typename T>
bool parse_msg(const nlmsghdr* nlh, T& out, Attrs& tb) {
    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(T))
        return false;
    std::memcpy(&out, NLMSG_DATA(nlh), sizeof(T));
    std::memset(tb, 0, sizeof(Attrs));
    if (nlh->nlmsg_len < NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(T)))
        return true; // no room for attributes
    if (!attrs_whole(nlh, sizeof(T)))
        return false;
    return nlmsg_parse(const_cast<nlmsghdr*>(nlh), static_cast<int>(sizeof(T)), tb, XFRMA_MAX,
                       nullptr) == 0;
}

Result<Algorithm> get_algo(const nlattr* a, int type) {
    Algorithm alg;
    std::size_t head = sizeof(xfrm_algo);
    if (type == XFRMA_ALG_AUTH_TRUNC)
        head = sizeof(xfrm_algo_auth);
    else if (type == XFRMA_ALG_AEAD)
        head = sizeof(xfrm_algo_aead);
    const int len = nla_len(a);
    if (len < static_cast<int>(head))
        return malformed("algorithm attribute");
    const auto* data = static_cast<const std::uint8_t*>(nla_data(a));
    const char* name = reinterpret_cast<const char*>(data);
    alg.name.assign(name, strnlen(name, 64));
    std::uint32_t bits = 0;
    std::memcpy(&bits, data + 64, 4);
    alg.key_bits = bits;
    if (type != XFRMA_ALG_CRYPT && type != XFRMA_ALG_AUTH && type != XFRMA_ALG_COMP) {
        std::uint32_t icv = 0;
        std::memcpy(&icv, data + 68, 4);
        alg.icv_bits = icv;
    }
    const std::size_t want = (static_cast<std::size_t>(bits) + 7) / 8;
    if (want > static_cast<std::size_t>(len) - head)
        return malformed("algorithm key");
    alg.key.assign(data + head, data + head + want);
    return alg;
}

Result<SecurityContext> get_sec_ctx(const nlattr* a) {
    xfrm_user_sec_ctx c{};
    if (!get_fixed(a, c))
        return malformed("security context");
    if (sizeof(c) + c.ctx_len > static_cast<std::size_t>(nla_len(a)))
        return malformed("security context");
    SecurityContext s;
    s.doi = c.ctx_doi;
    s.alg = c.ctx_alg;
    const char* text = static_cast<const char*>(nla_data(a)) + sizeof(c);
    s.context.assign(text, c.ctx_len);
    return s;
}

Result<void> get_mark(const nlattr* a, std::optional<Mark>& out) {
    xfrm_mark m{};
    if (!get_fixed(a, m))
        return malformed("mark");
    out = Mark{m.v, m.m};
    return ipsec::success();
}

template <typename T>
Result<void> get_u(const nlattr* a, std::optional<T>& out, const char* what) {
    T v{};
    if (!get_fixed(a, v))
        return malformed(what);
    out = v;
    return ipsec::success();
}

#define IPXF_TRY(expr)                                                                             \
    do {                                                                                           \
        auto ipxf_r_ = (expr);                                                                     \
        if (!ipxf_r_)                                                                              \
            return ipxf_r_.error();                                                                \
    } while (0)

Result<void> apply_state_attrs(State& s, Attrs& tb) {
    if (tb[XFRMA_ALG_CRYPT]) {
        auto a = get_algo(tb[XFRMA_ALG_CRYPT], XFRMA_ALG_CRYPT);
        if (!a)
            return a.error();
        s.enc = std::move(*a);
    }
    if (tb[XFRMA_ALG_AUTH_TRUNC]) {
        auto a = get_algo(tb[XFRMA_ALG_AUTH_TRUNC], XFRMA_ALG_AUTH_TRUNC);
        if (!a)
            return a.error();
        s.auth = std::move(*a);
    } else if (tb[XFRMA_ALG_AUTH]) {
        auto a = get_algo(tb[XFRMA_ALG_AUTH], XFRMA_ALG_AUTH);
        if (!a)
            return a.error();
        s.auth = std::move(*a);
    }
    if (tb[XFRMA_ALG_AEAD]) {
        auto a = get_algo(tb[XFRMA_ALG_AEAD], XFRMA_ALG_AEAD);
        if (!a)
            return a.error();
        s.aead = std::move(*a);
    }
    if (tb[XFRMA_ALG_COMP]) {
        auto a = get_algo(tb[XFRMA_ALG_COMP], XFRMA_ALG_COMP);
        if (!a)
            return a.error();
        s.comp = std::move(*a);
    }
    if (tb[XFRMA_ENCAP]) {
        xfrm_encap_tmpl e{};
        if (!get_fixed(tb[XFRMA_ENCAP], e))
            return malformed("encapsulation");
        Encap enc;
        enc.type = e.encap_type;
        enc.sport = ntohs(e.encap_sport);
        enc.dport = ntohs(e.encap_dport);
        enc.oa = get_addr(e.encap_oa, s.family);
        s.encap = enc;
    }
    if (tb[XFRMA_COADDR]) {
        xfrm_address_t a{};
        if (!get_fixed(tb[XFRMA_COADDR], a))
            return malformed("care-of address");
        s.coaddr = get_addr(a, s.family);
    }
    if (tb[XFRMA_MARK])
        IPXF_TRY(get_mark(tb[XFRMA_MARK], s.mark));
    if (tb[XFRMA_IF_ID])
        IPXF_TRY(get_u(tb[XFRMA_IF_ID], s.if_id, "if_id"));
    if (tb[XFRMA_SET_MARK])
        IPXF_TRY(get_u(tb[XFRMA_SET_MARK], s.output_mark, "output mark"));
    if (tb[XFRMA_SET_MARK_MASK])
        IPXF_TRY(get_u(tb[XFRMA_SET_MARK_MASK], s.set_mark_mask, "output mark mask"));
    if (tb[XFRMA_SA_EXTRA_FLAGS])
        IPXF_TRY(get_u(tb[XFRMA_SA_EXTRA_FLAGS], s.extra_flags, "extra flags"));
    if (tb[XFRMA_TFCPAD])
        IPXF_TRY(get_u(tb[XFRMA_TFCPAD], s.tfcpad, "tfcpad"));
    if (tb[XFRMA_REPLAY_VAL]) {
        xfrm_replay_state r{};
        if (!get_fixed(tb[XFRMA_REPLAY_VAL], r))
            return malformed("replay state");
        s.replay = ReplayState{r.oseq, r.seq, r.bitmap};
    }
    if (tb[XFRMA_REPLAY_ESN_VAL]) {
        xfrm_replay_state_esn r{};
        const nlattr* a = tb[XFRMA_REPLAY_ESN_VAL];
        if (!get_fixed(a, r))
            return malformed("ESN replay state");
        if (sizeof(r) + 4 * static_cast<std::size_t>(r.bmp_len) >
            static_cast<std::size_t>(nla_len(a)))
            return malformed("ESN replay bitmap");
        ReplayStateEsn e;
        e.oseq = r.oseq;
        e.seq = r.seq;
        e.oseq_hi = r.oseq_hi;
        e.seq_hi = r.seq_hi;
        e.replay_window = r.replay_window;
        e.bitmap.resize(r.bmp_len);
        copy_bytes(e.bitmap.data(), static_cast<const char*>(nla_data(a)) + sizeof(r),
                   4 * e.bitmap.size());
        s.replay_esn = std::move(e);
    }
    if (tb[XFRMA_REPLAY_THRESH])
        IPXF_TRY(get_u(tb[XFRMA_REPLAY_THRESH], s.replay_thresh, "replay threshold"));
    if (tb[XFRMA_ETIMER_THRESH])
        IPXF_TRY(get_u(tb[XFRMA_ETIMER_THRESH], s.replay_maxage, "replay maxage"));
    if (tb[XFRMA_LASTUSED])
        IPXF_TRY(get_u(tb[XFRMA_LASTUSED], s.lastused, "lastused"));
    if (tb[XFRMA_LTIME_VAL]) {
        xfrm_lifetime_cur c{};
        if (!get_fixed(tb[XFRMA_LTIME_VAL], c))
            return malformed("current lifetime");
        s.curlft = get_cur(c);
    }
    if (tb[XFRMA_OFFLOAD_DEV]) {
        xfrm_user_offload o{};
        if (!get_fixed(tb[XFRMA_OFFLOAD_DEV], o))
            return malformed("offload");
        s.offload = Offload{o.ifindex, o.flags};
    }
    if (tb[XFRMA_SEC_CTX]) {
        auto c = get_sec_ctx(tb[XFRMA_SEC_CTX]);
        if (!c)
            return c.error();
        s.sec_ctx = std::move(*c);
    }
    return ipsec::success();
}

Template get_tmpl(const xfrm_user_tmpl& t) {
    Template out;
    out.daddr = get_addr(t.id.daddr, t.family);
    out.spi = ntohl(t.id.spi);
    out.proto = t.id.proto;
    out.family = t.family;
    out.saddr = get_addr(t.saddr, t.family);
    out.reqid = t.reqid;
    out.mode = t.mode;
    out.share = t.share;
    out.optional = t.optional;
    out.aalgos = t.aalgos;
    out.ealgos = t.ealgos;
    out.calgos = t.calgos;
    return out;
}

Result<void> apply_policy_attrs(Policy& p, Attrs& tb) {
    if (const nlattr* a = tb[XFRMA_TMPL]) {
        const int len = nla_len(a);
        if (len % static_cast<int>(sizeof(xfrm_user_tmpl)) != 0)
            return malformed("template list");
        const auto* data = static_cast<const char*>(nla_data(a));
        const std::size_t n = static_cast<std::size_t>(len) / sizeof(xfrm_user_tmpl);
        p.tmpls.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            xfrm_user_tmpl t;
            std::memcpy(&t, data + i * sizeof(t), sizeof(t));
            p.tmpls.push_back(get_tmpl(t));
        }
    }
    if (tb[XFRMA_POLICY_TYPE]) {
        xfrm_userpolicy_type t{};
        if (!get_fixed(tb[XFRMA_POLICY_TYPE], t))
            return malformed("policy type");
        p.ptype = t.type;
    }
    if (tb[XFRMA_MARK])
        IPXF_TRY(get_mark(tb[XFRMA_MARK], p.mark));
    if (tb[XFRMA_IF_ID])
        IPXF_TRY(get_u(tb[XFRMA_IF_ID], p.if_id, "if_id"));
    if (tb[XFRMA_SEC_CTX]) {
        auto c = get_sec_ctx(tb[XFRMA_SEC_CTX]);
        if (!c)
            return c.error();
        p.sec_ctx = std::move(*c);
    }
    if (tb[XFRMA_OFFLOAD_DEV]) {
        xfrm_user_offload o{};
        if (!get_fixed(tb[XFRMA_OFFLOAD_DEV], o))
            return malformed("offload");
        p.offload = Offload{o.ifindex, o.flags};
    }
    return ipsec::success();
}

StateId get_sa_id(const xfrm_usersa_id& id) {
    StateId out;
    out.daddr = get_addr(id.daddr, id.family);
    out.spi = ntohl(id.spi);
    out.family = id.family;
    out.proto = id.proto;
    return out;
}

} // namespace

// ---------------------------------------------------------------------------
// builders

namespace {

// The request bodies; `Args` are the Builder's constructor arguments before
// the message's own (nothing, or the buffer to append to).
template <typename... Args>
Builder add_state(const State& s, bool update, std::uint32_t seq, std::uint16_t flags,
                  Args&... out) {
    Builder b(out..., update ? XFRM_MSG_UPDSA : XFRM_MSG_NEWSA, seq, flags,
              sizeof(xfrm_usersa_info), state_extra(s));
    b.payload<xfrm_usersa_info>([&](xfrm_usersa_info& p) { put_sa_info(p, s); });
    put_state_attrs(b, s);
    return b;
}

template <typename... Args>
Builder state_id(std::uint16_t type, const StateId& id, std::uint32_t seq, std::uint16_t flags,
                 Args&... out) {
    Builder b(out..., type, seq, flags, sizeof(xfrm_usersa_id), 256);
    b.payload<xfrm_usersa_id>([&](xfrm_usersa_id& p) {
        put_addr(p.daddr, id.daddr);
        p.spi = htonl(id.spi);
        p.family = id.family;
        p.proto = id.proto;
    });
    if (id.saddr) {
        xfrm_address_t a{};
        put_addr(a, *id.saddr);
        b.put(XFRMA_SRCADDR, a);
    }
    if (id.mark)
        b.put_mark(*id.mark);
    if (id.if_id)
        b.put<std::uint32_t>(XFRMA_IF_ID, *id.if_id);
    return b;
}

template <typename... Args>
Builder add_policy(const Policy& pol, bool update, std::uint32_t seq, std::uint16_t flags,
                   Args&... out) {
    std::size_t extra = 256 + attr_space(pol.tmpls.size() * sizeof(xfrm_user_tmpl));
    if (pol.sec_ctx)
        extra += attr_space(sizeof(xfrm_user_sec_ctx) + pol.sec_ctx->context.size());
    Builder b(out..., update ? XFRM_MSG_UPDPOLICY : XFRM_MSG_NEWPOLICY, seq, flags,
              sizeof(xfrm_userpolicy_info), extra);
    b.payload<xfrm_userpolicy_info>([&](xfrm_userpolicy_info& p) { put_policy_info(p, pol); });
    if (!pol.tmpls.empty()) {
        auto* at = static_cast<std::uint8_t*>(
            b.reserve(XFRMA_TMPL, pol.tmpls.size() * sizeof(xfrm_user_tmpl)));
        for (const Template& m : pol.tmpls) {
            xfrm_user_tmpl t;
            std::memset(&t, 0, sizeof(t));
            put_addr(t.id.daddr, m.daddr);
            t.id.spi = htonl(m.spi);
            t.id.proto = m.proto;
            t.family = m.family;
            put_addr(t.saddr, m.saddr);
            t.reqid = m.reqid;
            t.mode = m.mode;
            t.share = m.share;
            t.optional = m.optional;
            t.aalgos = m.aalgos;
            t.ealgos = m.ealgos;
            t.calgos = m.calgos;
            std::memcpy(at, &t, sizeof(t));
            at += sizeof(t);
        }
    }
    if (pol.ptype)
        b.put_ptype(*pol.ptype);
    if (pol.mark)
        b.put_mark(*pol.mark);
    if (pol.if_id)
        b.put<std::uint32_t>(XFRMA_IF_ID, *pol.if_id);
    if (pol.sec_ctx)
        b.put_sec_ctx(*pol.sec_ctx);
    if (pol.offload)
        b.put_offload(*pol.offload);
    return b;
}

template <typename... Args>
Builder policy_id(std::uint16_t type, const PolicyId& id, std::uint32_t seq, std::uint16_t flags,
                  Args&... out) {
    std::size_t extra = 256;
    if (id.sec_ctx)
        extra += attr_space(sizeof(xfrm_user_sec_ctx) + id.sec_ctx->context.size());
    Builder b(out..., type, seq, flags, sizeof(xfrm_userpolicy_id), extra);
    b.payload<xfrm_userpolicy_id>([&](xfrm_userpolicy_id& p) {
        put_selector(p.sel, id.sel);
        p.index = id.index;
        p.dir = id.dir;
    });
    if (id.ptype)
        b.put_ptype(*id.ptype);
    if (id.mark)
        b.put_mark(*id.mark);
    if (id.if_id)
        b.put<std::uint32_t>(XFRMA_IF_ID, *id.if_id);
    if (id.sec_ctx)
        b.put_sec_ctx(*id.sec_ctx);
    return b;
}

} // namespace

MsgPtr build_add_state(const State& s, bool update, std::uint32_t seq, std::uint16_t flags) {
    return add_state(s, update, seq, flags).take();
}
MsgPtr build_state_id(std::uint16_t type, const StateId& id, std::uint32_t seq,
                      std::uint16_t flags) {
    return state_id(type, id, seq, flags).take();
}
MsgPtr build_add_policy(const Policy& pol, bool update, std::uint32_t seq, std::uint16_t flags) {
    return add_policy(pol, update, seq, flags).take();
}
MsgPtr build_policy_id(std::uint16_t type, const PolicyId& id, std::uint32_t seq,
                       std::uint16_t flags) {
    return policy_id(type, id, seq, flags).take();
}

void append_add_state(std::vector<std::uint8_t>& out, const State& s, bool update,
                      std::uint32_t seq, std::uint16_t flags) {
    add_state(s, update, seq, flags, out);
}
void append_state_id(std::vector<std::uint8_t>& out, std::uint16_t type, const StateId& id,
                     std::uint32_t seq, std::uint16_t flags) {
    state_id(type, id, seq, flags, out);
}
void append_add_policy(std::vector<std::uint8_t>& out, const Policy& pol, bool update,
                       std::uint32_t seq, std::uint16_t flags) {
    add_policy(pol, update, seq, flags, out);
}
void append_policy_id(std::vector<std::uint8_t>& out, std::uint16_t type, const PolicyId& id,
                      std::uint32_t seq, std::uint16_t flags) {
    policy_id(type, id, seq, flags, out);
}

MsgPtr build_flush_states(std::uint8_t proto, std::uint32_t seq, std::uint16_t flags) {
    Builder b(XFRM_MSG_FLUSHSA, seq, flags, sizeof(xfrm_usersa_flush), 0);
    if (!b.ok())
        return nullptr;
    b.payload<xfrm_usersa_flush>([&](xfrm_usersa_flush& p) { p.proto = proto; });
    return b.take();
}

MsgPtr build_flush_policies(std::optional<std::uint8_t> ptype, std::uint32_t seq,
                            std::uint16_t flags) {
    Builder b(XFRM_MSG_FLUSHPOLICY, seq, flags, 0, 64);
    if (ptype)
        b.put_ptype(*ptype);
    return b.take();
}

MsgPtr build_alloc_spi(const State& s, std::uint32_t min, std::uint32_t max, std::uint32_t seq,
                       std::uint16_t flags) {
    Builder b(XFRM_MSG_ALLOCSPI, seq, flags, sizeof(xfrm_userspi_info), 128);
    if (!b.ok())
        return nullptr;
    b.payload<xfrm_userspi_info>([&](xfrm_userspi_info& p) {
        put_sa_info(p.info, s);
        p.min = min;
        p.max = max;
    });
    if (s.mark)
        b.put_mark(*s.mark);
    if (s.if_id)
        b.put<std::uint32_t>(XFRMA_IF_ID, *s.if_id);
    return b.take();
}

MsgPtr build_info_request(std::uint16_t type, std::uint32_t seq, std::uint16_t flags) {
    Builder b(type, seq, flags, sizeof(std::uint32_t), 0);
    return b.take();
}

MsgPtr build_set_spd_thresh(SpdHashThreshold v4, SpdHashThreshold v6, std::uint32_t seq,
                            std::uint16_t flags) {
    Builder b(XFRM_MSG_NEWSPDINFO, seq, flags, sizeof(std::uint32_t), 64);
    xfrmu_spdhthresh t4{v4.lbits, v4.rbits};
    xfrmu_spdhthresh t6{v6.lbits, v6.rbits};
    b.put(XFRMA_SPD_IPV4_HTHRESH, t4);
    b.put(XFRMA_SPD_IPV6_HTHRESH, t6);
    return b.take();
}

MsgPtr build_default(std::uint16_t type, const DefaultPolicy* def, std::uint32_t seq,
                     std::uint16_t flags) {
    Builder b(type, seq, flags, sizeof(xfrm_userpolicy_default), 0);
    if (!b.ok())
        return nullptr;
    if (def) {
        b.payload<xfrm_userpolicy_default>([&](xfrm_userpolicy_default& p) {
            p.in = def->in;
            p.fwd = def->fwd;
            p.out = def->out;
        });
    }
    return b.take();
}

MsgPtr build_bare(std::uint16_t type, std::uint32_t seq, std::uint16_t flags) {
    Builder b(type, seq, flags, 0, 0);
    return b.take();
}

// ---------------------------------------------------------------------------
// decoders

Result<State> decode_state(const nlmsghdr* nlh) {
    xfrm_usersa_info p;
    Attrs tb;
    if (!parse_msg(nlh, p, tb))
        return malformed("SA message");
    State s = get_sa_info(p);
    IPXF_TRY(apply_state_attrs(s, tb));
    return s;
}

Result<Policy> decode_policy(const nlmsghdr* nlh) {
    xfrm_userpolicy_info p;
    Attrs tb;
    if (!parse_msg(nlh, p, tb))
        return malformed("policy message");
    Policy pol = get_policy_info(p);
    IPXF_TRY(apply_policy_attrs(pol, tb));
    return pol;
}

Result<SadInfo> decode_sad_info(const nlmsghdr* nlh) {
    std::uint32_t flags = 0;
    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(flags))
        return malformed("SAD info");
    nlattr* tb[XFRMA_SAD_MAX + 1] = {};
    if (nlmsg_parse(const_cast<nlmsghdr*>(nlh), sizeof(flags), tb, XFRMA_SAD_MAX, nullptr) != 0)
        return malformed("SAD info");
    SadInfo info;
    if (tb[XFRMA_SAD_CNT] && !get_fixed(tb[XFRMA_SAD_CNT], info.count))
        return malformed("SAD count");
    if (tb[XFRMA_SAD_HINFO]) {
        xfrmu_sadhinfo h{};
        if (!get_fixed(tb[XFRMA_SAD_HINFO], h))
            return malformed("SAD hash info");
        info.hash_count = h.sadhcnt;
        info.hash_max = h.sadhmcnt;
    }
    return info;
}

Result<SpdInfo> decode_spd_info(const nlmsghdr* nlh) {
    std::uint32_t flags = 0;
    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(flags))
        return malformed("SPD info");
    nlattr* tb[XFRMA_SPD_MAX + 1] = {};
    if (nlmsg_parse(const_cast<nlmsghdr*>(nlh), sizeof(flags), tb, XFRMA_SPD_MAX, nullptr) != 0)
        return malformed("SPD info");
    SpdInfo info;
    if (tb[XFRMA_SPD_INFO]) {
        xfrmu_spdinfo i{};
        if (!get_fixed(tb[XFRMA_SPD_INFO], i))
            return malformed("SPD counts");
        info.in = i.incnt;
        info.out = i.outcnt;
        info.fwd = i.fwdcnt;
        info.in_sock = i.inscnt;
        info.out_sock = i.outscnt;
        info.fwd_sock = i.fwdscnt;
    }
    if (tb[XFRMA_SPD_HINFO]) {
        xfrmu_spdhinfo h{};
        if (!get_fixed(tb[XFRMA_SPD_HINFO], h))
            return malformed("SPD hash info");
        info.hash_count = h.spdhcnt;
        info.hash_max = h.spdhmcnt;
    }
    for (int type : {XFRMA_SPD_IPV4_HTHRESH, XFRMA_SPD_IPV6_HTHRESH}) {
        if (!tb[type])
            continue;
        xfrmu_spdhthresh t{};
        if (!get_fixed(tb[type], t))
            return malformed("SPD hash threshold");
        (type == XFRMA_SPD_IPV4_HTHRESH ? info.ipv4_thresh : info.ipv6_thresh) =
            SpdHashThreshold{t.lbits, t.rbits};
    }
    return info;
}

Result<DefaultPolicy> decode_default(const nlmsghdr* nlh) {
    if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(xfrm_userpolicy_default))
        return malformed("default policy");
    xfrm_userpolicy_default d;
    std::memcpy(&d, NLMSG_DATA(nlh), sizeof(d));
    DefaultPolicy out;
    out.in = d.in;
    out.fwd = d.fwd;
    out.out = d.out;
    return out;
}

Result<MonitorEvent> decode_event(const nlmsghdr* nlh) {
    MonitorEvent ev;
    ev.type = nlh->nlmsg_type;
    const auto* raw = reinterpret_cast<const std::uint8_t*>(nlh);
    ev.raw.assign(raw, raw + nlh->nlmsg_len);
    Attrs tb;
    switch (nlh->nlmsg_type) {
    case XFRM_MSG_NEWSA:
    case XFRM_MSG_UPDSA: {
        auto s = decode_state(nlh);
        if (!s)
            return s.error();
        ev.state = std::move(*s);
        break;
    }
    case XFRM_MSG_DELSA: {
        xfrm_usersa_id id;
        if (!parse_msg(nlh, id, tb))
            return malformed("SA delete notification");
        ev.state_id = get_sa_id(id);
        if (tb[XFRMA_SA]) {
            xfrm_usersa_info p;
            if (!get_fixed(tb[XFRMA_SA], p))
                return malformed("SA delete notification");
            State s = get_sa_info(p);
            IPXF_TRY(apply_state_attrs(s, tb));
            ev.state = std::move(s);
        }
        break;
    }
    case XFRM_MSG_EXPIRE: {
        xfrm_user_expire e;
        if (!parse_msg(nlh, e, tb))
            return malformed("SA expire notification");
        State s = get_sa_info(e.state);
        IPXF_TRY(apply_state_attrs(s, tb));
        ev.state = std::move(s);
        ev.hard = e.hard != 0;
        break;
    }
    case XFRM_MSG_ACQUIRE: {
        xfrm_user_acquire a;
        if (!parse_msg(nlh, a, tb))
            return malformed("acquire notification");
        State s;
        s.sel = get_selector(a.sel);
        s.family = a.policy.sel.family ? a.policy.sel.family : a.sel.family;
        s.daddr = get_addr(a.id.daddr, s.family);
        s.spi = ntohl(a.id.spi);
        s.proto = a.id.proto;
        s.saddr = get_addr(a.saddr, s.family);
        s.seq = a.seq;
        Policy p = get_policy_info(a.policy);
        IPXF_TRY(apply_policy_attrs(p, tb));
        s.mark = p.mark;
        s.if_id = p.if_id;
        ev.state = std::move(s);
        ev.policy = std::move(p);
        break;
    }
    case XFRM_MSG_NEWPOLICY:
    case XFRM_MSG_UPDPOLICY: {
        auto p = decode_policy(nlh);
        if (!p)
            return p.error();
        ev.policy = std::move(*p);
        break;
    }
    case XFRM_MSG_DELPOLICY:
    case XFRM_MSG_MIGRATE: {
        xfrm_userpolicy_id id;
        if (!parse_msg(nlh, id, tb))
            return malformed("policy notification");
        PolicyId pid;
        pid.sel = get_selector(id.sel);
        pid.index = id.index;
        pid.dir = id.dir;
        if (tb[XFRMA_POLICY_TYPE]) {
            xfrm_userpolicy_type t{};
            if (get_fixed(tb[XFRMA_POLICY_TYPE], t))
                pid.ptype = t.type;
        }
        if (tb[XFRMA_MARK])
            IPXF_TRY(get_mark(tb[XFRMA_MARK], pid.mark));
        if (tb[XFRMA_IF_ID])
            IPXF_TRY(get_u(tb[XFRMA_IF_ID], pid.if_id, "if_id"));
        ev.policy_id = std::move(pid);
        if (nlh->nlmsg_type == XFRM_MSG_DELPOLICY && tb[XFRMA_POLICY]) {
            xfrm_userpolicy_info info;
            if (!get_fixed(tb[XFRMA_POLICY], info))
                return malformed("policy delete notification");
            Policy p = get_policy_info(info);
            IPXF_TRY(apply_policy_attrs(p, tb));
            ev.policy = std::move(p);
        }
        break;
    }
    case XFRM_MSG_POLEXPIRE: {
        xfrm_user_polexpire e;
        if (!parse_msg(nlh, e, tb))
            return malformed("policy expire notification");
        Policy p = get_policy_info(e.pol);
        IPXF_TRY(apply_policy_attrs(p, tb));
        ev.policy = std::move(p);
        ev.hard = e.hard != 0;
        break;
    }
    case XFRM_MSG_FLUSHSA: {
        if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(xfrm_usersa_flush))
            return malformed("SA flush notification");
        xfrm_usersa_flush f;
        std::memcpy(&f, NLMSG_DATA(nlh), sizeof(f));
        ev.flush_proto = f.proto;
        break;
    }
    case XFRM_MSG_FLUSHPOLICY: {
        std::memset(tb, 0, sizeof(tb));
        if (nlh->nlmsg_len > NLMSG_HDRLEN &&
            nlmsg_parse(const_cast<nlmsghdr*>(nlh), 0, tb, XFRMA_MAX, nullptr) != 0)
            return malformed("policy flush notification");
        if (tb[XFRMA_POLICY_TYPE]) {
            xfrm_userpolicy_type t{};
            if (get_fixed(tb[XFRMA_POLICY_TYPE], t))
                ev.flush_ptype = t.type;
        }
        if (!ev.flush_ptype)
            ev.flush_ptype = kPolicyTypeMain;
        break;
    }
    case XFRM_MSG_NEWAE: {
        xfrm_aevent_id ae;
        if (!parse_msg(nlh, ae, tb))
            return malformed("aevent notification");
        StateId id = get_sa_id(ae.sa_id);
        id.saddr = get_addr(ae.saddr, ae.sa_id.family);
        State s;
        s.family = ae.sa_id.family;
        s.daddr = id.daddr;
        s.spi = id.spi;
        s.proto = id.proto;
        s.saddr = *id.saddr;
        s.reqid = ae.reqid;
        IPXF_TRY(apply_state_attrs(s, tb));
        id.mark = s.mark;
        id.if_id = s.if_id;
        ev.state_id = std::move(id);
        ev.state = std::move(s);
        break;
    }
    case XFRM_MSG_MAPPING: {
        xfrm_user_mapping m;
        if (!parse_msg(nlh, m, tb))
            return malformed("mapping notification");
        ev.state_id = get_sa_id(m.id);
        break;
    }
    default:
        break; // REPORT and others: their fixed part only (below)
    }
    decode_event_info(nlh, ev);
    return ev;
}

Address address_from_kernel(const xfrm_address_t& a, std::uint16_t family) {
    return get_addr(a, family);
}

Selector selector_from_kernel(const xfrm_selector& s) {
    return get_selector(s);
}

StateId sa_id_from_kernel(const xfrm_usersa_id& id) {
    return get_sa_id(id);
}

StateId state_id_of(const State& s) {
    return StateId::of(s);
}

PolicyId policy_id_of(const Policy& p) {
    return PolicyId::of(p);
}

} // namespace ipxf::detail
