// ipxf's commands: state/policy verbs run against the kernel through
// libipxf, printed by the text or JSON printer.
#include "cli.hpp"
#include "xfrm/print_json.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <iostream>
#include <sys/socket.h>
#include <utility>

namespace ipxf::cli {
namespace {

[[noreturn]] void kernel_error(const Error& e, std::string specific_hint = {}) {
    std::string msg;
    if (e.detail && !e.detail->empty())
        msg = "Error: " + *e.detail + ".\n";
    msg += "RTNETLINK answers: " + std::string(std::strerror(e.code));
    std::string hint;
    if (e.code == ENOENT || e.code == ESRCH)
        hint = "no such SA/policy, or the kernel lacks the algorithm or protocol module "
               "(esp4, ah4, the crypto template)";
    else if (e.code == EINVAL)
        hint = "the kernel rejected a value: check key lengths (rfc4106(gcm(aes)) needs "
               "16/24/32 key bytes + 4 salt bytes), ICV/truncation lengths and mode";
    else if (e.code == EEXIST)
        hint = "it already exists: use \"update\" to change it, or delete it first";
    if (!specific_hint.empty())
        hint = std::move(specific_hint);
    throw CliError(kExitKernel, msg, hint);
}

// What is wrong with the key or ICV lengths of an SA the kernel refused
// (the classic mistakes: the rfc4106 salt, AES key sizes), or "".
std::string key_length_hint(const State& s) {
    auto bytes = [](const Algorithm& a) {
        return a.key.size();
    };
    auto in = [](std::size_t v, std::initializer_list<std::size_t> ok) {
        for (auto o : ok)
            if (v == o)
                return true;
        return false;
    };
    auto name_has = [](const Algorithm& a, const char* what) {
        return a.name.find(what) != std::string::npos;
    };
    if (s.aead) {
        const Algorithm& a = *s.aead;
        std::string got = std::to_string(bytes(a)) + " key bytes";
        if (name_has(a, "rfc4106") && !in(bytes(a), {20, 28, 36}))
            return a.name +
                   " takes the AES key (16, 24 or 32 bytes) plus a 4-byte salt: 20, 28 or "
                   "36 bytes in all; this one has " +
                   got;
        if (name_has(a, "rfc4309") && !in(bytes(a), {19, 27, 35}))
            return a.name +
                   " takes the AES key (16, 24 or 32 bytes) plus a 3-byte salt: 19, 27 or "
                   "35 bytes in all; this one has " +
                   got;
        if (name_has(a, "rfc7539") && bytes(a) != 36)
            return a.name + " takes a 32-byte key plus a 4-byte salt (36 bytes); this one has " +
                   got;
        if ((name_has(a, "rfc4106") || name_has(a, "rfc4309")) && a.icv_bits &&
            !in(*a.icv_bits, {64, 96, 128}))
            return a.name + " takes an ICV length of 64, 96 or 128 bits, not " +
                   std::to_string(*a.icv_bits);
    }
    if (s.enc && (s.enc->name == "aes" || name_has(*s.enc, "(aes)")) &&
        !in(bytes(*s.enc), {16, 24, 32}))
        return s.enc->name +
               " takes a 16, 24 or 32-byte key (0x followed by 32, 48 or 64 hex "
               "digits); this one has " +
               std::to_string(bytes(*s.enc)) + " bytes";
    if (s.enc && name_has(*s.enc, "des3_ede") && bytes(*s.enc) != 24)
        return s.enc->name + " takes a 24-byte key; this one has " + std::to_string(bytes(*s.enc)) +
               " bytes";
    if (s.auth && s.auth->icv_bits && *s.auth->icv_bits > bytes(*s.auth) * 8 &&
        *s.auth->icv_bits > 512)
        return "the truncation length " + std::to_string(*s.auth->icv_bits) +
               " is longer than the hash";
    return {};
}

void state_usage() {
    std::fputs(
        "Usage: ipxf state { add | update } ID [ ALGO-LIST ] [ mode MODE ]\n"
        "        [ mark MARK [ mask MASK ] ] [ reqid REQID ] [ seq SEQ ]\n"
        "        [ replay-window SIZE ] [ replay-seq SEQ ] [ replay-oseq SEQ ]\n"
        "        [ replay-seq-hi SEQ ] [ replay-oseq-hi SEQ ]\n"
        "        [ flag FLAG-LIST ] [ sel SELECTOR ] [ LIMIT-LIST ] [ encap ENCAP ]\n"
        "        [ extra-flag EXTRA-FLAG-LIST ] [ output-mark OUTPUT-MARK [ mask MASK ] ]\n"
        "        [ if_id IF_ID ] [ tfcpad LENGTH ]\n"
        "Usage: ipxf state allocspi ID [ mode MODE ] [ mark MARK [ mask MASK ] ]\n"
        "        [ reqid REQID ] [ seq SEQ ] [ min SPI max SPI ]\n"
        "Usage: ipxf state { delete | get } ID [ mark MARK [ mask MASK ] ]\n"
        "Usage: ipxf state deleteall [ ID ] [ mode MODE ] [ reqid REQID ] [ flag FLAG-LIST ]\n"
        "Usage: ipxf state list [ nokeys ] [ ID ] [ mode MODE ] [ reqid REQID ]\n"
        "        [ flag FLAG-LIST ]\n"
        "Usage: ipxf state flush [ proto XFRM-PROTO ]\n"
        "Usage: ipxf state count\n"
        "ID := [ src ADDR ] [ dst ADDR ] [ proto XFRM-PROTO ] [ spi SPI ]\n"
        "XFRM-PROTO := esp | ah | comp | route2 | hao\n"
        "ALGO := { enc | auth } ALGO-NAME ALGO-KEYMAT |\n"
        "        auth-trunc ALGO-NAME ALGO-KEYMAT ALGO-TRUNC-LEN |\n"
        "        aead ALGO-NAME ALGO-KEYMAT ALGO-ICV-LEN |\n"
        "        comp ALGO-NAME\n"
        "ALGO-KEYMAT := 0xHEX | STRING   (rfc4106(gcm(aes)): AES key + 4-byte salt)\n"
        "MODE := transport | tunnel | beet | ro | in_trigger\n"
        "FLAG := noecn | decap-dscp | nopmtudisc | wildrecv | icmp | af-unspec | align4 | esn\n"
        "SELECTOR := [ src ADDR[/PLEN] ] [ dst ADDR[/PLEN] ] [ dev DEV ] [ UPSPEC ]\n"
        "UPSPEC := proto { { tcp | udp | sctp | dccp } [ sport PORT ] [ dport PORT ] |\n"
        "                  { icmp | ipv6-icmp | mobility-header } [ type NUMBER ] [ code NUMBER ] "
        "|\n"
        "                  gre [ key { DOTTED-QUAD | NUMBER } ] | PROTO }\n"
        "LIMIT := { time-soft | time-hard | time-use-soft | time-use-hard } SECONDS |\n"
        "         { byte-soft | byte-hard } SIZE | { packet-soft | packet-hard } COUNT\n"
        "ENCAP := { espinudp | espinudp-nonike | espintcp } SPORT DPORT OADDR\n",
        stderr);
    throw CliError(kExitParse, "");
}

void policy_usage() {
    std::fputs("Usage: ipxf policy { add | update } SELECTOR dir DIR [ ctx CTX ]\n"
               "        [ mark MARK [ mask MASK ] ] [ index INDEX ] [ ptype PTYPE ]\n"
               "        [ action ACTION ] [ priority PRIORITY ] [ flag FLAG-LIST ]\n"
               "        [ if_id IF_ID ] [ LIMIT-LIST ] [ TMPL-LIST ]\n"
               "Usage: ipxf policy { delete | get } { SELECTOR | index INDEX } dir DIR\n"
               "        [ mark MARK [ mask MASK ] ] [ ptype PTYPE ] [ if_id IF_ID ]\n"
               "Usage: ipxf policy { deleteall | list } [ nosock ] [ SELECTOR ] [ dir DIR ]\n"
               "        [ index INDEX ] [ ptype PTYPE ] [ action ACTION ] [ priority PRIORITY ]\n"
               "        [ flag FLAG-LIST ]\n"
               "Usage: ipxf policy flush [ ptype PTYPE ]\n"
               "Usage: ipxf policy count\n"
               "Usage: ipxf policy set [ hthresh4 LBITS RBITS ] [ hthresh6 LBITS RBITS ]\n"
               "Usage: ipxf policy setdefault DIR ACTION [ DIR ACTION ] [ DIR ACTION ]\n"
               "Usage: ipxf policy getdefault\n"
               "SELECTOR := [ src ADDR[/PLEN] ] [ dst ADDR[/PLEN] ] [ dev DEV ] [ UPSPEC ]\n"
               "DIR := in | out | fwd\n"
               "PTYPE := main | sub\n"
               "ACTION := allow | block\n"
               "FLAG := localok | icmp\n"
               "TMPL := ID [ mode MODE ] [ reqid REQID ] [ level LEVEL ]\n"
               "ID := [ src ADDR ] [ dst ADDR ] [ proto XFRM-PROTO ] [ spi SPI ]\n"
               "LEVEL := required | use\n",
               stderr);
    throw CliError(kExitParse, "");
}

// ip ignores words after verbs that take none; ipxf says so.
void warn_extra_words(const Cursor& c, const char* verb) {
    if (!c.done())
        std::fprintf(stderr,
                     "ipxf: warning: ignoring \"%s\" after \"%s\" (it takes no arguments)\n",
                     c.cur().c_str(), verb);
}

void print_out(const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
}

int policy_command(Cursor& c, Globals& g, Netlink& nl, std::vector<BulkRequest>* bulk) {
    std::string verb = c.done() ? std::string("list") : c.cur();
    if (!c.done())
        c.advance();
    if (matches(verb, "add") || matches(verb, "update")) {
        bool update = !matches(verb, "add");
        Policy p = parse_policy_modify(c, g);
        if (bulk) {
            bulk->push_back(AddPolicy{std::move(p), update});
            return 0;
        }
        if (auto r = nl.add_policy(p, update); !r)
            kernel_error(r.error());
        return 0;
    }
    if (matches(verb, "delete")) {
        bool by_index = false;
        PolicyId id = parse_policy_id(c, g, by_index);
        if (bulk) {
            bulk->push_back(DeletePolicy{std::move(id)});
            return 0;
        }
        if (auto r = nl.delete_policy(id); !r)
            kernel_error(r.error());
        return 0;
    }
    if (matches(verb, "deleteall") || matches(verb, "delall") || matches(verb, "list") ||
        matches(verb, "show") || matches(verb, "lst")) {
        bool del = matches(verb, "deleteall") || matches(verb, "delall");
        PolicyFilter f = parse_policy_filter(c, g);
        if (del) {
            std::vector<BulkRequest> reqs;
            auto r = nl.dump_policies([&](Policy&& p) {
                if (!f.matches(p) || p.dir >= 3)
                    return; // socket policies cannot be deleted this way
                reqs.push_back(DeletePolicy{PolicyId::of(p)});
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
    if (matches(verb, "get")) {
        bool by_index = false;
        PolicyId id = parse_policy_id(c, g, by_index);
        auto p = nl.get_policy(id);
        if (!p)
            kernel_error(p.error());
        print_out(g.json ? policy_to_json(*p, g.print, g.pretty) + "\n"
                         : format_policy(*p, g.print));
        return 0;
    }
    if (matches(verb, "flush")) {
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
    if (matches(verb, "count")) {
        warn_extra_words(c, "count");
        auto info = nl.spd_info();
        if (!info)
            kernel_error(info.error());
        print_out(g.json ? spd_info_to_json(*info, g.pretty) : format_spd_info(*info, g.print));
        return 0;
    }
    if (matches(verb, "set")) {
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
                    c.invalid(std::string(is4 ? "hthresh4" : "hthresh6") +
                              " LBITS value is invalid");
                *bits = static_cast<std::uint8_t>(v);
            }
            c.advance();
        }
        if (auto r = nl.set_spd_hash_threshold(v4, v6); !r)
            kernel_error(r.error());
        return 0;
    }
    if (matches(verb, "setdefault")) {
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
    if (matches(verb, "getdefault")) {
        auto d = nl.get_default_policy();
        if (!d)
            kernel_error(d.error());
        print_out(g.json ? default_policy_to_json(*d, g.pretty)
                         : format_default_policy(*d, g.print));
        return 0;
    }
    if (matches(verb, "help"))
        policy_usage();
    throw CliError(kExitParse, "Command \"" + verb + "\" is unknown, try \"ip xfrm policy help\".");
}

int state_command(Cursor& c, Globals& g, Netlink& nl, std::vector<BulkRequest>* bulk) {
    std::string verb = c.done() ? std::string("list") : c.cur();
    if (!c.done())
        c.advance();
    if (matches(verb, "add") || matches(verb, "update")) {
        bool update = !matches(verb, "add");
        State s = parse_state_modify(c, g);
        if (bulk) {
            bulk->push_back(AddState{std::move(s), update});
            return 0;
        }
        if (auto r = nl.add_state(s, update); !r)
            kernel_error(r.error(), r.error().code == EINVAL ? key_length_hint(s) : std::string());
        return 0;
    }
    if (matches(verb, "allocspi")) {
        State s;
        std::uint32_t min = 0, max = 0;
        bool have_min = false, have_max = false, id = false;
        while (!c.done()) {
            const std::string w = c.cur();
            if (w == "mode") {
                c.next();
                const std::string& m = c.cur();
                s.mode = matches(m, "transport")    ? 0
                         : matches(m, "tunnel")     ? 1
                         : matches(m, "ro")         ? 2
                         : matches(m, "in_trigger") ? 3
                         : matches(m, "beet")       ? 4
                                                    : (c.invalid("MODE value is invalid"), 0);
            } else if (w == "reqid" || w == "seq" || w == "min" || w == "max") {
                if ((w == "min" && have_min) || (w == "max" && have_max))
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
                    s.reqid = v32;
                else if (w == "seq")
                    s.seq = htonl(v32); // network byte order, like ip

                else if (w == "min")
                    min = v32, have_min = true;
                else
                    max = v32, have_max = true;
            } else if (w == "mark") {
                c.next();
                char* end = nullptr;
                unsigned long v = std::strtoul(c.cur().c_str(), &end, 0);
                if (c.cur().empty() || *end)
                    c.invalid("MARK value is invalid\n");
                s.mark = Mark{static_cast<std::uint32_t>(v), 0xffffffff};
                // MARK [ mask MASK ], as the other state commands
                if (c.has_next()) {
                    c.advance();
                    if (c.cur() == "mask") {
                        c.next();
                        unsigned long m = std::strtoul(c.cur().c_str(), &end, 0);
                        if (c.cur().empty() || *end)
                            c.invalid("MASK value is invalid\n");
                        s.mark->mask = static_cast<std::uint32_t>(m);
                    } else {
                        c.back();
                    }
                }
            } else if (w == "src" || w == "dst" || w == "proto" || w == "spi") {
                if (id)
                    c.invalid("unknown");
                id = true;
                // reuse the state parser for the ID part
                std::vector<std::string> words;
                std::size_t start = c.pos();
                while (!c.done() && (c.cur() == "src" || c.cur() == "dst" || c.cur() == "proto" ||
                                     c.cur() == "spi")) {
                    words.push_back(c.cur());
                    words.push_back(c.next());
                    c.advance();
                }
                (void)start;
                StateId sid;
                Cursor idc(words);
                Globals tmp = g;
                sid = parse_state_id(idc, tmp);
                s.daddr = sid.daddr;
                s.saddr = sid.saddr.value_or(Address{});
                s.proto = sid.proto;
                s.spi = sid.spi;
                s.family = sid.family;
                continue;
            } else {
                c.invalid("unknown");
            }
            c.advance();
        }
        if (!id)
            throw CliError(kExitSemantic, "Not enough information: ID is required");
        if (s.spi)
            throw CliError(kExitSemantic, "\"spi\" is invalid");
        if (have_min && !have_max)
            throw CliError(kExitSemantic, "\"max\" is missing");
        if (have_max && !have_min)
            throw CliError(kExitSemantic, "\"min\" is missing");
        if (have_min && min > max)
            throw CliError(kExitSemantic, "value after \"min\" is larger than value after \"max\"");
        if (!have_min) {
            min = 0x100;
            max = 0x0fffffff;
        }
        auto r = nl.alloc_spi(s, min, max);
        if (!r)
            kernel_error(r.error());
        print_out(g.json ? state_to_json(*r, g.print, g.pretty) + "\n" : format_state(*r, g.print));
        return 0;
    }
    if (matches(verb, "delete") || matches(verb, "get")) {
        bool del = matches(verb, "delete");
        StateId id = parse_state_id(c, g);
        if (del) {
            if (bulk) {
                bulk->push_back(DeleteState{std::move(id)});
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
    if (matches(verb, "deleteall") || matches(verb, "delall") || matches(verb, "list") ||
        matches(verb, "show") || matches(verb, "lst")) {
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
    if (matches(verb, "flush")) {
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
    if (matches(verb, "count")) {
        warn_extra_words(c, "count");
        auto info = nl.sad_info();
        if (!info)
            kernel_error(info.error());
        print_out(g.json ? sad_info_to_json(*info, g.pretty) : format_sad_info(*info, g.print));
        return 0;
    }
    if (matches(verb, "help"))
        state_usage();
    throw CliError(kExitParse, "Command \"" + verb + "\" is unknown, try \"ip xfrm state help\".");
}

} // namespace

int run_command(const std::vector<std::string>& words, Globals& g, Netlink& nl,
                std::vector<BulkRequest>* bulk) {
    const std::size_t first = !words.empty() && matches(words[0], "xfrm") ? 1 : 0;
    if (words.size() == first)
        throw CliError(kExitParse, "Usage: ipxf [ OPTIONS ] { state | policy | monitor } ...",
                       "see \"ipxf help\"");
    Cursor c(words, first);
    const std::string& obj = c.cur();
    c.advance();
    if (matches(obj, "state") || matches(obj, "sa"))
        return state_command(c, g, nl, bulk);
    if (matches(obj, "policy"))
        return policy_command(c, g, nl, bulk);
    if (matches(obj, "monitor"))
        return monitor_command(c, g, nl, g.timestamp);
    if (matches(obj, "help"))
        throw CliError(kExitParse,
                       "Usage: ipxf [ OPTIONS ] { state | policy | monitor } { COMMAND | help }\n"
                       "OPTIONS := { -s[tatistics] | -d[etails] | -o[neline] | -4 | -6 |\n"
                       "             -f[amily] { inet | inet6 } | -b[atch] FILE | -force |\n"
                       "             -n[etns] NAME | -j[son] | -p[retty] | -V[ersion] }");
    throw CliError(kExitParse, "Object \"" + obj + "\" is unknown, try \"ipxf help\".");
}

} // namespace ipxf::cli
