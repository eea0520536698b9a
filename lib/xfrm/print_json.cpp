// SPDX-License-Identifier: GPL-2.0-or-later
// JSON printer for `ipxf -j` (see print_json.hpp).
//
// JSON OUTPUT SCHEMA
// ==================
// `ipxf -j state list` prints one array of SA objects, `ipxf -j policy list`
// one array of policy objects; `-p` indents them by 4 spaces, otherwise the
// output is compact. Keys are snake_case. A field whose netlink attribute the
// kernel did not send is absent from the object (never null), except where
// noted. Numbers are decimal JSON numbers; addresses are strings.
//
// Common types
//   family      "inet" | "inet6" | "unspec" | number (any other value)
//   time        seconds since the epoch, 0 = never (the text's "-")
//   limit       number, or null for no limit (the text's "(INF)")
//   algorithm   { "name": "cbc(aes)",
//                 "key": "0x0123...",   hex; absent with `nokeys` or when the
//                                       key is empty (key_bits 0)
//                 "key_bits": 128,
//                 "icv_bits": 96 }      aead ICV length / auth-trunc truncation
//                                       length; absent for enc, comp and a
//                                       plain (untruncated) auth
//   selector    { "family": family,
//                 "src": "10.1.0.0", "src_prefixlen": 16,
//                 "dst": "10.2.0.0", "dst_prefixlen": 16,
//                 "proto": "tcp",       /etc/protocols name or the number as
//                 "proto_num": 6,       a string; both absent when proto is 0
//                 "sport": 1234,        only when its mask is set (tcp, udp,
//                 "dport": 80,          sctp, dccp, others)
//                 "type": 8, "code": 0, icmp / ipv6-icmp (type also for mh)
//                 "key": 65538,         gre
//                 "dev": "eth0", "ifindex": 2, only when ifindex > 0
//                 "uid": 0 }
//   lifetime_config  { "soft_byte_limit": limit, "hard_byte_limit": limit,
//                      "soft_packet_limit": limit, "hard_packet_limit": limit,
//                      "soft_add_expires_seconds": n, "hard_add_expires_seconds": n,
//                      "soft_use_expires_seconds": n, "hard_use_expires_seconds": n }
//   lifetime_current { "bytes": n, "packets": n, "add_time": time, "use_time": time }
//   mark        { "value": 16, "mask": 255 }
//   security_context { "doi": n, "alg": n, "context": "system_u:..." }
//   offload     { "dev": "eth0", "ifindex": 2, "dir": "in" | "out" }
//
// SA object (ip xfrm state)
//   "src", "dst": address; "family": family
//   "proto": "esp" | "ah" | "comp" | "route2" | "hao" | number as a string
//   "spi": number; "spi_hex": "0x00001000"
//   "reqid": number; "mode": "transport" | "tunnel" | "ro" | "in_trigger" |
//       "beet" | number as a string
//   "replay_window": number; "seq": number
//   "flags": [ "noecn", "decap-dscp", "nopmtudisc", "wildrecv", "icmp",
//              "af-unspec", "align4", "esn", or unknown bits as "0x.." ]
//   "extra_flags": [ "dont-encap-dscp", "oseq-may-wrap", "0x.." ]
//   "mark": mark; "output_mark": { "value": n, "mask": n (if sent) }
//   "auth": algorithm (icv_bits present: it is auth-trunc)
//   "aead", "enc", "comp": algorithm
//   "encap": { "type": "espinudp-nonike" | "espinudp" | "espintcp" | number
//                as a string, "sport": n, "dport": n, "addr": address }
//   "coa": address; "lastused": time
//   "replay": { "seq": n, "oseq": n, "bitmap": n }
//   "replay_esn": { "seq_hi": n, "seq": n, "oseq_hi": n, "oseq": n,
//                   "replay_window": n, "bitmap": [ n, ... ] (word 0 first) }
//   "offload": offload; "if_id": n; "tfcpad": n
//   "sel": selector (absent when the selector is all zero, as in the text)
//   with -s only: "lifetime_config", "lifetime_current",
//                 "stats": { "replay_window": n, "replay": n, "integrity_failed": n }
//   "security_context": security_context
//
// Policy object (ip xfrm policy)
//   "sel": selector (always)
//   "security_context": security_context
//   "dir": "in" | "out" | "fwd" | number as a string; "socket": true for a
//       per-socket policy, false otherwise
//   "action": "allow" | "block" | number as a string
//   "index": n; "priority": n; "ptype": "main" | "sub" | number as a string
//   "share": "any" | "session" | "user" | "unique" | number as a string
//   "flags": [ "localok", "icmp", "0x.." ]
//   with -s only: "lifetime_config", "lifetime_current"
//   "mark": mark; "if_id": n; "offload": offload
//   "tmpl": [ { "src", "dst": address, "family": family, "proto": as for SAs,
//               "spi": n, "spi_hex": "0x..", "reqid": n, "mode": as for SAs,
//               "level": "required" | "use" | number as a string,
//               "share": as above,
//               "enc_mask": n, "auth_mask": n, "comp_mask": n } ... ]
//       (absent when the policy has no templates)
//
// Counts: `ipxf -j state count` prints
//   { "count": n, "hash_count": n, "hash_max": n }
// and `ipxf -j policy count`
//   { "in": n, "out": n, "fwd": n, "in_sock": n, "out_sock": n, "fwd_sock": n,
//     "hash_count": n, "hash_max": n,                 (when the kernel sent them)
//     "ipv4_thresh": { "local": n, "remote": n },     (idem)
//     "ipv6_thresh": { "local": n, "remote": n } }    (idem)
// and `ipxf -j policy getdefault`
//   { "in": "accept", "fwd": "accept", "out": "block" }  (or "unspec", "unknown")
//
// Strings are escaped per RFC 8259 (", \, control characters as \uXXXX or
// their short forms); bytes that are not valid UTF-8 become U+FFFD.
#include "xfrm/print_json.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <net/if.h>
#include <sys/socket.h>

