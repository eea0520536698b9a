// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target for ipxf's command grammar as `ipxf -batch FILE` reads it:
// the input is the batch file. It is read by the batch reader (comments,
// continuations, quotes; batch_lines.hpp) from a memory file, and each
// command goes through the grammar: adds, updates and deletes through
// run_command() collecting bulk requests (parse, cross-field checks and
// validation, no kernel I/O), the other verbs through the parser of their
// words (filters, ids, policy type). Commands that would talk to the kernel
// (list, flush, count, set, allocspi, monitor) are parsed only. Every error
// must be a CliError; nothing may crash, hang or read out of bounds (built
// with ASan/UBSan, see meson.build). The filters are applied to each request
// parsed so far (the matching code of list/deleteall).
#include "batch_lines.hpp"
#include "cli.hpp"

#include <cstdint>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>
#include <variant>

using namespace ipxf;
using namespace ipxf::cli;

namespace {

constexpr std::size_t kMaxInput = 60000; // below a pipe's 64 KiB

// Exercises the filter of a list/deleteall on what was parsed so far.
template <typename Filter>
void apply_filter(const Filter& f, const std::vector<BulkRequest>& seen) {
    for (const BulkRequest& r : seen) {
        if constexpr (std::is_same_v<Filter, StateFilter>) {
            if (const auto* a = std::get_if<AddState>(&r))
                (void)f.matches(a->state);
        } else {
            if (const auto* p = std::get_if<AddPolicy>(&r))
                (void)f.matches(p->policy);
        }
    }
}

void parse_only(const std::vector<std::string>& words, Globals& g,
                const std::vector<BulkRequest>& seen) {
    Cursor c(words, first_xfrm_word(words));
    if (c.done())
        return;
    const std::string obj = c.cur();
    c.advance();
    if (c.done())
        return;
    const std::string verb = c.cur();
    c.advance();
    const bool state = matches(obj, "state") || matches(obj, "sa");
    const bool policy = matches(obj, "policy");
    const bool listing = matches(verb, "deleteall") || matches(verb, "delall") ||
                         matches(verb, "list") || matches(verb, "show") || matches(verb, "lst");
    if (state && (matches(verb, "get") || matches(verb, "delete"))) {
        (void)parse_state_id(c, g);
    } else if (state && listing) {
        apply_filter(parse_state_filter(c, g), seen);
    } else if (state && matches(verb, "allocspi")) {
        (void)parse_state_modify(c, g);
    } else if (policy && matches(verb, "get")) {
        bool by_index = false;
        (void)parse_policy_id(c, g, by_index);
    } else if (policy && listing) {
        apply_filter(parse_policy_filter(c, g), seen);
    } else if (policy && matches(verb, "flush") && !c.done()) {
        c.next();
        (void)parse_policy_type(c);
    } else if (state && matches(verb, "flush") && !c.done()) {
        c.next();
        (void)xfrm_proto_number(c.cur());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // never used for I/O here: run_command() only collects bulk requests
    static Netlink* nl = [] {
        auto opened = Netlink::open();
        if (!opened)
            std::abort();
        return new Netlink(std::move(*opened));
    }();
    // The file through a pipe, as `ipxf -batch -` reads standard input (the
    // reader's small buffer, grown as lines need). A pipe holds 64 KiB.
    if (size > kMaxInput)
        return 0;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        std::abort();
    if (size && write(fds[1], data, size) != static_cast<ssize_t>(size))
        std::abort();
    close(fds[1]);
    struct Close {
        int fd;
        ~Close() { close(fd); }
    } close_read{fds[0]};
    CommandReader reader(fds[0]);
    Globals g;
    std::vector<std::string> words;
    std::vector<BulkRequest> seen;
    std::size_t line = 0;
    for (;;) {
        try {
            if (reader.next(words, line, [] {}) <= 0)
                break;
            const std::uint16_t family = g.family;
            if (is_bulk_verb(words))
                run_command(words, g, *nl, &seen);
            else
                parse_only(words, g, seen);
            g.family = family;
        } catch (const CliError&) {
            // as ipxf -batch: an error ends the batch
            break;
        }
        if (seen.size() > 64)
            seen.erase(seen.begin(), seen.begin() + 32);
    }
    return 0;
}
