// SPDX-License-Identifier: GPL-2.0-or-later
// The `ip xfrm state` grammar: add/update, get/delete, list/deleteall filters.
#include "grammar.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <net/if.h>
#include <netdb.h>
#include <string_view>
#include <sys/socket.h>

namespace ipxf::cli {

// ---------------------------------------------------------------- states

namespace {

// What `state add/update` gathers besides the State itself, for the
// cross-field rules of validate() and finish().
struct StateParse {
    explicit StateParse(Globals& globals) : g(globals), preferred_family(globals.family) {}
    State s;
    Globals& g;                     // its family is the ID's once the ID is read
    std::uint16_t preferred_family; // -4, -6, -f: the selector's only constraint
    bool id = false;
    std::uint32_t replay_window = 0, rseq = 0, roseq = 0, rseq_hi = 0, roseq_hi = 0;
    std::optional<Mark> output_mark;
    const char* enc_seen = nullptr;
    const char* auth_seen = nullptr;
    const char* aead_seen = nullptr;
    const char* comp_seen = nullptr;
};

std::uint32_t u32_after(Cursor& c, const char* key) {
    c.next();
    return value_or_invalid<std::uint32_t>(c,
                                           std::string("value after \"") + key + "\" is invalid");
}

// ALGO := { enc | auth | aead | comp } ALGO-NAME [ ALGO-KEYMAT ], with
// auth-trunc's ALGO-TRUNC-LEN and aead's ALGO-ICV-LEN after the key.
void apply_algorithm(StateParse& p, Cursor& c) {
    static const char* kAlgTypes[] = {"enc", "auth", "auth-trunc", "aead", "comp"};
    const std::string w = c.cur();
    const char* type = nullptr;
    for (const char* t : kAlgTypes)
        if (w == t)
            type = t;
    const bool is_enc = w == "enc", is_aead = w == "aead", is_comp = w == "comp";
    const bool is_auth = w == "auth" || w == "auth-trunc";
    if ((is_enc && (p.enc_seen || p.aead_seen)) ||
        (is_aead && (p.enc_seen || p.auth_seen || p.aead_seen)) ||
        (is_auth && (p.auth_seen || p.aead_seen)) || (is_comp && p.comp_seen))
        c.duplicate("ALGO-TYPE");
    (is_enc ? p.enc_seen : is_aead ? p.aead_seen : is_comp ? p.comp_seen : p.auth_seen) = type;
    if (!c.has_next())
        c.missing("ALGO-NAME");
    Algorithm a;
    a.name = c.next();
    if (a.name.size() >= 64)
        c.invalid("ALGO-NAME is too long (at most 63 characters)");
    if (!is_comp) {
        if (!c.has_next())
            c.missing("ALGO-KEYMAT");
        c.next();
        a.key = parse_key(c);
    }
    a.key_bits = static_cast<std::uint32_t>(a.key.size() * 8);
    if (is_aead) {
        if (!c.has_next())
            c.missing("ALGO-ICV-LEN");
        c.next();
        a.icv_bits = value_or_invalid<std::uint32_t>(c, "ALGO-ICV-LEN value is invalid");
    } else if (w == "auth-trunc") {
        if (!c.has_next())
            c.missing("ALGO-TRUNC-LEN");
        c.next();
        a.icv_bits = value_or_invalid<std::uint32_t>(c, "ALGO-TRUNC-LEN value is invalid");
    }
    (is_enc ? p.s.enc : is_aead ? p.s.aead : is_comp ? p.s.comp : p.s.auth) = std::move(a);
}

// encap ENCAP-TYPE SPORT DPORT OADDR
void apply_encap(StateParse& p, Cursor& c) {
    Encap e;
    c.next();
    if (c.cur() == "espinudp-nonike")
        e.type = 1;
    else if (c.cur() == "espinudp")
        e.type = 2;
    else if (c.cur() == "espintcp")
        e.type = 7;
    else
        c.invalid("ENCAP-TYPE value is invalid");
    c.next();
    e.sport = value_or_invalid<std::uint16_t>(c, "SPORT value after \"encap\" is invalid");
    c.next();
    e.dport = value_or_invalid<std::uint16_t>(c, "DPORT value after \"encap\" is invalid");
    c.next();
    auto oa = Address::parse(c.cur());
    // ip takes an address of either family here (an IPv6 SA may carry 0.0.0.0)
    if (!oa)
        throw CliError(kExitSemantic,
                       std::string("Error: ") + family_word(p.g.family) +
                           " address is expected rather than \"" + c.cur() + "\".",
                       "at word " + std::to_string(c.pos() + 1) + ": " + c.context(c.pos()) +
                           " (encap ends with the original address)");
    e.oa = *oa;
    p.s.encap = e;
}

// offload [ dev DEV ] dir DIR
void apply_offload(StateParse& p, Cursor& c) {
    Offload off;
    c.next();
    if (c.cur() == "dev") {
        c.next();
        unsigned idx = if_nametoindex(c.cur().c_str());
        if (idx == 0)
            c.invalid("value after \"offload dev\" is invalid");
        off.ifindex = static_cast<std::int32_t>(idx);
        c.next();
    }
    if (c.cur() != "dir")
        c.invalid("value after \"offload dir\" is invalid");
    c.next();
    if (c.cur() == "in")
        off.flags = 2; // XFRM_OFFLOAD_INBOUND
    else if (c.cur() == "out")
        off.flags = 0;
    else
        c.invalid("DIR value is invalid");
    p.s.offload = off;
}

// output-mark OUTPUT-MARK [ mask MASK ]
void apply_output_mark(StateParse& p, Cursor& c) {
    Mark m;
    c.next();
    m.value = value_or_invalid<std::uint32_t>(c, "value after \"output-mark\" is invalid");
    if (c.has_next()) {
        c.advance();
        if (c.cur() == "mask") {
            c.next();
            m.mask = value_or_invalid<std::uint32_t>(c, "mask value is invalid\n");
        } else {
            c.back();
        }
    }
    p.output_mark = m;
}

// sel SELECTOR. Its family is its own: an IPv4 tunnel may carry IPv6
// traffic and the reverse; only -4/-6/-f constrain it.
void apply_selector(StateParse& p, Cursor& c) {
    c.next();
    SelectorSeen seen;
    Globals local = p.g;
    local.family = p.preferred_family;
    parse_selector(c, p.s.sel, local, seen);
}

// coa ADDR (route optimization, with proto route2 or hao)
void apply_coa(StateParse& p, Cursor& c) {
    if (p.s.coaddr)
        c.duplicate("coa");
    c.next();
    p.s.coaddr = parse_prefix(c, p.g.family, "coa").addr;
}

using StateWord = void (*)(StateParse&, Cursor&);
struct StateKeyword {
    const char* word;
    StateWord apply; // the cursor on the keyword; leaves it on the last word used
};

// The words of `state add/update` but the ID.
constexpr StateKeyword kStateWords[] = {
    {"mode",
     [](StateParse& p, Cursor& c) {
         c.next(), p.s.mode = parse_mode(c);
     }},
    {"mark",
     [](StateParse& p, Cursor& c) {
         p.s.mark = parse_mark(c);
     }},
    {"reqid",
     [](StateParse& p, Cursor& c) {
         c.next();
         p.s.reqid = value_or_invalid<std::uint32_t>(c, "REQID value is invalid");
     }},
    {"seq",
     [](StateParse& p, Cursor& c) {
         c.next();
         // like ip (get_be32): the kernel gets the number in network byte order
         p.s.seq = htonl(value_or_invalid<std::uint32_t>(c, "SEQ value is invalid"));
     }},
    {"replay-window",
     [](StateParse& p, Cursor& c) {
         p.replay_window = u32_after(c, "replay-window");
     }},
    {"replay-seq",
     [](StateParse& p, Cursor& c) {
         p.rseq = u32_after(c, "replay-seq");
     }},
    {"replay-oseq",
     [](StateParse& p, Cursor& c) {
         p.roseq = u32_after(c, "replay-oseq");
     }},
    {"replay-seq-hi",
     [](StateParse& p, Cursor& c) {
         p.rseq_hi = u32_after(c, "replay-seq-hi");
     }},
    {"replay-oseq-hi",
     [](StateParse& p, Cursor& c) {
         p.roseq_hi = u32_after(c, "replay-oseq-hi");
     }},
    {"flag",
     [](StateParse& p, Cursor& c) {
         c.next();
         p.s.flags = parse_flag_list(c, kStateFlags, "FLAG value is invalid");
     }},
    {"extra-flag",
     [](StateParse& p, Cursor& c) {
         c.next();
         std::uint32_t x = parse_flag_list(c, kStateExtraFlags, "\"EXTRA-FLAG\" is invalid");
         if (x)
             p.s.extra_flags = x;
     }},
    {"limit",
     [](StateParse& p, Cursor& c) {
         c.next(), parse_limit(c, p.s.lft);
     }},
    {"encap", apply_encap},
    {"sel", apply_selector},
    {"coa", apply_coa},
    {"ctx",
     [](StateParse& p, Cursor& c) {
         if (p.s.sec_ctx)
             c.duplicate("ctx");
         c.next();
         p.s.sec_ctx = security_context(c.cur());
     }},
    {"offload", apply_offload},
    {"output-mark", apply_output_mark},
    {"if_id",
     [](StateParse& p, Cursor& c) {
         p.s.if_id = u32_after(c, "if_id");
     }},
    {"tfcpad",
     [](StateParse& p, Cursor& c) {
         if (std::uint32_t v = u32_after(c, "tfcpad"))
             p.s.tfcpad = v;
     }},
    {"enc", apply_algorithm},
    {"auth", apply_algorithm},
    {"auth-trunc", apply_algorithm},
    {"aead", apply_algorithm},
    {"comp", apply_algorithm},
};

StateWord find_state_word(const std::string& w) {
    for (const StateKeyword& k : kStateWords)
        if (w == k.word)
            return k.apply;
    return nullptr;
}

// The replay window: a legacy one up to 32 packets, else (or with esn) the
// ESN attribute with its bitmap.
void finish_replay(StateParse& p) {
    State& s = p.s;
    if ((s.flags & state_flag::esn) && p.replay_window == 0)
        throw CliError(kExitParse, "Error: esn flag set without replay-window.");
    if (p.replay_window > kReplayEsnMax)
        throw CliError(kExitParse, "Error: replay-window (" + std::to_string(p.replay_window) +
                                       ") > XFRMA_REPLAY_ESN_MAX (" +
                                       std::to_string(kReplayEsnMax) + ").");
    if ((s.flags & state_flag::esn) || p.replay_window > 32) {
        ReplayStateEsn esn;
        esn.seq = p.rseq;
        esn.oseq = p.roseq;
        esn.seq_hi = p.rseq_hi;
        esn.oseq_hi = p.roseq_hi;
        esn.replay_window = p.replay_window;
        esn.bitmap.assign((p.replay_window + 31) / 32, 0);
        s.replay_esn = esn;
    } else {
        if (p.rseq || p.roseq)
            s.replay = ReplayState{p.roseq, p.rseq, 0};
        s.replay_window = static_cast<std::uint8_t>(p.replay_window);
    }
}

// Which algorithms each XFRM-PROTO takes (ip's checks, same texts).
void validate_algorithms(const StateParse& p, const std::string& pname) {
    const State& s = p.s;
    const bool any = p.enc_seen || p.auth_seen || p.aead_seen || p.comp_seen;
    if (!is_ipsec_proto(s.proto)) {
        if (any)
            semantic("ALGO is invalid with XFRM-PROTO value \"" + pname + "\"");
        return;
    }
    const auto mode = static_cast<Mode>(s.mode);
    const bool mode_ok = mode == Mode::transport || mode == Mode::tunnel ||
                         (mode == Mode::beet && s.proto == ipproto::esp);
    if (!mode_ok)
        semantic("MODE value is invalid with XFRM-PROTO value \"" + pname + "\"");
    if (s.proto == ipproto::esp) {
        if (p.comp_seen)
            semantic("ALGO-TYPE value \"comp\" is invalid with XFRM-PROTO value \"esp\"");
        if (!p.enc_seen && !p.aead_seen)
            semantic("ALGO-TYPE value \"enc\" or \"aead\" is required with XFRM-PROTO value "
                     "\"esp\"",
                     "for example: enc 'cbc(aes)' 0x<32 hex digits> auth 'hmac(sha1)' 0x<40 "
                     "hex digits>");
    } else if (s.proto == ipproto::ah) {
        if (p.enc_seen || p.aead_seen || p.comp_seen)
            semantic("ALGO-TYPE values \"enc\", \"aead\", and \"comp\" are invalid with "
                     "XFRM-PROTO value \"ah\"");
        if (!p.auth_seen)
            semantic("ALGO-TYPE value \"auth\" or \"auth-trunc\" is required with XFRM-PROTO "
                     "value \"ah\"");
    } else if (s.proto == ipproto::comp) {
        if (p.enc_seen || p.auth_seen || p.aead_seen)
            semantic("ALGO-TYPE values \"enc\", \"auth\", \"auth-trunc\", and \"aead\" are "
                     "invalid with XFRM-PROTO value \"comp\"");
        if (!p.comp_seen)
            semantic("ALGO-TYPE value \"comp\" is required with XFRM-PROTO value \"comp\"");
    }
}

// The cross-field rules, in ip's order, and the attributes they settle.
void validate(StateParse& p) {
    finish_replay(p);
    State& s = p.s;
    if (!p.id)
        semantic("Not enough information: ID is required",
                 "give at least \"src ADDR dst ADDR proto esp|ah|comp spi SPI\"");
    if (s.mark && s.mark->mask == 0)
        s.mark.reset();
    const std::string pname = xfrm_proto_name(s.proto);
    validate_algorithms(p, pname);
    if (is_ro_proto(s.proto)) {
        const auto mode = static_cast<Mode>(s.mode);
        if (mode == Mode::transport)
            semantic("\"mode\" is required with XFRM-PROTO value \"" + pname + "\"");
        if (mode != Mode::ro && mode != Mode::in_trigger)
            semantic("MODE value is invalid with XFRM-PROTO value \"" + pname + "\"");
        if (!s.coaddr)
            semantic("\"coa\" is required with XFRM-PROTO value \"" + pname + "\"");
    } else if (s.coaddr) {
        semantic("\"coa\" is invalid with XFRM-PROTO value \"" + pname + "\"");
    }
    if (p.output_mark) {
        if (p.output_mark->value)
            s.output_mark = p.output_mark->value;
        if (p.output_mark->mask)
            s.set_mark_mask = p.output_mark->mask;
    }
    if (s.family == 0)
        s.family = AF_INET;
}

} // namespace

State parse_state_modify(Cursor& c, Globals& g) {
    StateParse p(g);
    p.s.family = g.family;
    const char* expected = "an ID (src, dst, proto, spi), an algorithm (enc, auth, auth-trunc, "
                           "aead, comp), mode, reqid, seq, replay-window, flag, sel, limit, "
                           "encap, mark, output-mark, if_id, tfcpad, extra-flag";
    for (; !c.done(); c.advance()) {
        const std::string& w = c.cur();
        if (StateWord apply = find_state_word(w)) {
            apply(p, c);
        } else if (is_id_word(w)) {
            if (p.id)
                c.invalid("unknown");
            p.id = true;
            parse_id(c, p.s.saddr, p.s.daddr, p.s.proto, p.s.spi, p.s.family, g, false);
            if (g.family == 0)
                g.family = p.s.family;
        } else {
            if (p.id)
                c.invalid("unknown");
            throw CliError(kExitParse, "Error: argument \"" + w + "\" is wrong: unknown",
                           "unknown word \"" + w + "\" at word " + std::to_string(c.pos() + 1) +
                               ": " + c.context(c.pos()) + "; expected " + expected);
        }
    }
    validate(p);
    return std::move(p.s);
}

StateId parse_state_id(Cursor& c, Globals& g) {
    StateId id;
    id.family = g.family;
    bool seen_id = false;
    Address saddr;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (w == "mark") {
            id.mark = parse_mark(c);
        } else if (is_id_word(w)) {
            if (seen_id)
                c.invalid("unknown");
            seen_id = true;
            parse_id(c, saddr, id.daddr, id.proto, id.spi, id.family, g, false);
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    if (!seen_id)
        semantic("Not enough information: ID is required");
    if (!saddr.is_zero() || saddr.family != 0)
        id.saddr = saddr;
    if (id.mark && id.mark->mask == 0)
        id.mark.reset();
    if (id.family == 0)
        id.family = AF_INET;
    return id;
}

StateFilter parse_state_filter(Cursor& c, Globals& g) {
    StateFilter f;
    f.use = !c.done() || g.family != 0;
    f.want.family = g.family;
    bool seen_id = false;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (w == "nokeys") {
            f.nokeys = true;
        } else if (w == "mode") {
            c.next();
            f.want.mode = parse_mode(c);
            f.mode = true;
        } else if (w == "reqid") {
            c.next();
            f.want.reqid = value_or_invalid<std::uint32_t>(c, "REQID value is invalid");
            f.reqid = true;
        } else if (w == "flag") {
            c.next();
            f.want.flags = parse_flag_list(c, kStateFlags, "FLAG value is invalid");
            f.flags = true;
        } else if (is_id_word(w)) {
            if (seen_id)
                c.invalid("unknown");
            seen_id = true;
            SelectorSeen seen;
            parse_id(c, f.want.saddr, f.want.daddr, f.want.proto, f.want.spi, f.want.family, g,
                     true, &seen, &f.spi, &f.proto);
            f.src_bits = seen.src_bits;
            f.dst_bits = seen.dst_bits;
            f.src = seen.src_bits != 0;
            f.dst = seen.dst_bits != 0;
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    return f;
}

bool StateFilter::matches(const State& s) const {
    if (!use)
        return true;
    if (want.family != 0 && want.family != s.family)
        return false;
    if (src && !prefix_match(s.saddr, want.saddr, src_bits))
        return false;
    if (dst && !prefix_match(s.daddr, want.daddr, dst_bits))
        return false;
    if (proto && want.proto != kIpsecProtoAny && s.proto != want.proto)
        return false;
    if (spi && s.spi != want.spi)
        return false;
    if (mode && s.mode != want.mode)
        return false;
    if (reqid && s.reqid != want.reqid)
        return false;
    if (flags && (s.flags & want.flags) == 0)
        return false;
    return true;
}

} // namespace ipxf::cli
