// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf state VERB ...`: one function per verb, in kStateVerbs.
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

int state_modify(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    std::vector<BulkRequest>* bulk = a.bulk;
    const std::string& verb = a.verb;
    bool update = !matches(verb, "add");
    State s = parse_state_modify(c, g);
    if (bulk) {
        bulk->emplace_back(std::in_place_type<AddState>, AddState{std::move(s), update});
        return 0;
    }
    if (auto r = nl.add_state(s, update); !r)
        kernel_error(r.error(), r.error().code == EINVAL ? key_length_hint(s) : std::string());
    return 0;
}

// `state allocspi`'s words: ID [ mode MODE ] [ mark MARK [ mask MASK ] ]
// [ reqid REQID ] [ seq SEQ ] [ min SPI max SPI ].
struct AllocSpi {
    State s;
    std::uint32_t min = 0, max = 0;
    bool have_min = false, have_max = false, id = false;
};

// reqid, seq, min, max: a 32-bit number each
void allocspi_number(Cursor& c, AllocSpi& r) {
    const std::string w = c.cur();
    if ((w == "min" && r.have_min) || (w == "max" && r.have_max))
        c.duplicate(w);
    c.next();
    char* end = nullptr;
    unsigned long long v = std::strtoull(c.cur().c_str(), &end, 0);
    if (c.cur().empty() || *end || v > 0xffffffffULL)
        c.invalid(w == "reqid" ? "REQID value is invalid"
                  : w == "seq" ? "SEQ value is invalid"
                               : "value after \"" + w + "\" is invalid");
    auto v32 = static_cast<std::uint32_t>(v);
    if (w == "reqid")
        r.s.reqid = v32;
    else if (w == "seq")
        r.s.seq = htonl(v32); // network byte order, like ip
    else if (w == "min")
        r.min = v32, r.have_min = true;
    else
        r.max = v32, r.have_max = true;
}

// mark MARK [ mask MASK ]
void allocspi_mark(Cursor& c, AllocSpi& r) {
    c.next();
    char* end = nullptr;
    unsigned long v = std::strtoul(c.cur().c_str(), &end, 0);
    if (c.cur().empty() || *end)
        c.invalid("MARK value is invalid\n");
    r.s.mark = Mark{static_cast<std::uint32_t>(v), 0xffffffff};
    if (!c.has_next())
        return;
    c.advance();
    if (c.cur() != "mask") {
        c.back();
        return;
    }
    c.next();
    unsigned long m = std::strtoul(c.cur().c_str(), &end, 0);
    if (c.cur().empty() || *end)
        c.invalid("MASK value is invalid\n");
    r.s.mark->mask = static_cast<std::uint32_t>(m);
}

// The ID (src, dst, proto, spi) through the state id parser; leaves the
// cursor after it.
void allocspi_id(Cursor& c, Globals& g, AllocSpi& r) {
    if (r.id)
        c.invalid("unknown");
    r.id = true;
    std::vector<std::string> words;
    while (!c.done() &&
           (c.cur() == "src" || c.cur() == "dst" || c.cur() == "proto" || c.cur() == "spi")) {
        words.push_back(c.cur());
        words.push_back(c.next());
        c.advance();
    }
    Cursor idc(words);
    Globals tmp = g;
    const StateId sid = parse_state_id(idc, tmp);
    r.s.daddr = sid.daddr;
    r.s.saddr = sid.saddr.value_or(Address{});
    r.s.proto = sid.proto;
    r.s.spi = sid.spi;
    r.s.family = sid.family;
}

