// SPDX-License-Identifier: GPL-2.0-or-later
// iproute2-compatible text printer (see print_text.hpp).
//
// The output follows `ip xfrm` of iproute2 6.1 byte for byte, including its
// trailing spaces and its quirks ("seq 0x%08u", "%#x" printing a zero mark as
// "0", the flag byte as binary digits, ...). In oneline mode (-o) every line
// break inside an object becomes a backslash and the object ends with one
// real newline.
#include "xfrm/print_text.hpp"

#include <arpa/inet.h>
#include <array>
#include <charconv>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <net/if.h>
#include <netdb.h>
#include <optional>
#include <string_view>
#include <sys/socket.h>
#include <utility>
#include <vector>

namespace ipxf {

namespace {

constexpr std::uint8_t kIpprotoRouting = 43; // IPPROTO_ROUTING
constexpr std::uint8_t kIpprotoDstopts = 60; // IPPROTO_DSTOPTS
constexpr std::uint8_t kIpsecProtoAny = 255; // IPSEC_PROTO_ANY
constexpr std::uint8_t kOffloadInbound = 2;  // XFRM_OFFLOAD_INBOUND

// printf into a std::string.
[[gnu::format(printf, 2, 3)]] void appendf(std::string& out, const char* fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (static_cast<std::size_t>(n) < sizeof(buf)) {
        out.append(buf, static_cast<std::size_t>(n));
        return;
    }
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    va_start(ap, fmt);
    std::vsnprintf(big.data(), big.size(), fmt, ap);
    va_end(ap);
    big.resize(static_cast<std::size_t>(n));
    out += big;
}

// Decimal digits of v appended to out (the listing's hot path: no printf).
void append_u(std::string& out, std::uint64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out.append(buf, static_cast<std::size_t>(
                        r.ptr - buf)); // (ptr, len): (first, last) is the slow generic replace
}

// rt_addr_n2a() appended to out; IPv4 formatted by hand (dumps of 100k
// policies print 300k addresses).
void append_addr(std::string& out, std::uint16_t family, const Address& a) {
    if (family == AF_INET) {
        for (int i = 0; i < 4; ++i) {
            if (i)
                out += '.';
            append_u(out, a.bytes[static_cast<std::size_t>(i)]);
        }
        return;
    }
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == AF_INET6 && inet_ntop(family, a.bytes.data(), buf, sizeof(buf))) {
        out += buf;
        return;
    }
    out += "???";
}

// rt_addr_n2a(): the address as the given family; anything else is "???".
std::string addr_str(std::uint16_t family, const Address& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == AF_INET || family == AF_INET6) {
        if (inet_ntop(family, a.bytes.data(), buf, sizeof(buf)))
            return buf;
    }
    return "???";
}

std::string time_str(std::uint64_t t) {
    if (t == 0)
        return "-";
    std::time_t tt = static_cast<std::time_t>(static_cast<long>(t));
    std::tm tm{};
    if (!localtime_r(&tt, &tm))
        return "-";
    char buf[64];
    std::size_t n = std::strftime(buf, sizeof(buf), "%Y-%m-%d %T", &tm);
    return std::string(buf, n);
}

std::string limit_str(std::uint64_t v) {
    if (v == kInfinite)
        return "(INF)";
    return std::to_string(v);
}

std::string mask8_str(std::uint8_t v) {
    std::string s;
    for (int bit = 7; bit >= 0; --bit)
        s += (v & (1u << bit)) ? '1' : '0';
    return s;
}

std::string ptype_name(std::uint8_t ptype) {
    switch (ptype) {
    case kPolicyTypeMain:
        return "main";
    case kPolicyTypeSub:
        return "sub";
    default:
        return std::to_string(ptype);
    }
}

// Prints named flag bits the way iproute2's XFRM_FLAG_PRINT does: a name is
// followed by a space only while other bits remain; leftovers in hex.
struct FlagName {
    std::uint32_t bit;
    const char* name;
};

