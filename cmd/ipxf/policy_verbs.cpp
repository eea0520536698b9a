// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf policy VERB ...`: one function per verb, in kPolicyVerbs.
#include "verbs.hpp"
#include "xfrm/print_json.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>
#include <utility>
#include <variant>

namespace ipxf::cli {
namespace {

int policy_modify(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    std::vector<BulkRequest>* bulk = a.bulk;
    const std::string& verb = a.verb;
    bool update = !matches(verb, "add");
    Policy p = parse_policy_modify(c, g);
    if (bulk) {
        // in place: a moved temporary variant trips GCC 12 -Wmaybe-uninitialized
        bulk->emplace_back(std::in_place_type<AddPolicy>, AddPolicy{std::move(p), update});
        return 0;
    }
    if (auto r = nl.add_policy(p, update); !r)
        kernel_error(r.error());
    return 0;
}

int policy_delete(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    std::vector<BulkRequest>* bulk = a.bulk;
    bool by_index = false;
    PolicyId id = parse_policy_id(c, g, by_index);
    if (bulk) {
        bulk->emplace_back(std::in_place_type<DeletePolicy>, DeletePolicy{std::move(id)});
        return 0;
    }
    if (auto r = nl.delete_policy(id); !r)
        kernel_error(r.error());
    return 0;
}

int policy_list(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    const std::string& verb = a.verb;
    bool del = matches(verb, "deleteall") || matches(verb, "delall");
    PolicyFilter f = parse_policy_filter(c, g);
    if (del) {
        std::vector<BulkRequest> reqs;
        auto r = nl.dump_policies([&](Policy&& p) {
            if (!f.matches(p) || p.is_socket())
                return; // socket policies cannot be deleted this way
            // By index too: the kernel finds it in a hash; by selector alone
            // it walks the list of every policy with a prefix selector
            // (100k tunnel policies: 441 s -> about 1 s).
            PolicyId id = PolicyId::of(p);
            id.index = p.index;
            reqs.push_back(DeletePolicy{std::move(id)});
        });
        if (!r)
            kernel_error(r.error());
        BulkOptions opt;
        opt.stop_on_error = false;
        BulkResult br = nl.bulk(reqs, opt);
        if (!br.failures.empty()) {
            std::fprintf(stderr, "Delete-all terminated: %zu of %zu deletions failed\n",
                         br.failures.size(), reqs.size());
            kernel_error(br.failures.front().error);
        }
        return 0;
    }
    if (g.json) {
        std::vector<Policy> keep;
        auto r = nl.dump_policies([&](Policy&& p) {
            if (f.matches(p))
                keep.push_back(std::move(p));
        });
        if (!r)
            kernel_error(r.error());
        print_out(policies_to_json(keep, g.print, g.pretty));
        return 0;
    }
    // Streamed: each policy is printed as it arrives, in 1 MiB writes.
    std::string out;
    out.reserve(1 << 20);
    auto r = nl.dump_policies([&](Policy&& p) {
        if (!f.matches(p))
            return;
        append_policy(out, p, g.print);
        if (out.size() > (1 << 20) - 4096) {
            print_out(out);
            out.clear();
        }
    });
    print_out(out);
    if (!r)
        kernel_error(r.error());
    return 0;
}

int policy_get(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    bool by_index = false;
    PolicyId id = parse_policy_id(c, g, by_index);
    auto p = nl.get_policy(id);
    if (!p)
        kernel_error(p.error());
    print_out(g.json ? policy_to_json(*p, g.print, g.pretty) + "\n" : format_policy(*p, g.print));
    return 0;
}

int policy_flush(VerbArgs& a) {
    Cursor& c = a.c;
    Netlink& nl = a.nl;
    std::optional<std::uint8_t> ptype;
    while (!c.done()) {
        if (c.cur() == "ptype") {
            if (ptype)
                c.duplicate("ptype");
            c.next();
            ptype = parse_policy_type(c);
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    if (auto r = nl.flush_policies(ptype); !r)
        kernel_error(r.error());
    return 0;
}

int policy_count(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    warn_extra_words(c, "count");
    auto info = nl.spd_info();
    if (!info)
        kernel_error(info.error());
    print_out(g.json ? spd_info_to_json(*info, g.pretty) : format_spd_info(*info, g.print));
    return 0;
}

int policy_set(VerbArgs& a) {
    Cursor& c = a.c;
    Netlink& nl = a.nl;
    SpdHashThreshold v4, v6;
    auto info = nl.spd_info();
    if (info && info->ipv4_thresh)
        v4 = *info->ipv4_thresh;
    if (info && info->ipv6_thresh)
        v6 = *info->ipv6_thresh;
    bool seen4 = false, seen6 = false;
    while (!c.done()) {
        bool is4 = c.cur() == "hthresh4";
        if (!is4 && c.cur() != "hthresh6")
            c.invalid("unknown");
        if (is4 ? seen4 : seen6)
            c.duplicate(c.cur());
        (is4 ? seen4 : seen6) = true;
        SpdHashThreshold& t = is4 ? v4 : v6;
        unsigned max = is4 ? 32 : 128;
        for (std::uint8_t* bits : {&t.lbits, &t.rbits}) {
            c.next();
            char* end = nullptr;
            unsigned long v = std::strtoul(c.cur().c_str(), &end, 0);
            if (c.cur().empty() || *end || v > max)
                c.invalid(std::string(is4 ? "hthresh4" : "hthresh6") + " LBITS value is invalid");
            *bits = static_cast<std::uint8_t>(v);
        }
        c.advance();
    }
    if (auto r = nl.set_spd_hash_threshold(v4, v6); !r)
        kernel_error(r.error());
    return 0;
}

int policy_setdefault(VerbArgs& a) {
    Cursor& c = a.c;
    Netlink& nl = a.nl;
    auto cur = nl.get_default_policy();
    if (!cur)
        kernel_error(cur.error());
    DefaultPolicy d = *cur;
    if (c.done()) {
        std::fprintf(stderr, "ipxf: warning: setdefault without DIR ACTION changes nothing\n");
        return 0;
    }
    bool seen[3] = {false, false, false}; // in, out, fwd
    while (!c.done()) {
        std::uint8_t* slot = nullptr;
        int which = 0;
        if (c.cur() == "in")
            slot = &d.in, which = 0;
        else if (c.cur() == "out")
            slot = &d.out, which = 1;
        else if (c.cur() == "fwd")
            slot = &d.fwd, which = 2;
        else
            c.invalid("DIR value is invalid");
        if (seen[which])
            c.duplicate(c.cur());
        seen[which] = true;
        c.next();
        if (c.cur() == "block")
            *slot = 1;
        else if (c.cur() == "accept")
            *slot = 2;
        else
            c.invalid("ACTION value is invalid");
        c.advance();
    }
    if (auto r = nl.set_default_policy(d); !r)
        kernel_error(r.error());
    return 0;
}

int policy_getdefault(VerbArgs& a) {
    Globals& g = a.g;
    Netlink& nl = a.nl;
    auto d = nl.get_default_policy();
    if (!d)
        kernel_error(d.error());
    print_out(g.json ? default_policy_to_json(*d, g.pretty) : format_default_policy(*d, g.print));
    return 0;
}

[[noreturn]] int policy_help(VerbArgs&) {
    policy_usage();
}

constexpr Verb kPolicyVerbs[] = {
    {{"add", "update"}, policy_modify},
    {{"delete"}, policy_delete},
    {{"deleteall", "delall", "list", "show", "lst"}, policy_list},
    {{"get"}, policy_get},
    {{"flush"}, policy_flush},
    {{"count"}, policy_count},
    {{"set"}, policy_set},
    {{"setdefault"}, policy_setdefault},
    {{"getdefault"}, policy_getdefault},
    {{"help"}, policy_help},
};

} // namespace

int policy_command(Cursor& c, Globals& g, Netlink& nl, std::vector<BulkRequest>* bulk) {
    return run_verb(kPolicyVerbs, std::size(kPolicyVerbs), c, g, nl, bulk, "policy");
}

} // namespace ipxf::cli