AllocSpi parse_allocspi(Cursor& c, Globals& g) {
    AllocSpi r;
    while (!c.done()) {
        const std::string w = c.cur();
        if (w == "mode") {
            c.next();
            const std::string& m = c.cur();
            r.s.mode = matches(m, "transport")    ? 0
                       : matches(m, "tunnel")     ? 1
                       : matches(m, "ro")         ? 2
                       : matches(m, "in_trigger") ? 3
                       : matches(m, "beet")       ? 4
                                                  : (c.invalid("MODE value is invalid"), 0);
        } else if (w == "reqid" || w == "seq" || w == "min" || w == "max") {
            allocspi_number(c, r);
        } else if (w == "mark") {
            allocspi_mark(c, r);
        } else if (w == "src" || w == "dst" || w == "proto" || w == "spi") {
            allocspi_id(c, g, r);
            continue;
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    if (!r.id)
        throw CliError(kExitSemantic, "Not enough information: ID is required");
    if (r.s.spi)
        throw CliError(kExitSemantic, "\"spi\" is invalid");
    if (r.have_min && !r.have_max)
        throw CliError(kExitSemantic, "\"max\" is missing");
    if (r.have_max && !r.have_min)
        throw CliError(kExitSemantic, "\"min\" is missing");
    if (r.have_min && r.min > r.max)
        throw CliError(kExitSemantic, "value after \"min\" is larger than value after \"max\"");
    if (!r.have_min) {
        r.min = 0x100;
        r.max = 0x0fffffff;
    }
    return r;
}

int state_allocspi(VerbArgs& a) {
    const AllocSpi r = parse_allocspi(a.c, a.g);
    auto got = a.nl.alloc_spi(r.s, r.min, r.max);
    if (!got)
        kernel_error(got.error());
    print_out(a.g.json ? state_to_json(*got, a.g.print, a.g.pretty) + "\n"
                       : format_state(*got, a.g.print));
    return 0;
}

int state_get_delete(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    std::vector<BulkRequest>* bulk = a.bulk;
    const std::string& verb = a.verb;
    bool del = matches(verb, "delete");
    StateId id = parse_state_id(c, g);
    if (del) {
        if (bulk) {
            bulk->emplace_back(std::in_place_type<DeleteState>, DeleteState{std::move(id)});
            return 0;
        }
        if (auto r = nl.delete_state(id); !r)
            kernel_error(r.error());
        return 0;
    }
    auto s = nl.get_state(id);
    if (!s)
        kernel_error(s.error());
    print_out(g.json ? state_to_json(*s, g.print, g.pretty) + "\n" : format_state(*s, g.print));
    return 0;
}

int state_list(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    const std::string& verb = a.verb;
    bool del = matches(verb, "deleteall") || matches(verb, "delall");
    StateFilter f = parse_state_filter(c, g);
    auto all = nl.dump_states();
    if (!all)
        kernel_error(all.error());
    PrintOptions po = g.print;
    po.nokeys = f.nokeys;
    std::vector<State> keep;
    for (auto& s : *all)
        if (f.matches(s))
            keep.push_back(std::move(s));
    if (del) {
        std::vector<BulkRequest> reqs;
        for (auto& s : keep)
            reqs.push_back(DeleteState{StateId::of(s)});
        BulkOptions opt;
        opt.stop_on_error = false;
        BulkResult r = nl.bulk(reqs, opt);
        if (!r.failures.empty()) {
            std::fprintf(stderr, "Delete-all terminated: %zu of %zu deletions failed\n",
                         r.failures.size(), reqs.size());
            kernel_error(r.failures.front().error);
        }
        return 0;
    }
    if (g.json) {
        print_out(states_to_json(keep, po, g.pretty));
    } else {
        std::string out;
        for (auto& s : keep)
            out += format_state(s, po);
        print_out(out);
    }
    return 0;
}

int state_flush(VerbArgs& a) {
    Cursor& c = a.c;
    Netlink& nl = a.nl;
    std::uint8_t proto = kIpsecProtoAny;
    bool proto_seen = false;
    while (!c.done()) {
        if (c.cur() == "proto") {
            if (proto_seen)
                c.duplicate("proto");
            proto_seen = true;
            c.next();
            int p = xfrm_proto_number(c.cur());
            if (p < 0)
                c.invalid("XFRM-PROTO value is invalid");
            proto = static_cast<std::uint8_t>(p);
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    if (auto r = nl.flush_states(proto); !r)
        kernel_error(r.error());
    return 0;
}

int state_count(VerbArgs& a) {
    Cursor& c = a.c;
    Globals& g = a.g;
    Netlink& nl = a.nl;
    warn_extra_words(c, "count");
    auto info = nl.sad_info();
    if (!info)
        kernel_error(info.error());
    print_out(g.json ? sad_info_to_json(*info, g.pretty) : format_sad_info(*info, g.print));
    return 0;
}

[[noreturn]] int state_help(VerbArgs&) {
    state_usage();
}

constexpr Verb kStateVerbs[] = {
    {{"add", "update"}, state_modify},
    {{"allocspi"}, state_allocspi},
    {{"delete", "get"}, state_get_delete},
    {{"deleteall", "delall", "list", "show", "lst"}, state_list},
    {{"flush"}, state_flush},
    {{"count"}, state_count},
    {{"help"}, state_help},
};

} // namespace

int state_command(Cursor& c, Globals& g, Netlink& nl, std::vector<BulkRequest>* bulk) {
    return run_verb(kStateVerbs, std::size(kStateVerbs), c, g, nl, bulk, "state");
}

} // namespace ipxf::cli
