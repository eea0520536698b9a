// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf save`'s lines: one SA or policy as the `xfrm state add` or `xfrm
// policy add` command that recreates it, in the grammar ipxf and ip parse
// (keys in hex). What the kernel keeps but no command can set (counters,
// the replay bitmap, hardware offload) is left out.
#include "save_lines.hpp"

#include "grammar.hpp"

#include <cinttypes>
#include <cstdio>
#include <net/if.h>

namespace ipxf::cli {
namespace {

std::string hex_key(const std::vector<std::uint8_t>& key) {
    static const char digits[] = "0123456789abcdef";
    std::string out = "0x";
    for (std::uint8_t b : key) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out == "0x" ? "\"\"" : out;
}

std::string hex32(std::uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof(b), "0x%08x", v);
    return b;
}

std::string num(std::uint64_t v) {
    return std::to_string(v);
}

std::string addr(const Address& a, std::uint16_t family) {
    Address shown = a;
    shown.family = family;
    return shown.to_string();
}

// A word that survives ipxf's and ip's batch reader: no blank, quote,
// '#' or backslash, not empty.
std::string plain_word(const std::string& w, const char* what) {
    bool ok = !w.empty();
    for (char ch : w)
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '"' || ch == '\'' ||
            ch == '#' || ch == '\\' || ch == '\0')
            ok = false;
    if (!ok)
        throw CliError(kExitSemantic, std::string("ipxf save: a ") + what +
                                          " that a command line cannot carry: \"" + w + "\"");
    return w;
}

std::string device(int ifindex) {
    char name[IF_NAMESIZE] = {};
    if (!if_indextoname(static_cast<unsigned>(ifindex), name))
        throw CliError(kExitSemantic, "ipxf save: interface " +
                                          num(static_cast<std::uint64_t>(ifindex)) +
                                          " of a selector has no name");
    return name;
}

// SELECTOR := src ADDR/PLEN dst ADDR/PLEN [ dev DEV ] [ UPSPEC ]
std::string selector(const Selector& s, std::uint16_t family) {
    const std::uint16_t f = s.family ? s.family : family;
    std::string out = "src " + addr(s.saddr, f) + "/" + num(s.prefixlen_s) + " dst " +
                      addr(s.daddr, f) + "/" + num(s.prefixlen_d);
    if (s.ifindex)
        out += " dev " + device(s.ifindex);
    if (!s.proto)
        return out;
    out += " proto " + ip_proto_name(s.proto);
    switch (s.proto) {
    case ipproto::icmp:
    case ipproto::icmpv6:
    case ipproto::mh:
        if (s.sport_mask)
            out += " type " + num(s.sport);
        if (s.dport_mask)
            out += " code " + num(s.dport);
        break;
    case ipproto::gre:
        if (s.sport_mask || s.dport_mask)
            out += " key " + num((std::uint32_t{s.sport} << 16) | s.dport);
        break;
    default:
        if (s.sport_mask)
            out += " sport " + num(s.sport);
        if (s.dport_mask)
            out += " dport " + num(s.dport);
        break;
    }
    return out;
}

std::string limits(const LifetimeConfig& l) {
    std::string out;
    auto time = [&](const char* w, std::uint64_t v) {
        if (v)
            out += std::string(" limit ") + w + " " + num(v);
    };
    auto count = [&](const char* w, std::uint64_t v) {
        if (v != kInfinite)
            out += std::string(" limit ") + w + " " + num(v);
    };
    time("time-soft", l.soft_add_expires_seconds);
    time("time-hard", l.hard_add_expires_seconds);
    time("time-use-soft", l.soft_use_expires_seconds);
    time("time-use-hard", l.hard_use_expires_seconds);
    count("byte-soft", l.soft_byte_limit);
    count("byte-hard", l.hard_byte_limit);
    count("packet-soft", l.soft_packet_limit);
    count("packet-hard", l.hard_packet_limit);
    return out;
}

template <typename T>
std::string flag_words(const char* keyword, const std::vector<std::pair<const char*, T>>& table,
                       std::uint32_t flags) {
    std::string out;
    for (const auto& [name, bit] : table)
        if (flags & bit)
            out += std::string(" ") + name;
    return out.empty() ? out : std::string(" ") + keyword + out;
}

std::string mark(const char* keyword, const std::optional<Mark>& m) {
    if (!m)
        return {};
    return std::string(" ") + keyword + " " + hex32(m->value) + " mask " + hex32(m->mask);
}

std::string context(const std::optional<SecurityContext>& ctx) {
    if (!ctx)
        return {};
    std::string text = ctx->context;
    if (!text.empty() && text.back() == '\0')
        text.pop_back();
    return " ctx " + plain_word(text, "security context");
}