template <std::size_t N>
void print_flags(std::string& out, std::uint32_t flags, const FlagName (&names)[N]) {
    for (const auto& f : names) {
        if (flags & f.bit) {
            flags &= ~f.bit;
            out += f.name;
            if (flags)
                out += ' ';
        }
    }
    if (flags)
        appendf(out, "%x", flags);
}

class Printer {
public:
    explicit Printer(const PrintOptions& opt)
        : opt_(opt), sl_(opt.oneline ? "\\" : "\n"), out_(own_) {}
    // Appends to `out` instead of a string of its own.
    Printer(const PrintOptions& opt, std::string& out)
        : opt_(opt), sl_(opt.oneline ? "\\" : "\n"), out_(out) {}

    std::string take() { return std::move(own_); }

    void state(const State& s, const std::string& title);
    void policy(const Policy& p, const std::string& title);

private:
    std::string ifname(int index) const { return interface_name(opt_, index); }
    void end_line() { out_ += sl_; }

    void id_info(const Address& saddr, const Address& daddr, std::uint32_t spi, std::uint8_t proto,
                 std::uint8_t mode, std::uint32_t reqid, std::uint16_t family, bool force_spi,
                 const char* prefix, const char* title);
    void selector(const Selector& sel, std::uint16_t family, const std::string& prefix);
    void lifetime(const LifetimeConfig& cfg, const LifetimeCurrent& cur, const char* prefix);
    void algorithm(const char* type, const Algorithm& alg, bool nokeys);
    void templates(const std::vector<Template>& tmpls, const char* prefix);
    void sec_ctx(const SecurityContext& ctx);
    void mark_lines(const std::optional<Mark>& mark, const std::optional<std::uint32_t>& omark,
                    const std::optional<std::uint32_t>& omask);
    void offload(const Offload& off, const char* prefix);

    const PrintOptions& opt_;
    const char* sl_;
    std::string own_;
    std::string& out_;
};

void Printer::id_info(const Address& saddr, const Address& daddr, std::uint32_t spi,
                      std::uint8_t proto, std::uint8_t mode, std::uint32_t reqid,
                      std::uint16_t family, bool force_spi, const char* prefix, const char* title) {
    if (title)
        out_ += title;
    out_ += "src ";
    append_addr(out_, family, saddr);
    out_ += " dst ";
    append_addr(out_, family, daddr);
    end_line();

    if (prefix)
        out_ += prefix;
    out_ += "\t";
    out_ += "proto ";
    out_ += xfrm_proto_name(proto);
    out_ += ' ';
    if (opt_.stats > 0 || force_spi || spi != 0) {
        appendf(out_, "spi 0x%08x", spi);
        if (opt_.stats > 0)
            appendf(out_, "(%u)", spi);
        out_ += " ";
    }
    out_ += "reqid ";
    append_u(out_, reqid);
    if (opt_.stats > 0)
        appendf(out_, "(0x%08x)", reqid);
    out_ += " ";
    out_ += "mode ";
    out_ += mode_name(mode);
    end_line();
}