namespace ipxf {

namespace {

constexpr std::uint8_t kOffloadInbound = 2; // XFRM_OFFLOAD_INBOUND

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
std::size_t utf8_len(const std::string& s, std::size_t i) {
    auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(s[k]);
    };
    unsigned char c = byte(i);
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0) {
        n = 2;
        cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
        cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

} // namespace

std::string json_quote(const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                out += buf;
            } else if (c >= 0x80) {
                std::size_t n = utf8_len(s, i);
                if (n == 0) {
                    out += "\\ufffd";
                    ++i;
                } else {
                    out.append(s, i, n);
                    i += n;
                }
                continue;
            } else {
                out += static_cast<char>(c);
            }
        }
        ++i;
    }
    out += '"';
    return out;
}

namespace {

// A small streaming JSON writer: it places the commas, and with `pretty` the
// newlines and 4-space indentation (like iproute2's -j -p).
class Json {
public:
    Json(bool pretty, int indent) : pretty_(pretty), depth_(indent) {}

    std::string take() { return std::move(out_); }

    Json& begin_object() { return open('{'); }
    Json& end_object() { return close('}'); }
    Json& begin_array() { return open('['); }
    Json& end_array() { return close(']'); }

    Json& key(const char* k) {
        item();
        out_ += json_quote(k);
        out_ += pretty_ ? ": " : ":";
        after_key_ = true;
        return *this;
    }

    Json& str(const std::string& v) { return raw(json_quote(v)); }
    Json& num(std::uint64_t v) { return raw(std::to_string(v)); }
    Json& snum(std::int64_t v) { return raw(std::to_string(v)); }
    Json& boolean(bool v) { return raw(v ? "true" : "false"); }
    Json& null() { return raw("null"); }

