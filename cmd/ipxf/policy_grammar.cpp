// SPDX-License-Identifier: GPL-2.0-or-later
// The `ip xfrm policy` grammar: add/update, get/delete, list/deleteall filters.
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

namespace {

// The words `policy add/update` and `policy get/delete` share: dir, ctx,
// mark, ptype, if_id and the selector (Policy and PolicyId name these fields
// alike). Returns false when the word at the cursor is none of them.
struct PolicyWordsSeen {
    bool dir = false, sel = false, ptype = false;
};

template <typename P>
bool parse_policy_shared_word(Cursor& c, Globals& g, P& p, PolicyWordsSeen& seen) {
    const std::string_view w = c.cur();
    if (w == "dir") {
        if (seen.dir)
            c.duplicate("dir");
        seen.dir = true;
        c.next();
        p.dir = parse_dir(c);
    } else if (w == "ctx") {
        if (p.sec_ctx)
            c.duplicate("ctx");
        c.next();
        p.sec_ctx = security_context(c.cur());
    } else if (w == "mark") {
        p.mark = parse_mark(c);
    } else if (w == "ptype") {
        if (seen.ptype)
            c.duplicate("ptype");
        seen.ptype = true;
        c.next();
        p.ptype = parse_ptype(c);
    } else if (w == "if_id") {
        c.next();
        p.if_id = value_or_invalid<std::uint32_t>(c, "IF_ID value is invalid");
    } else if (!seen.sel && is_selector_word(w)) {
        seen.sel = true;
        SelectorSeen sel_seen;
        parse_selector(c, p.sel, g, sel_seen);
        if (g.family == 0)
            g.family = p.sel.family;
    } else {
        return false;
    }
    return true;
}

} // namespace

// ---------------------------------------------------------------- policies

Policy parse_policy_modify(Cursor& c, Globals& g) {
    Policy p;
    p.sel.family = g.family;
    PolicyWordsSeen seen;
    const char* expected = "dir, index, ptype, action, priority, flag, limit, tmpl, mark, "
                           "if_id, ctx or a selector (src, dst, dev, proto, sport, dport, ...)";
    while (!c.done()) {
        const std::string_view w = c.cur();
        if (parse_policy_shared_word(c, g, p, seen)) {
            // dir, ctx, mark, ptype, if_id or the selector: done
        } else if (w == "index") {
            c.next();
            p.index = value_or_invalid<std::uint32_t>(c, "INDEX value is invalid");
        } else if (w == "action") {
            c.next();
            p.action = parse_action(c);
        } else if (w == "priority") {
            c.next();
            p.priority = value_or_invalid<std::uint32_t>(c, "PRIORITY value is invalid");
        } else if (w == "flag") {
            c.next();
            p.flags = parse_flag_list(c, kPolicyFlags, "FLAG value is invalid");
        } else if (w == "limit") {
            c.next();
            parse_limit(c, p.lft);
        } else if (w == "tmpl") {
            // ip's 1 KiB buffer holds 16 (xfrm_user_tmpl is 64 bytes); the
            // kernel takes at most XFRM_MAX_DEPTH (6) and says so itself.
            if (p.tmpls.size() >= kMaxTemplates)
                semantic("Too many tmpls: buffer overflow");
            c.next();
            Template t = parse_tmpl(c, g);
            p.tmpls.push_back(t);
        } else {
            unknown_word(c, expected);
        }
        c.advance();
    }
    if (!seen.dir)
        semantic("Not enough information: DIR is required.",
                 "add \"dir in\", \"dir out\" or \"dir fwd\" (tunnel mode gateways need fwd too)");
    for (const Template& t : p.tmpls)
        if (mode_of(t.mode) == Mode::tunnel && (t.saddr.is_zero() || t.daddr.is_zero()))
            std::fprintf(stderr,
                         "ipxf: warning: a tunnel-mode tmpl without \"src ADDR dst ADDR\" "
                         "(the tunnel endpoints): the kernel will look for an SA to 0.0.0.0\n");
    if (p.mark && p.mark->mask == 0)
        p.mark.reset();
    if (p.sel.family == 0)
        p.sel.family = AF_INET;
    return p;
}