void Printer::selector(const Selector& sel, std::uint16_t family, const std::string& prefix) {
    std::uint16_t f = sel.family;
    if (f == AF_UNSPEC)
        f = family;
    if (f == AF_UNSPEC)
        f = opt_.preferred_family;

    out_ += prefix;
    out_ += "src ";
    append_addr(out_, f, sel.saddr);
    out_ += '/';
    append_u(out_, sel.prefixlen_s);
    out_ += " dst ";
    append_addr(out_, f, sel.daddr);
    out_ += '/';
    append_u(out_, sel.prefixlen_d);
    out_ += ' ';
    if (sel.proto)
        out_ += "proto " + ip_proto_name(sel.proto) + " ";

    switch (sel.proto) {
    case ipproto::icmp:
    case ipproto::icmpv6:
        if (sel.sport_mask)
            appendf(out_, "type %u ", sel.sport);
        if (sel.dport_mask)
            appendf(out_, "code %u ", sel.dport);
        break;
    case ipproto::gre:
        if (sel.sport_mask || sel.dport_mask)
            appendf(out_, "key %u ", (std::uint32_t{sel.sport} << 16) + sel.dport);
        break;
    case ipproto::mh:
        if (sel.sport_mask)
            appendf(out_, "type %u ", sel.sport);
        // iproute2 prints the raw (network order) field here.
        if (sel.dport_mask && opt_.stats > 0)
            appendf(out_, "(dport) 0x%.4x ", htons(sel.dport));
        break;
    default:
        if (sel.sport_mask)
            appendf(out_, "sport %u ", sel.sport);
        if (sel.dport_mask)
            appendf(out_, "dport %u ", sel.dport);
        break;
    }

    if (sel.ifindex > 0)
        out_ += "dev " + ifname(sel.ifindex) + " ";
    if (opt_.stats > 0)
        appendf(out_, "uid %u", sel.user);
    end_line();
}

void Printer::lifetime(const LifetimeConfig& cfg, const LifetimeCurrent& cur, const char* prefix) {
    out_ += prefix;
    out_ += "lifetime config:";
    end_line();
    out_ += prefix;
    out_ += "  limit: soft " + limit_str(cfg.soft_byte_limit) + "(bytes),";
    out_ += " hard " + limit_str(cfg.hard_byte_limit) + "(bytes)";
    end_line();
    out_ += prefix;
    out_ += "  limit: soft " + limit_str(cfg.soft_packet_limit) + "(packets),";
    out_ += " hard " + limit_str(cfg.hard_packet_limit) + "(packets)";
    end_line();
    out_ += prefix;
    appendf(out_, "  expire add: soft %" PRIu64 "(sec), hard %" PRIu64 "(sec)",
            cfg.soft_add_expires_seconds, cfg.hard_add_expires_seconds);
    end_line();
    out_ += prefix;
    appendf(out_, "  expire use: soft %" PRIu64 "(sec), hard %" PRIu64 "(sec)",
            cfg.soft_use_expires_seconds, cfg.hard_use_expires_seconds);
    end_line();

    out_ += prefix;
    out_ += "lifetime current:";
    end_line();
    out_ += prefix;
    appendf(out_, "  %" PRIu64 "(bytes), %" PRIu64 "(packets)", cur.bytes, cur.packets);
    end_line();
    out_ += prefix;
    out_ += "  add " + time_str(cur.add_time) + " ";
    out_ += "use " + time_str(cur.use_time);
    end_line();
}

void Printer::algorithm(const char* type, const Algorithm& alg, bool nokeys) {
    out_ += "\t";
    out_ += type;
    out_ += " ";
    out_ += alg.name + " ";
    std::size_t keylen = alg.key_bits / 8;
    if (nokeys) {
        out_ += "<<Keys hidden>>";
    } else if (keylen > 0) {
        out_ += "0x";
        for (std::size_t i = 0; i < keylen; ++i)
            appendf(out_, "%.2x", i < alg.key.size() ? alg.key[i] : 0u);
        if (opt_.stats > 0)
            appendf(out_, " (%d bits)", static_cast<int>(alg.key_bits));
    }
    if (alg.icv_bits)
        appendf(out_, " %d", static_cast<int>(*alg.icv_bits));
    end_line();
}

void Printer::templates(const std::vector<Template>& tmpls, const char* prefix) {
    for (const auto& t : tmpls) {
        out_ += prefix;
        id_info(t.saddr, t.daddr, t.spi, t.proto, t.mode, t.reqid, t.family, false, prefix,
                "tmpl ");
        if (opt_.stats > 0 || t.optional) {
            out_ += prefix;
            out_ += "\t";
            switch (t.optional) {
            case 0:
                if (opt_.stats > 0)
                    out_ += "level required ";
                break;
            case 1:
                out_ += "level use ";
                break;
            default:
                appendf(out_, "level %u ", t.optional);
                break;
            }
            if (opt_.stats > 0)
                out_ += "share " + share_name(t.share) + " ";
            end_line();
        }
        if (opt_.stats > 0) {
            out_ += prefix;
            out_ += "\t";
            appendf(out_, "enc-mask %.8x ", t.ealgos);
            appendf(out_, "auth-mask %.8x ", t.aalgos);
            appendf(out_, "comp-mask %.8x", t.calgos);
            end_line();
        }
    }
}