    // key + value shorthands
    Json& kstr(const char* k, const std::string& v) { return key(k).str(v); }
    Json& knum(const char* k, std::uint64_t v) { return key(k).num(v); }

private:
    Json& raw(const std::string& text) {
        item();
        out_ += text;
        return *this;
    }
    // Before a value or a key: the comma and, when pretty, the line break.
    void item() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!first_)
            out_ += ',';
        if (pretty_ && depth_stack_ > 0)
            newline(depth_);
        first_ = false;
    }
    Json& open(char c) {
        item();
        out_ += c;
        ++depth_;
        ++depth_stack_;
        first_ = true;
        return *this;
    }
    Json& close(char c) {
        --depth_;
        --depth_stack_;
        if (pretty_ && !first_)
            newline(depth_);
        out_ += c;
        first_ = false;
        return *this;
    }
    void newline(int depth) {
        out_ += '\n';
        out_.append(static_cast<std::size_t>(depth) * 4, ' ');
    }

    bool pretty_;
    int depth_;           // indentation level
    int depth_stack_ = 0; // containers opened by this writer
    bool first_ = true;
    bool after_key_ = false;
    std::string out_;
};

std::string family_name(std::uint16_t f) {
    switch (f) {
    case AF_INET:
        return "inet";
    case AF_INET6:
        return "inet6";
    case AF_UNSPEC:
        return "unspec";
    default:
        return std::to_string(f);
    }
}

void family_value(Json& j, std::uint16_t f) {
    if (f == AF_INET || f == AF_INET6 || f == AF_UNSPEC)
        j.str(family_name(f));
    else
        j.num(f);
}

// The address in the family it belongs to (like the text printer), falling
// back to the address's own family, then IPv4.
std::string addr_str(std::uint16_t family, const Address& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    int af = family == AF_INET || family == AF_INET6 ? family
             : a.family == AF_INET6                  ? AF_INET6
                                                     : AF_INET;
    if (inet_ntop(af, a.bytes.data(), buf, sizeof(buf)))
        return buf;
    return "";
}

std::string hex32(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "0x%08x", v);
    return buf;
}

struct FlagName {
    std::uint32_t bit;
    const char* name;
};

template <std::size_t N>
void flag_array(Json& j, const char* key, std::uint32_t flags, const FlagName (&names)[N]) {
    j.key(key).begin_array();
    for (const auto& f : names) {
        if (flags & f.bit) {
            flags &= ~f.bit;
            j.str(f.name);
        }
    }
    if (flags) {
        char buf[16];
        std::snprintf(buf, sizeof(buf), "0x%x", flags);
        j.str(buf);
    }
    j.end_array();
}

void limit(Json& j, const char* key, std::uint64_t v) {
    j.key(key);
    if (v == kInfinite)
        j.null();
    else
        j.num(v);
}

void lifetimes(Json& j, const LifetimeConfig& cfg, const LifetimeCurrent& cur) {
    j.key("lifetime_config").begin_object();
    limit(j, "soft_byte_limit", cfg.soft_byte_limit);
    limit(j, "hard_byte_limit", cfg.hard_byte_limit);
    limit(j, "soft_packet_limit", cfg.soft_packet_limit);
    limit(j, "hard_packet_limit", cfg.hard_packet_limit);
    j.knum("soft_add_expires_seconds", cfg.soft_add_expires_seconds);
    j.knum("hard_add_expires_seconds", cfg.hard_add_expires_seconds);
    j.knum("soft_use_expires_seconds", cfg.soft_use_expires_seconds);
    j.knum("hard_use_expires_seconds", cfg.hard_use_expires_seconds);
    j.end_object();
    j.key("lifetime_current").begin_object();
    j.knum("bytes", cur.bytes);
    j.knum("packets", cur.packets);
    j.knum("add_time", cur.add_time);
    j.knum("use_time", cur.use_time);
    j.end_object();
}

