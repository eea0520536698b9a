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

State parse_state_modify(Cursor& c, Globals& g) {
    State s;
    s.family = g.family;
    const std::uint16_t preferred_family = g.family; // -4, -6, -f
    bool id = false, sel = false;
    std::uint32_t replay_window = 0, rseq = 0, roseq = 0, rseq_hi = 0, roseq_hi = 0;
    std::optional<Mark> output_mark;
    const char* enc_seen = nullptr;
    const char* auth_seen = nullptr;
    const char* aead_seen = nullptr;
    const char* comp_seen = nullptr;
    static const char* kAlgTypes[] = {"enc", "auth", "auth-trunc", "aead", "comp"};
    const char* expected = "an ID (src, dst, proto, spi), an algorithm (enc, auth, auth-trunc, "
                           "aead, comp), mode, reqid, seq, replay-window, flag, sel, limit, "
                           "encap, mark, output-mark, if_id, tfcpad, extra-flag";
    while (!c.done()) {
        const std::string w = c.cur();
        auto u32_after = [&](const char* key) {
            c.next();
            return value_or_invalid<std::uint32_t>(c, std::string("value after \"") + key +
                                                          "\" is invalid");
        };
        if (w == "mode") {
            c.next();
            s.mode = parse_mode(c);
        } else if (w == "mark") {
            s.mark = parse_mark(c);
        } else if (w == "reqid") {
            c.next();
            s.reqid = value_or_invalid<std::uint32_t>(c, "REQID value is invalid");
        } else if (w == "seq") {
            c.next();
            // like ip (get_be32): the kernel gets the number in network byte order
            s.seq = htonl(value_or_invalid<std::uint32_t>(c, "SEQ value is invalid"));
        } else if (w == "replay-window") {
            replay_window = u32_after("replay-window");
        } else if (w == "replay-seq") {
            rseq = u32_after("replay-seq");
        } else if (w == "replay-oseq") {
            roseq = u32_after("replay-oseq");
        } else if (w == "replay-seq-hi") {
            rseq_hi = u32_after("replay-seq-hi");
        } else if (w == "replay-oseq-hi") {
            roseq_hi = u32_after("replay-oseq-hi");
        } else if (w == "flag") {
            c.next();
            s.flags = parse_flag_list(c, kStateFlags, "FLAG value is invalid");
        } else if (w == "extra-flag") {
            c.next();
            std::uint32_t x = parse_flag_list(c, kStateExtraFlags, "\"EXTRA-FLAG\" is invalid");
            if (x)
                s.extra_flags = x;
        } else if (w == "sel") {
            c.next();
            SelectorSeen seen;
            // The selector's family is its own: an IPv4 tunnel may carry
            // IPv6 traffic and the reverse; only -4/-6/-f constrain it.
            Globals local = g;
            local.family = preferred_family;
            parse_selector(c, s.sel, local, seen);
            sel = true;
        } else if (w == "limit") {
            c.next();
            parse_limit(c, s.lft);
        } else if (w == "encap") {
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
                               std::string("Error: ") + family_word(g.family) +
                                   " address is expected rather than \"" + c.cur() + "\".",
                               "at word " + std::to_string(c.pos() + 1) + ": " +
                                   c.context(c.pos()) + " (encap ends with the original address)");
            e.oa = *oa;
            s.encap = e;
        } else if (w == "coa") {
            if (s.coaddr)
                c.duplicate("coa");
            c.next();
            Prefix p = parse_prefix(c, g.family, "coa");
            s.coaddr = p.addr;
        } else if (w == "ctx") {
            if (s.sec_ctx)
                c.duplicate("ctx");
            c.next();
            s.sec_ctx = security_context(c.cur());
        } else if (w == "offload") {
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
            s.offload = off;
        } else if (w == "output-mark") {
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
            output_mark = m;
        } else if (w == "if_id") {
            s.if_id = u32_after("if_id");
        } else if (w == "tfcpad") {
            std::uint32_t v = u32_after("tfcpad");
            if (v)
                s.tfcpad = v;
        } else if (w == "enc" || w == "auth" || w == "auth-trunc" || w == "aead" || w == "comp") {
            const char* type = nullptr;
            for (const char* t : kAlgTypes)
                if (w == t)
                    type = t;
            bool is_enc = w == "enc", is_aead = w == "aead", is_comp = w == "comp";
            bool is_auth = w == "auth" || w == "auth-trunc";
            if ((is_enc && (enc_seen || aead_seen)) ||
                (is_aead && (enc_seen || auth_seen || aead_seen)) ||
                (is_auth && (auth_seen || aead_seen)) || (is_comp && comp_seen))
                c.duplicate("ALGO-TYPE");
            (is_enc ? enc_seen : is_aead ? aead_seen : is_comp ? comp_seen : auth_seen) = type;
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
            (is_enc ? s.enc : is_aead ? s.aead : is_comp ? s.comp : s.auth) = a;
        } else if (is_id_word(w)) {
            if (id)
                c.invalid("unknown");
            id = true;
            parse_id(c, s.saddr, s.daddr, s.proto, s.spi, s.family, g, false);
            if (g.family == 0)
                g.family = s.family;
        } else {
            if (id)
                c.invalid("unknown");
            throw CliError(kExitParse, "Error: argument \"" + w + "\" is wrong: unknown",
                           "unknown word \"" + w + "\" at word " + std::to_string(c.pos() + 1) +
                               ": " + c.context(c.pos()) + "; expected " + expected);
        }
        c.advance();
    }
    (void)sel;
    if ((s.flags & state_flag::esn) && replay_window == 0)
        throw CliError(kExitParse, "Error: esn flag set without replay-window.");
    if (replay_window > kReplayEsnMax)
        throw CliError(kExitParse, "Error: replay-window (" + std::to_string(replay_window) +
                                       ") > XFRMA_REPLAY_ESN_MAX (" +
                                       std::to_string(kReplayEsnMax) + ").");
    if ((s.flags & state_flag::esn) || replay_window > 32) {
        ReplayStateEsn esn;
        esn.seq = rseq;
        esn.oseq = roseq;
        esn.seq_hi = rseq_hi;
        esn.oseq_hi = roseq_hi;
        esn.replay_window = replay_window;
        esn.bitmap.assign((replay_window + 31) / 32, 0);
        s.replay_esn = esn;
    } else {
        if (rseq || roseq)
            s.replay = ReplayState{roseq, rseq, 0};
        s.replay_window = static_cast<std::uint8_t>(replay_window);
    }
    if (!id)
        semantic("Not enough information: ID is required",
                 "give at least \"src ADDR dst ADDR proto esp|ah|comp spi SPI\"");
    if (s.mark && s.mark->mask == 0)
        s.mark.reset();
    const std::string pname = xfrm_proto_name(s.proto);
    if (is_ipsec_proto(s.proto)) {
        bool mode_ok = s.mode == 0 || s.mode == 1 || (s.mode == 4 && s.proto == ipproto::esp);
        if (!mode_ok)
            semantic("MODE value is invalid with XFRM-PROTO value \"" + pname + "\"");
        if (s.proto == ipproto::esp) {
            if (comp_seen)
                semantic("ALGO-TYPE value \"comp\" is invalid with XFRM-PROTO value \"esp\"");
            if (!enc_seen && !aead_seen)
                semantic("ALGO-TYPE value \"enc\" or \"aead\" is required with XFRM-PROTO value "
                         "\"esp\"",
                         "for example: enc 'cbc(aes)' 0x<32 hex digits> auth 'hmac(sha1)' 0x<40 "
                         "hex digits>");
        } else if (s.proto == ipproto::ah) {
            if (enc_seen || aead_seen || comp_seen)
                semantic("ALGO-TYPE values \"enc\", \"aead\", and \"comp\" are invalid with "
                         "XFRM-PROTO value \"ah\"");
            if (!auth_seen)
                semantic("ALGO-TYPE value \"auth\" or \"auth-trunc\" is required with XFRM-PROTO "
                         "value \"ah\"");
        } else if (s.proto == ipproto::comp) {
            if (enc_seen || auth_seen || aead_seen)
                semantic("ALGO-TYPE values \"enc\", \"auth\", \"auth-trunc\", and \"aead\" are "
                         "invalid with XFRM-PROTO value \"comp\"");
            if (!comp_seen)
                semantic("ALGO-TYPE value \"comp\" is required with XFRM-PROTO value \"comp\"");
        }
    } else if (enc_seen || auth_seen || aead_seen || comp_seen) {
        semantic("ALGO is invalid with XFRM-PROTO value \"" + pname + "\"");
    }
    if (is_ro_proto(s.proto)) {
        if (s.mode == 0)
            semantic("\"mode\" is required with XFRM-PROTO value \"" + pname + "\"");
        if (s.mode != 2 && s.mode != 3)
            semantic("MODE value is invalid with XFRM-PROTO value \"" + pname + "\"");
        if (!s.coaddr)
            semantic("\"coa\" is required with XFRM-PROTO value \"" + pname + "\"");
    } else if (s.coaddr) {
        semantic("\"coa\" is invalid with XFRM-PROTO value \"" + pname + "\"");
    }
    if (output_mark) {
        if (output_mark->value)
            s.output_mark = output_mark->value;
        if (output_mark->mask)
            s.set_mark_mask = output_mark->mask;
    }
    if (s.family == 0)
        s.family = AF_INET;
    return s;
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