void Printer::sec_ctx(const SecurityContext& ctx) {
    out_ += "\tsecurity context ";
    // like printf's %.*s: the kernel's copy usually ends in the NUL ip sent
    out_.append(ctx.context.data(), ctx.context.find('\0') == std::string::npos
                                        ? ctx.context.size()
                                        : ctx.context.find('\0'));
    out_ += " ";
    end_line();
}

void Printer::mark_lines(const std::optional<Mark>& mark, const std::optional<std::uint32_t>& omark,
                         const std::optional<std::uint32_t>& omask) {
    auto output_mark = [&] {
        appendf(out_, "output-mark 0x%x", *omark);
        if (omask)
            appendf(out_, "/0x%x", *omask);
    };
    if (mark) {
        appendf(out_, "\tmark %#x/%#x ", mark->value, mark->mask);
        if (omark)
            output_mark();
        end_line();
    } else if (omark) {
        out_ += "\t";
        output_mark();
        end_line();
    }
}

void Printer::offload(const Offload& off, const char* prefix) {
    out_ += prefix;
    out_ += "crypto offload parameters: ";
    out_ += "dev " + ifname(off.ifindex) + " dir ";
    out_ += (off.flags & kOffloadInbound) ? "in" : "out";
    end_line();
}

void Printer::state(const State& s, const std::string& title) {
    static const FlagName kStateFlags[] = {
        {state_flag::noecn, "noecn"},
        {state_flag::decap_dscp, "decap-dscp"},
        {state_flag::nopmtudisc, "nopmtudisc"},
        {state_flag::wildrecv, "wildrecv"},
        {state_flag::icmp, "icmp"},
        {state_flag::af_unspec, "af-unspec"},
        {state_flag::align4, "align4"},
        {state_flag::esn, "esn"},
    };
    static const FlagName kExtraFlags[] = {
        {state_extra_flag::dont_encap_dscp, "dont-encap-dscp"},
        {state_extra_flag::oseq_may_wrap, "oseq-may-wrap"},
    };
    const char* prefix = "\t";
    bool force_spi = s.proto == ipproto::esp || s.proto == ipproto::ah || s.proto == ipproto::comp;

    id_info(s.saddr, s.daddr, s.spi, s.proto, s.mode, s.reqid, s.family, force_spi, nullptr,
            title.empty() ? nullptr : title.c_str());

    out_ += prefix;
    appendf(out_, "replay-window %u ", s.replay_window);
    if (opt_.stats > 0)
        appendf(out_, "seq 0x%08u ", s.seq);
    if (opt_.stats > 0 || s.flags) {
        out_ += "flag ";
        print_flags(out_, s.flags, kStateFlags);
    }
    if (opt_.stats > 0 && s.extra_flags) {
        out_ += "extra_flag ";
        print_flags(out_, *s.extra_flags, kExtraFlags);
    }
    if (opt_.stats > 0)
        out_ += " (0x" + mask8_str(s.flags) + ")";
    end_line();

    // xfrm_xfrma_print()
    mark_lines(s.mark, s.output_mark, s.set_mark_mask);
    if (s.auth)
        algorithm(s.auth->icv_bits ? "auth-trunc" : "auth", *s.auth, opt_.nokeys);
    if (s.aead) {
        Algorithm a = *s.aead;
        if (!a.icv_bits)
            a.icv_bits = 0;
        algorithm("aead", a, opt_.nokeys);
    }
    if (s.enc) {
        Algorithm a = *s.enc;
        a.icv_bits.reset();
        algorithm("enc", a, opt_.nokeys);
    }
    if (s.comp) {
        Algorithm a = *s.comp;
        a.icv_bits.reset();
        algorithm("comp", a, opt_.nokeys);
    }
    if (s.encap) {
        out_ += prefix;
        out_ += "encap type ";
        switch (s.encap->type) {
        case 1:
            out_ += "espinudp-nonike ";
            break;
        case 2:
            out_ += "espinudp ";
            break;
        case 7:
            out_ += "espintcp ";
            break;
        default:
            appendf(out_, "%u ", s.encap->type);
            break;
        }
        appendf(out_, "sport %u ", s.encap->sport);
        appendf(out_, "dport %u ", s.encap->dport);
        out_ += "addr " + addr_str(s.family, s.encap->oa);
        end_line();
    }
    if (s.coaddr) {
        out_ += prefix;
        out_ += "coa " + addr_str(s.family, *s.coaddr);
        end_line();
    }
    if (s.lastused) {
        out_ += prefix;
        out_ += "lastused " + time_str(*s.lastused);
        end_line();
    }
    if (s.replay) {
        out_ += prefix;
        out_ += "anti-replay context: ";
        appendf(out_, "seq 0x%x, oseq 0x%x, bitmap 0x%08x", s.replay->seq, s.replay->oseq,
                s.replay->bitmap);
        end_line();
    }
    if (s.replay_esn) {
        const auto& r = *s.replay_esn;
        out_ += prefix;
        out_ += "anti-replay esn context:";
        end_line();
        out_ += prefix;
        appendf(out_, " seq-hi 0x%x, seq 0x%x, oseq-hi 0x%0x, oseq 0x%0x", r.seq_hi, r.seq,
                r.oseq_hi, r.oseq);
        end_line();
        out_ += prefix;
        appendf(out_, " replay_window %u, bitmap-length %zu", r.replay_window, r.bitmap.size());
        std::size_t j = 0;
        for (std::size_t i = r.bitmap.size(); i > 0; --i) {
            if (j++ % 8 == 0) {
                end_line();
                out_ += prefix;
                out_ += " ";
            }
            appendf(out_, "%08x ", r.bitmap[i - 1]);
        }
        end_line();
    }
    if (s.offload)
        offload(*s.offload, prefix);
    if (s.if_id) {
        out_ += prefix;
        appendf(out_, "if_id %#x", *s.if_id);
        end_line();
    }
    if (s.tfcpad) {
        out_ += prefix;
        appendf(out_, "tfcpad %u", *s.tfcpad);
        end_line();
    }

    if (!s.sel.is_zero())
        selector(s.sel, s.family, std::string(prefix) + "sel ");

    if (opt_.stats > 0) {
        lifetime(s.lft, s.curlft, prefix);
        out_ += prefix;
        out_ += "stats:";
        end_line();
        out_ += prefix;
        appendf(out_, "  replay-window %u replay %u failed %u", s.stats.replay_window,
                s.stats.replay, s.stats.integrity_failed);
        end_line();
    }
    if (s.sec_ctx)
        sec_ctx(*s.sec_ctx);
    if (opt_.oneline)
        out_ += "\n";
}