PolicyId parse_policy_id(Cursor& c, Globals& g, bool& by_index) {
    PolicyId id;
    id.sel.family = g.family;
    PolicyWordsSeen seen;
    bool index = false;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (parse_policy_shared_word(c, g, id, seen)) {
            // dir, ctx, mark, ptype, if_id or the selector: done
        } else if (w == "index") {
            if (index)
                c.duplicate("index");
            index = true;
            c.next();
            id.index = value_or_invalid<std::uint32_t>(c, "INDEX value is invalid");
        } else {
            if (seen.sel)
                c.invalid("unknown");
            unknown_word(c, "dir, index, ptype, mark, if_id or a selector");
        }
        c.advance();
    }
    if (!seen.dir)
        semantic("Not enough information: DIR is required.");
    if (!seen.sel && !index)
        semantic("Not enough information: selector or INDEX is required.");
    if (seen.sel && index) // iproute2's duparg2()
        throw CliError(kExitParse,
                       "Error: either \"SELECTOR\" is duplicate, or \"INDEX\" is a garbage.",
                       "give either a selector or \"index N\", not both");
    if (id.mark && id.mark->mask == 0)
        id.mark.reset();
    if (id.sel.family == 0)
        id.sel.family = AF_INET;
    by_index = index;
    return id;
}

PolicyFilter parse_policy_filter(Cursor& c, Globals& g) {
    PolicyFilter f;
    f.use = !c.done() || g.family != 0;
    f.want.sel.family = g.family;
    bool sel = false;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (w == "dir") {
            c.next();
            f.want.dir = parse_dir(c);
            f.dir = true;
        } else if (w == "index") {
            c.next();
            f.want.index = value_or_invalid<std::uint32_t>(c, "INDEX value is invalid");
            f.index = true;
        } else if (w == "ptype") {
            c.next();
            f.ptype_value = parse_ptype(c);
            f.ptype = true;
        } else if (w == "action") {
            c.next();
            f.want.action = parse_action(c);
            f.action = true;
        } else if (w == "priority") {
            c.next();
            f.want.priority = value_or_invalid<std::uint32_t>(c, "PRIORITY value is invalid");
            f.priority = true;
        } else if (w == "flag") {
            c.next();
            f.want.flags = parse_flag_list(c, kPolicyFlags, "FLAG value is invalid");
            f.flags = true;
        } else if (w == "nosock") {
            f.nosock = true;
        } else if (!sel && is_selector_word(w)) {
            sel = true;
            SelectorSeen seen;
            parse_selector(c, f.want.sel, g, seen);
            f.src_bits = seen.src_bits;
            f.dst_bits = seen.dst_bits;
            f.dev = seen.dev;
            f.uproto = seen.proto;
            f.sport = seen.sport;
            f.dport = seen.dport;
            if (g.family == 0)
                g.family = f.want.sel.family;
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    return f;
}

bool PolicyFilter::matches(const Policy& p) const {
    if (!use)
        return true;
    if (want.sel.family != 0 && want.sel.family != p.sel.family)
        return false;
    if (dir && p.dir != want.dir)
        return false;
    if (nosock && p.is_socket())
        return false;
    if (ptype && p.ptype.value_or(kPolicyTypeMain) != ptype_value)
        return false;
    if (src_bits && !prefix_match(p.sel.saddr, want.sel.saddr, src_bits))
        return false;
    if (dst_bits && !prefix_match(p.sel.daddr, want.sel.daddr, dst_bits))
        return false;
    if (dev && p.sel.ifindex != want.sel.ifindex)
        return false;
    if (uproto && p.sel.proto != want.sel.proto)
        return false;
    if (sport && p.sel.sport != want.sel.sport)
        return false;
    if (dport && p.sel.dport != want.sel.dport)
        return false;
    if (index && p.index != want.index)
        return false;
    if (action && p.action != want.action)
        return false;
    if (priority && p.priority != want.priority)
        return false;
    if (flags && (p.flags & want.flags) == 0)
        return false;
    return true;
}

} // namespace ipxf::cli
