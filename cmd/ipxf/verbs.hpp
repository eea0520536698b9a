// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf's verbs: one function per verb of each object behind a table (in
// iproute2's order, which decides what an abbreviation means), and the
// helpers they share (commands.cpp). Not installed.
#pragma once

#include "cli.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace ipxf::cli {

// What a verb works with: the words after it, the options, the kernel, and
// the -batch collector (adds, updates and deletes go there when not null).
struct VerbArgs {
    Cursor& c;
    Globals& g;
    Netlink& nl;
    std::vector<BulkRequest>* bulk;
    const std::string& verb; // as written (an abbreviation, perhaps)
};

using VerbFn = int (*)(VerbArgs&);
struct Verb {
    const char* names[5]; // the words it answers to (a prefix of one is enough)
    VerbFn run;
};

// Runs the first verb whose name the next word abbreviates ("list" when
// there is none); else ip's "Command ... is unknown" (exit 255).
int run_verb(const Verb* verbs, std::size_t count, Cursor& c, Globals& g, Netlink& nl,
             std::vector<BulkRequest>* bulk, const char* object);
int policy_command(Cursor& c, Globals& g, Netlink& nl, std::vector<BulkRequest>* bulk);
int state_command(Cursor& c, Globals& g, Netlink& nl, std::vector<BulkRequest>* bulk);

// ip's "RTNETLINK answers" lines (and the kernel's extended ACK), exit 2,
// with a hint for the classic mistakes (or `specific_hint`).
[[noreturn]] void kernel_error(const Error& e, std::string specific_hint = {});
// The whole SAD and SPD (socket policies included), in the kernel's order;
// a dump the kernel refuses is kernel_error().
struct Tables {
    std::vector<State> states;
    std::vector<Policy> policies;
};
Tables read_tables(Netlink& nl);
// What is wrong with the key or ICV lengths of an SA the kernel refused, or "".
std::string key_length_hint(const State& s);
[[noreturn]] void state_usage();
[[noreturn]] void policy_usage();
// ip ignores words after verbs that take none; ipxf says so.
void warn_extra_words(const Cursor& c, const char* verb);
void print_out(const std::string& s);

} // namespace ipxf::cli