void Printer::policy(const Policy& p, const std::string& title) {
    static const FlagName kPolicyFlags[] = {
        {policy_flag::localok, "localok"},
        {policy_flag::icmp, "icmp"},
    };
    const char* prefix = "\t";

    selector(p.sel, opt_.preferred_family, title);
    if (p.sec_ctx)
        sec_ctx(*p.sec_ctx);

    out_ += prefix;
    std::uint8_t dir = p.dir;
    if (dir >= kPolicyDirMax) {
        dir = static_cast<std::uint8_t>(dir - kPolicyDirMax);
        out_ += "socket ";
    } else {
        out_ += "dir ";
    }
    switch (dir) {
    case 0:
        out_ += "in";
        break;
    case 1:
        out_ += "out";
        break;
    case 2:
        out_ += "fwd";
        break;
    default:
        appendf(out_, "%u", dir);
        break;
    }
    out_ += " ";

    switch (p.action) {
    case 0:
        if (opt_.stats > 0)
            out_ += "action allow ";
        break;
    case 1:
        out_ += "action block ";
        break;
    default:
        appendf(out_, "action %u ", p.action);
        break;
    }
    if (opt_.stats)
        appendf(out_, "index %u ", p.index);
    out_ += "priority ";
    append_u(out_, p.priority);
    out_ += ' ';
    if (p.ptype)
        out_ += "ptype " + ptype_name(*p.ptype) + " ";
    if (opt_.stats > 0)
        out_ += "share " + share_name(p.share) + " ";
    if (opt_.stats > 0 || p.flags) {
        out_ += "flag ";
        print_flags(out_, p.flags, kPolicyFlags);
    }
    if (opt_.stats > 0)
        out_ += " (0x" + mask8_str(p.flags) + ")";
    end_line();

    if (opt_.stats > 0)
        lifetime(p.lft, p.curlft, prefix);

    // xfrm_xfrma_print(): a policy carries only some of the attributes.
    mark_lines(p.mark, std::nullopt, std::nullopt);
    if (!p.tmpls.empty())
        templates(p.tmpls, prefix);
    if (p.offload)
        offload(*p.offload, prefix);
    if (p.if_id) {
        out_ += prefix;
        appendf(out_, "if_id %#x", *p.if_id);
        end_line();
    }
    if (opt_.oneline)
        out_ += "\n";
}

} // namespace