void selector(Json& j, const Selector& sel, std::uint16_t family, const PrintOptions& opt) {
    std::uint16_t f = sel.family;
    if (f == AF_UNSPEC)
        f = family;
    if (f == AF_UNSPEC)
        f = opt.preferred_family;
    j.begin_object();
    j.key("family");
    family_value(j, f);
    j.kstr("src", addr_str(f, sel.saddr));
    j.knum("src_prefixlen", sel.prefixlen_s);
    j.kstr("dst", addr_str(f, sel.daddr));
    j.knum("dst_prefixlen", sel.prefixlen_d);
    if (sel.proto) {
        j.kstr("proto", ip_proto_name(sel.proto));
        j.knum("proto_num", sel.proto);
    }
    switch (sel.proto) {
    case ipproto::icmp:
    case ipproto::icmpv6:
        if (sel.sport_mask)
            j.knum("type", sel.sport);
        if (sel.dport_mask)
            j.knum("code", sel.dport);
        break;
    case ipproto::gre:
        if (sel.sport_mask || sel.dport_mask)
            j.knum("key", (std::uint32_t{sel.sport} << 16) + sel.dport);
        break;
    case ipproto::mh:
        if (sel.sport_mask)
            j.knum("type", sel.sport);
        break;
    default:
        if (sel.sport_mask)
            j.knum("sport", sel.sport);
        if (sel.dport_mask)
            j.knum("dport", sel.dport);
        break;
    }
    if (sel.ifindex > 0) {
        j.kstr("dev", interface_name(opt, sel.ifindex));
        j.key("ifindex").snum(sel.ifindex);
    }
    j.knum("uid", sel.user);
    j.end_object();
}

void algorithm(Json& j, const char* key, const Algorithm& a, bool nokeys, bool with_icv) {
    j.key(key).begin_object();
    j.kstr("name", a.name);
    std::size_t keylen = a.key_bits / 8;
    if (!nokeys && keylen > 0) {
        std::string hex = "0x";
        static const char digits[] = "0123456789abcdef";
        for (std::size_t i = 0; i < keylen; ++i) {
            std::uint8_t b = i < a.key.size() ? a.key[i] : 0;
            hex += digits[b >> 4];
            hex += digits[b & 15];
        }
        j.kstr("key", hex);
    }
    j.knum("key_bits", a.key_bits);
    if (with_icv && a.icv_bits)
        j.knum("icv_bits", *a.icv_bits);
    j.end_object();
}

void mark(Json& j, const Mark& m) {
    j.key("mark").begin_object();
    j.knum("value", m.value);
    j.knum("mask", m.mask);
    j.end_object();
}

void sec_ctx(Json& j, const SecurityContext& c) {
    j.key("security_context").begin_object();
    j.knum("doi", c.doi);
    j.knum("alg", c.alg);
    j.kstr("context", c.context.substr(0, c.context.find('\0')));
    j.end_object();
}

void offload(Json& j, const Offload& o, const PrintOptions& opt) {
    j.key("offload").begin_object();
    j.kstr("dev", interface_name(opt, o.ifindex));
    j.key("ifindex").snum(o.ifindex);
    j.kstr("dir", (o.flags & kOffloadInbound) ? "in" : "out");
    j.end_object();
}