std::string algorithms(const State& s) {
    std::string out;
    if (s.aead)
        out += " aead " + plain_word(s.aead->name, "algorithm name") + " " + hex_key(s.aead->key) +
               " " + num(s.aead->icv_bits.value_or(0));
    if (s.enc)
        out += " enc " + plain_word(s.enc->name, "algorithm name") + " " + hex_key(s.enc->key);
    if (s.auth && s.auth->icv_bits)
        out += " auth-trunc " + plain_word(s.auth->name, "algorithm name") + " " +
               hex_key(s.auth->key) + " " + num(*s.auth->icv_bits);
    else if (s.auth)
        out += " auth " + plain_word(s.auth->name, "algorithm name") + " " + hex_key(s.auth->key);
    if (s.comp)
        out += " comp " + plain_word(s.comp->name, "algorithm name");
    return out;
}

std::string replay(const State& s) {
    std::string out;
    std::uint32_t window = s.replay_window, seq = 0, oseq = 0, seq_hi = 0, oseq_hi = 0;
    if (s.replay_esn) {
        window = s.replay_esn->replay_window;
        seq = s.replay_esn->seq;
        oseq = s.replay_esn->oseq;
        seq_hi = s.replay_esn->seq_hi;
        oseq_hi = s.replay_esn->oseq_hi;
    } else if (s.replay) {
        seq = s.replay->seq;
        oseq = s.replay->oseq;
    }
    auto word = [&](const char* w, std::uint32_t v) {
        if (v)
            out += std::string(" ") + w + " " + num(v);
    };
    word("replay-window", window);
    word("replay-seq", seq);
    word("replay-oseq", oseq);
    word("replay-seq-hi", seq_hi);
    word("replay-oseq-hi", oseq_hi);
    return out;
}

std::string encap(const State& s) {
    if (!s.encap)
        return {};
    const Encap& e = *s.encap;
    const char* type = e.type == 1   ? "espinudp-nonike"
                       : e.type == 2 ? "espinudp"
                       : e.type == 7 ? "espintcp"
                                     : nullptr;
    if (!type)
        throw CliError(kExitSemantic, "ipxf save: an SA with encapsulation type " + num(e.type) +
                                          ", which a command line cannot give");
    return std::string(" encap ") + type + " " + num(e.sport) + " " + num(e.dport) + " " +
           addr(e.oa, e.oa.family ? e.oa.family : s.family);
}

std::string template_words(const Template& t, std::uint16_t family) {
    const std::uint16_t f = t.family ? t.family : family;
    std::string out = " tmpl";
    if (!t.saddr.is_zero())
        out += " src " + addr(t.saddr, f);
    if (!t.daddr.is_zero())
        out += " dst " + addr(t.daddr, f);
    out += " proto " + xfrm_proto_name(t.proto);
    if (t.spi)
        out += " spi " + hex32(t.spi);
    if (t.reqid)
        out += " reqid " + num(t.reqid);
    out += " mode " + mode_name(t.mode);
    if (t.optional)
        out += " level use";
    return out;
}

} // namespace

std::string state_save_line(const State& s) {
    std::string out = "xfrm state add src " + addr(s.saddr, s.family) + " dst " +
                      addr(s.daddr, s.family) + " proto " + xfrm_proto_name(s.proto) + " spi " +
                      hex32(s.spi);
    if (s.reqid)
        out += " reqid " + num(s.reqid);
    out += " mode " + mode_name(s.mode);
    if (s.seq)
        out += " seq " + num(s.seq);
    out += replay(s);
    out += flag_words("flag", kStateFlags, s.flags);
    out += flag_words("extra-flag", kStateExtraFlags, s.extra_flags.value_or(0));
    out += algorithms(s);
    if (!s.sel.is_zero())
        out += " sel " + selector(s.sel, s.family);
    out += limits(s.lft);
    out += encap(s);
    if (s.coaddr)
        out += " coa " + addr(*s.coaddr, s.coaddr->family ? s.coaddr->family : s.family);
    out += context(s.sec_ctx);
    out += mark("mark", s.mark);
    if (s.output_mark || s.set_mark_mask)
        out += " output-mark " + hex32(s.output_mark.value_or(0)) + " mask " +
               hex32(s.set_mark_mask.value_or(0));
    if (s.if_id)
        out += " if_id " + num(*s.if_id);
    if (s.tfcpad)
        out += " tfcpad " + num(*s.tfcpad);
    return out + "\n";
}

std::string policy_save_line(const Policy& p) {
    static const char* dirs[] = {"in", "out", "fwd"};
    if (p.is_socket())
        throw CliError(kExitSemantic, "ipxf save: a socket policy cannot be saved");
    std::string out = "xfrm policy add " + selector(p.sel, p.sel.family) + " dir " + dirs[p.dir];
    out += context(p.sec_ctx);
    out += mark("mark", p.mark);
    out += " index " + num(p.index);
    if (p.ptype.value_or(kPolicyTypeMain) == kPolicyTypeSub)
        out += " ptype sub";
    if (p.action == kPolicyBlock)
        out += " action block";
    if (p.priority)
        out += " priority " + num(p.priority);
    out += flag_words("flag", kPolicyFlags, p.flags);
    if (p.if_id)
        out += " if_id " + num(*p.if_id);
    out += limits(p.lft);
    for (const Template& t : p.tmpls)
        out += template_words(t, p.sel.family);
    return out + "\n";
}

} // namespace ipxf::cli