std::string share_name(std::uint8_t share) {
    static const char* const names[] = {"any", "session", "user", "unique"};
    return share < 4 ? names[share] : std::to_string(share);
}

const char* default_policy_name(std::uint8_t v) {
    switch (v) {
    case 0:
        return "unspec";
    case 1:
        return "block";
    case 2:
        return "accept";
    default:
        return "unknown";
    }
}

// ll_index_to_name(): "*" for 0, the name, or "if%d".
std::string interface_name(const PrintOptions& opt, int index) {
    if (opt.ifname)
        return opt.ifname(index);
    if (index == 0)
        return "*";
    char buf[IF_NAMESIZE + 1] = {};
    if (index > 0 && if_indextoname(static_cast<unsigned>(index), buf))
        return buf;
    return "if" + std::to_string(index);
}

std::string xfrm_proto_name(std::uint8_t proto) {
    switch (proto) {
    case ipproto::esp:
        return "esp";
    case ipproto::ah:
        return "ah";
    case ipproto::comp:
        return "comp";
    case kIpprotoRouting:
        return "route2";
    case kIpprotoDstopts:
        return "hao";
    case kIpsecProtoAny:
        return "ipsec-any";
    default:
        return std::to_string(proto);
    }
}

std::string mode_name(std::uint8_t mode) {
    switch (static_cast<Mode>(mode)) {
    case Mode::transport:
        return "transport";
    case Mode::tunnel:
        return "tunnel";
    case Mode::ro:
        return "ro";
    case Mode::in_trigger:
        return "in_trigger";
    case Mode::beet:
        return "beet";
    }
    return std::to_string(mode);
}

std::string ip_proto_name(std::uint8_t proto) {
    // getprotobynumber_r reads /etc/protocols on every call: remember the names.
    static std::mutex lock;
    static std::array<std::optional<std::string>, 256> cache;
    std::lock_guard<std::mutex> guard(lock);
    auto& slot = cache[proto];
    if (!slot) {
        protoent pe{};
        protoent* res = nullptr;
        char buf[1024];
        if (getprotobynumber_r(proto, &pe, buf, sizeof(buf), &res) == 0 && res && res->p_name)
            slot = res->p_name;
        else
            slot = std::to_string(proto);
    }
    return *slot;
}