void state_body(Json& j, const State& s, const PrintOptions& opt) {
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
    j.begin_object();
    j.kstr("src", addr_str(s.family, s.saddr));
    j.kstr("dst", addr_str(s.family, s.daddr));
    j.key("family");
    family_value(j, s.family);
    j.kstr("proto", xfrm_proto_name(s.proto));
    j.knum("spi", s.spi);
    j.kstr("spi_hex", hex32(s.spi));
    j.knum("reqid", s.reqid);
    j.kstr("mode", mode_name(s.mode));
    j.knum("replay_window", s.replay_window);
    j.knum("seq", s.seq);
    flag_array(j, "flags", s.flags, kStateFlags);
    if (s.extra_flags)
        flag_array(j, "extra_flags", *s.extra_flags, kExtraFlags);
    if (s.mark)
        mark(j, *s.mark);
    if (s.output_mark) {
        j.key("output_mark").begin_object();
        j.knum("value", *s.output_mark);
        if (s.set_mark_mask)
            j.knum("mask", *s.set_mark_mask);
        j.end_object();
    }
    if (s.auth)
        algorithm(j, "auth", *s.auth, opt.nokeys, true);
    if (s.aead)
        algorithm(j, "aead", *s.aead, opt.nokeys, true);
    if (s.enc)
        algorithm(j, "enc", *s.enc, opt.nokeys, false);
    if (s.comp)
        algorithm(j, "comp", *s.comp, opt.nokeys, false);
    if (s.encap) {
        j.key("encap").begin_object();
        switch (s.encap->type) {
        case 1:
            j.kstr("type", "espinudp-nonike");
            break;
        case 2:
            j.kstr("type", "espinudp");
            break;
        case 7:
            j.kstr("type", "espintcp");
            break;
        default:
            j.kstr("type", std::to_string(s.encap->type));
            break;
        }
        j.knum("sport", s.encap->sport);
        j.knum("dport", s.encap->dport);
        j.kstr("addr", addr_str(s.family, s.encap->oa));
        j.end_object();
    }
    if (s.coaddr)
        j.kstr("coa", addr_str(s.family, *s.coaddr));
    if (s.lastused)
        j.knum("lastused", *s.lastused);
    if (s.replay) {
        j.key("replay").begin_object();
        j.knum("seq", s.replay->seq);
        j.knum("oseq", s.replay->oseq);
        j.knum("bitmap", s.replay->bitmap);
        j.end_object();
    }
    if (s.replay_esn) {
        const auto& r = *s.replay_esn;
        j.key("replay_esn").begin_object();
        j.knum("seq_hi", r.seq_hi);
        j.knum("seq", r.seq);
        j.knum("oseq_hi", r.oseq_hi);
        j.knum("oseq", r.oseq);
        j.knum("replay_window", r.replay_window);
        j.key("bitmap").begin_array();
        for (auto w : r.bitmap)
            j.num(w);
        j.end_array();
        j.end_object();
    }
    if (s.offload)
        offload(j, *s.offload, opt);
    if (s.if_id)
        j.knum("if_id", *s.if_id);
    if (s.tfcpad)
        j.knum("tfcpad", *s.tfcpad);
    if (!s.sel.is_zero()) {
        j.key("sel");
        selector(j, s.sel, s.family, opt);
    }
    if (opt.stats > 0) {
        lifetimes(j, s.lft, s.curlft);
        j.key("stats").begin_object();
        j.knum("replay_window", s.stats.replay_window);
        j.knum("replay", s.stats.replay);
        j.knum("integrity_failed", s.stats.integrity_failed);
        j.end_object();
    }
    if (s.sec_ctx)
        sec_ctx(j, *s.sec_ctx);
    j.end_object();
}

void policy_body(Json& j, const Policy& p, const PrintOptions& opt) {
    static const FlagName kPolicyFlags[] = {
        {policy_flag::localok, "localok"},
        {policy_flag::icmp, "icmp"},
    };
    static const char* const kDirs[] = {"in", "out", "fwd"};
    j.begin_object();
    j.key("sel");
    selector(j, p.sel, opt.preferred_family, opt);
    if (p.sec_ctx)
        sec_ctx(j, *p.sec_ctx);
    std::uint8_t dir = p.dir;
    bool socket = dir >= kPolicyDirMax;
    if (socket)
        dir = static_cast<std::uint8_t>(dir - kPolicyDirMax);
    j.kstr("dir", dir < 3 ? kDirs[dir] : std::to_string(dir));
    j.key("socket").boolean(socket);
    j.kstr("action", p.action == kPolicyAllow   ? std::string("allow")
                     : p.action == kPolicyBlock ? std::string("block")
                                                : std::to_string(p.action));
    j.knum("index", p.index);
    j.knum("priority", p.priority);
    if (p.ptype)
        j.kstr("ptype", *p.ptype == kPolicyTypeMain  ? std::string("main")
                        : *p.ptype == kPolicyTypeSub ? std::string("sub")
                                                     : std::to_string(*p.ptype));
    j.kstr("share", share_name(p.share));
    flag_array(j, "flags", p.flags, kPolicyFlags);
    if (opt.stats > 0)
        lifetimes(j, p.lft, p.curlft);
    if (p.mark)
        mark(j, *p.mark);
    if (!p.tmpls.empty()) {
        j.key("tmpl").begin_array();
        for (const auto& t : p.tmpls) {
            j.begin_object();
            j.kstr("src", addr_str(t.family, t.saddr));
            j.kstr("dst", addr_str(t.family, t.daddr));
            j.key("family");
            family_value(j, t.family);
            j.kstr("proto", xfrm_proto_name(t.proto));
            j.knum("spi", t.spi);
            j.kstr("spi_hex", hex32(t.spi));
            j.knum("reqid", t.reqid);
            j.kstr("mode", mode_name(t.mode));
            j.kstr("level", t.optional == 0   ? std::string("required")
                            : t.optional == 1 ? std::string("use")
                                              : std::to_string(t.optional));
            j.kstr("share", share_name(t.share));
            j.knum("enc_mask", t.ealgos);
            j.knum("auth_mask", t.aalgos);
            j.knum("comp_mask", t.calgos);
            j.end_object();
        }
        j.end_array();
    }
    if (p.offload)
        offload(j, *p.offload, opt);
    if (p.if_id)
        j.knum("if_id", *p.if_id);
    j.end_object();
}

