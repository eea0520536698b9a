// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf's commands: state/policy verbs run against the kernel through
// libipxf, printed by the text or JSON printer.
#include "verbs.hpp"
#include "xfrm/print_json.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <iostream>
#include <sys/socket.h>
#include <utility>

namespace ipxf::cli {

[[noreturn]] void kernel_error(const Error& e, std::string specific_hint) {
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

Tables read_tables(Netlink& nl) {
    Tables t;
    if (auto r = nl.dump_states([&](State&& s) { t.states.push_back(std::move(s)); }); !r)
        kernel_error(r.error());
    auto policies = nl.dump_policies();
    if (!policies)
        kernel_error(policies.error());
    t.policies = std::move(*policies);
    return t;
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

[[noreturn]] void state_usage() {
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

[[noreturn]] void policy_usage() {
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

int run_verb(const Verb* verbs, std::size_t count, Cursor& c, Globals& g, Netlink& nl,
             std::vector<BulkRequest>* bulk, const char* object) {
    const std::string verb = c.done() ? std::string("list") : c.cur();
    if (!c.done())
        c.advance();
    for (std::size_t i = 0; i < count; ++i) {
        for (const char* name : verbs[i].names) {
            if (name && matches(verb, name)) {
                VerbArgs args{c, g, nl, bulk, verb};
                return verbs[i].run(args);
            }
        }
    }
    throw CliError(kExitParse,
                   "Command \"" + verb + "\" is unknown, try \"ip xfrm " + object + " help\".");
}

int run_command(const std::vector<std::string>& words, Globals& g, Netlink& nl,
                std::vector<BulkRequest>* bulk) {
    const std::size_t first = !words.empty() && matches(words[0], "xfrm") ? 1 : 0;
    if (words.size() == first)
        throw CliError(
            kExitParse,
            "Usage: ipxf [ OPTIONS ] { state | policy | monitor | check | save | restore } ...",
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
    // ipxf's own commands: not ip objects (no abbreviation, no "xfrm" word
    // before them, and so not in a batch)
    if (first == 0 && obj == "check")
        return check_command(c, g, nl);
    if (first == 0 && obj == "save")
        return save_command(c, g, nl);
    if (first == 0 && obj == "restore")
        return restore_command(c, g, nl);
    if (matches(obj, "help"))
        throw CliError(kExitParse,
                       "Usage: ipxf [ OPTIONS ] { state | policy | monitor | check | save | "
                       "restore } { COMMAND | help }\n"
                       "OPTIONS := { -s[tatistics] | -d[etails] | -o[neline] | -4 | -6 |\n"
                       "             -f[amily] { inet | inet6 } | -b[atch] FILE | -force |\n"
                       "             -n[etns] NAME | -j[son] | -p[retty] | -V[ersion] }");
    throw CliError(kExitParse, "Object \"" + obj + "\" is unknown, try \"ipxf help\".");
}

} // namespace ipxf::cli