std::optional<std::uint8_t> ip_proto_number(std::string_view name) {
    // /etc/protocols is read once, on the first call (getprotobyname reads the
    // file on every call, which -batch would pay per line).
    static const std::vector<std::pair<std::string, std::uint8_t>> table = [] {
        std::vector<std::pair<std::string, std::uint8_t>> t;
        static std::mutex lock; // getprotoent_r still shares the file position
        std::lock_guard<std::mutex> guard(lock);
        setprotoent(0);
        protoent pe{};
        protoent* res = nullptr;
        char buf[1024];
        while (getprotoent_r(&pe, buf, sizeof(buf), &res) == 0 && res) {
            if (res->p_proto < 0 || res->p_proto > 255)
                continue;
            const auto num = static_cast<std::uint8_t>(res->p_proto);
            if (res->p_name)
                t.emplace_back(res->p_name, num);
            for (char** alias = res->p_aliases; alias && *alias; ++alias)
                t.emplace_back(*alias, num);
        }
        endprotoent();
        return t;
    }();
    for (const auto& [entry, num] : table)
        if (entry == name)
            return num;
    return std::nullopt;
}

std::string format_state(const State& state, const PrintOptions& opt, const std::string& title) {
    Printer p(opt);
    p.state(state, title);
    return p.take();
}

void append_policy(std::string& out, const Policy& policy, const PrintOptions& opt,
                   const std::string& title) {
    Printer p(opt, out);
    p.policy(policy, title);
}

void append_state(std::string& out, const State& state, const PrintOptions& opt,
                  const std::string& title) {
    Printer p(opt, out);
    p.state(state, title);
}

std::string format_policy(const Policy& policy, const PrintOptions& opt, const std::string& title) {
    Printer p(opt);
    p.policy(policy, title);
    return p.take();
}

std::string format_sad_info(const SadInfo& info, const PrintOptions& opt) {
    std::string out;
    appendf(out, "\t SAD count %u", info.count);
    if (opt.stats)
        appendf(out, " (buckets count %d Max %d)", static_cast<int>(info.hash_count),
                static_cast<int>(info.hash_max));
    out += "\n";
    return out;
}

std::string format_spd_info(const SpdInfo& info, const PrintOptions& opt) {
    const char* sl = opt.oneline ? "\\" : "\n";
    std::string out = "\t SPD";
    appendf(out, " IN  %d", static_cast<int>(info.in));
    appendf(out, " OUT %d", static_cast<int>(info.out));
    appendf(out, " FWD %d", static_cast<int>(info.fwd));
    if (opt.stats)
        appendf(out, " (Sock: IN %d OUT %d FWD %d)", static_cast<int>(info.in_sock),
                static_cast<int>(info.out_sock), static_cast<int>(info.fwd_sock));
    out += sl;
    if (opt.stats > 1) {
        if (info.hash_count || info.hash_max) {
            appendf(out, "\t SPD buckets: count %d Max %d",
                    static_cast<int>(info.hash_count.value_or(0)),
                    static_cast<int>(info.hash_max.value_or(0)));
            out += sl;
        }
        if (info.ipv4_thresh) {
            appendf(out, "\t SPD IPv4 thresholds: local %d remote %d", info.ipv4_thresh->lbits,
                    info.ipv4_thresh->rbits);
            out += sl;
        }
        if (info.ipv6_thresh) {
            appendf(out, "\t SPD IPv6 thresholds: local %d remote %d", info.ipv6_thresh->lbits,
                    info.ipv6_thresh->rbits);
            out += sl;
        }
    }
    if (opt.oneline)
        out += "\n";
    return out;
}

std::string format_default_policy(const DefaultPolicy& def, const PrintOptions&) {
    std::string out = "Default policies:\n";
    out += std::string(" in:  ") + default_policy_name(def.in) + "\n";
    out += std::string(" fwd: ") + default_policy_name(def.fwd) + "\n";
    out += std::string(" out: ") + default_policy_name(def.out) + "\n";
    return out;
}

} // namespace ipxf