template <typename T, typename Body>
std::string array_of(const std::vector<T>& items, const PrintOptions& opt, bool pretty, Body body) {
    if (items.empty())
        return "[]\n";
    std::string out = "[";
    bool first = true;
    for (const auto& item : items) {
        if (!first)
            out += ',';
        first = false;
        if (pretty)
            out += "\n    ";
        Json j(pretty, 1);
        body(j, item, opt);
        out += j.take();
    }
    if (pretty)
        out += '\n';
    out += "]\n";
    return out;
}

} // namespace

std::string state_to_json(const State& state, const PrintOptions& opt, bool pretty, int indent) {
    Json j(pretty, indent);
    state_body(j, state, opt);
    return j.take();
}

std::string policy_to_json(const Policy& policy, const PrintOptions& opt, bool pretty, int indent) {
    Json j(pretty, indent);
    policy_body(j, policy, opt);
    return j.take();
}

std::string states_to_json(const std::vector<State>& states, const PrintOptions& opt, bool pretty) {
    return array_of(states, opt, pretty, state_body);
}

std::string policies_to_json(const std::vector<Policy>& policies, const PrintOptions& opt,
                             bool pretty) {
    return array_of(policies, opt, pretty, policy_body);
}

std::string sad_info_to_json(const SadInfo& info, bool pretty) {
    Json j(pretty, 0);
    j.begin_object();
    j.knum("count", info.count);
    j.knum("hash_count", info.hash_count);
    j.knum("hash_max", info.hash_max);
    j.end_object();
    return j.take() + "\n";
}

std::string spd_info_to_json(const SpdInfo& info, bool pretty) {
    Json j(pretty, 0);
    j.begin_object();
    j.knum("in", info.in);
    j.knum("out", info.out);
    j.knum("fwd", info.fwd);
    j.knum("in_sock", info.in_sock);
    j.knum("out_sock", info.out_sock);
    j.knum("fwd_sock", info.fwd_sock);
    if (info.hash_count)
        j.knum("hash_count", *info.hash_count);
    if (info.hash_max)
        j.knum("hash_max", *info.hash_max);
    auto thresh = [&](const char* key, const SpdHashThreshold& t) {
        j.key(key).begin_object();
        j.knum("local", t.lbits);
        j.knum("remote", t.rbits);
        j.end_object();
    };
    if (info.ipv4_thresh)
        thresh("ipv4_thresh", *info.ipv4_thresh);
    if (info.ipv6_thresh)
        thresh("ipv6_thresh", *info.ipv6_thresh);
    j.end_object();
    return j.take() + "\n";
}

std::string default_policy_to_json(const DefaultPolicy& def, bool pretty) {
    Json j(pretty, 0);
    j.begin_object();
    j.kstr("in", default_policy_name(def.in));
    j.kstr("fwd", default_policy_name(def.fwd));
    j.kstr("out", default_policy_name(def.out));
    j.end_object();
    return j.take() + "\n";
}

} // namespace ipxf
