// SPDX-License-Identifier: GPL-2.0-or-later
// `ipxf -batch FILE -atomic`: all of the batch or nothing. Every line is
// parsed before anything is sent (a malformed line applies nothing), then
// the requests go to the kernel in one pipelined Netlink::bulk() with
// rollback: when the kernel refuses one, what was applied is undone (adds
// deleted, deletes re-added, updates restored from a copy taken first).
#include "batch_lines.hpp"
#include "cli.hpp"

#include <cstdio>
#include <cstring>

namespace ipxf::cli {

namespace {

void report(const CliError& e, const std::string& file, std::size_t line) {
    std::fflush(stdout);
    std::fprintf(stderr, "ipxf: -batch %s:%zu:\n", file.c_str(), line);
    if (e.what()[0])
        std::fprintf(stderr, "%s\n", e.what());
    if (!e.hint.empty())
        std::fprintf(stderr, "ipxf: %s\n", e.hint.c_str());
}

} // namespace

int run_batch_atomic(int fd, const std::string& file, Globals& g, Netlink& nl) {
    CommandReader reader(fd);
    std::vector<BulkRequest> requests;
    std::vector<std::size_t> lines; // request -> line
    std::vector<std::string> words;
    std::size_t line = 0;
    try {
        for (;;) {
            const int got = reader.next(words, line, [] {});
            if (got < 0) {
                std::fprintf(stderr, "Cannot read \"%s\": %s\nipxf: -atomic: nothing applied\n",
                             file.c_str(), std::strerror(errno));
                return 1;
            }
            if (got == 0)
                break;
            if (!is_bulk_verb(words))
                throw CliError(kExitParse,
                               "ipxf: -atomic takes only state and policy add, update and "
                               "delete lines",
                               "nothing applied");
            const std::uint16_t family = g.family;
            run_command(words, g, nl, &requests);
            g.family = family;
            lines.resize(requests.size(), line);
        }
    } catch (const CliError& e) {
        report(e, file, line);
        return e.code;
    }
    if (reader.missing_continuation) {
        std::fprintf(stderr, "Missing continuation line\nipxf: -atomic: nothing applied\n");
        return 1;
    }
    const BulkResult r = nl.bulk(requests, BulkOptions{true, true});
    if (r.failures.empty())
        return 0;
    const BulkFailure& f = r.failures.front();
    if (f.error.detail && !f.error.detail->empty())
        std::fprintf(stderr, "Error: %s.\n", f.error.detail->c_str());
    std::fprintf(stderr, "RTNETLINK answers: %s\n", std::strerror(f.error.code));
    if (f.index < lines.size())
        std::fprintf(stderr, "ipxf: -batch %s:%zu: the kernel refused this command\n", file.c_str(),
                     lines[f.index]);
    if (r.rolled_back)
        std::fprintf(stderr, "ipxf: -atomic: every change of the batch was undone\n");
    else
        std::fprintf(stderr,
                     "ipxf: -atomic: undoing the batch failed too (%s): the tables "
                     "are as it left them\n",
                     r.failures.back().error.to_string().c_str());
    return kExitKernel;
}

} // namespace ipxf::cli
