// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf's command-line layer: token cursor, iproute2-compatible errors and
// exit codes, and the parsers that turn `ip xfrm` words into the model.
#pragma once

#include "xfrm/model.hpp"
#include "xfrm/netlink.hpp"
#include "xfrm/print_text.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ipxf::cli {

// Exit codes, as iproute2's: 255 parse/usage errors, 1 semantic errors, 2 kernel errors.
inline constexpr int kExitParse = 255;
inline constexpr int kExitSemantic = 1;
inline constexpr int kExitKernel = 2;

// Thrown by the parsers and commands; main() prints it and exits with `code`.
struct CliError : std::runtime_error {
    CliError(int code, std::string message, std::string hint = {})
        : std::runtime_error(std::move(message)), code(code), hint(std::move(hint)) {}
    int code;
    std::string hint; // an extra line: what was expected, or what to do
};

// The words of one command, with the position of the current one, so an
// error can say where it is.
class Cursor {
public:
    explicit Cursor(std::vector<std::string> words) : m_own(std::move(words)), m_words(&m_own) {}
    // Over `words` from index `first` on, without a copy: `words` must
    // outlive the cursor. Positions count from `first`.
    Cursor(const std::vector<std::string>& words, std::size_t first)
        : m_words(&words), m_begin(first), m_pos(first) {}
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    bool done() const { return m_pos >= m_words->size(); }
    bool has_next() const { return m_pos + 1 < m_words->size(); }
    const std::string& cur() const {
        return m_pos < m_words->size() ? (*m_words)[m_pos] : empty_word();
    }
    // Moves to the next word; a missing one is iproute2's "Command line is not complete".
    const std::string& next();
    void advance() { ++m_pos; }
    void back() { --m_pos; }
    std::size_t pos() const { return m_pos - m_begin; }
    // The command with the word at position `at` marked, for error hints;
    // key material is replaced by redacted_word().
    std::string context(std::size_t at) const;
    // The current word as an error may show it (a key is not shown).
    const std::string& shown() const { return secret_at(m_pos) ? redacted_word() : cur(); }
    static const std::string& redacted_word();

    // iproute2's error helpers (exit 255), with a hint naming the position.
    [[noreturn]] void invalid(const std::string& what) const; // invarg(what, cur())
    [[noreturn]] void duplicate(const std::string& key) const;
    [[noreturn]] void missing(const std::string& what) const;

private:
    static const std::string& empty_word();
    bool secret_at(std::size_t index) const; // the word at index is key material
    std::vector<std::string> m_own;
    const std::vector<std::string>* m_words;
    std::size_t m_begin = 0;
    std::size_t m_pos = 0;
};

// iproute2's matches(): `word` is a non-empty prefix of `keyword`. Inline:
// the keywords are literals, so their lengths fold at compile time.
inline bool matches(const std::string& word, const char* keyword) {
    // no temporary: a word longer than the keyword can never be its prefix
    const std::size_t n = word.size();
    if (n == 0 || word[0] != keyword[0] || std::char_traits<char>::length(keyword) < n)
        return false;
    return std::char_traits<char>::compare(word.data(), keyword, n) == 0;
}

enum class MonitorTimestamp { none, long_form, short_form };

struct Globals {
    MonitorTimestamp timestamp = MonitorTimestamp::none; // -t / -ts (monitor)
    PrintOptions print;
    bool json = false;
    bool pretty = false;
    bool force = false;
    bool atomic = false;      // -atomic: a batch applies whole or not at all
    std::uint16_t family = 0; // preferred_family
};

// Filters for list/deleteall (which fields were given, like iproute2's masks).
struct StateFilter {
    bool use = false;
    State want;
    bool src = false, dst = false, proto = false, spi = false, mode = false, reqid = false,
         flags = false;
    std::uint8_t src_bits = 0, dst_bits = 0;
    bool nokeys = false;
    bool matches(const State& s) const;
};

struct PolicyFilter {
    bool use = false;
    Policy want;
    bool dir = false, index = false, ptype = false, action = false, priority = false, flags = false,
         nosock = false, dev = false, uproto = false, sport = false, dport = false;
    std::uint8_t src_bits = 0, dst_bits = 0;
    std::uint8_t ptype_value = 0;
    bool matches(const Policy& p) const;
};

// XFRM-PROTO names (esp, ah, comp, route2, hao, ipsec-any) -> number, or -1.
int xfrm_proto_number(const std::string& word);
// PTYPE at the cursor: main or sub (invalid otherwise).
std::uint8_t parse_policy_type(Cursor& c);

// Parsers (they throw CliError). `g.family` is updated like iproute2's
// preferred_family.
Policy parse_policy_modify(Cursor& c, Globals& g);
PolicyId parse_policy_id(Cursor& c, Globals& g, bool& by_index);
PolicyFilter parse_policy_filter(Cursor& c, Globals& g);
State parse_state_modify(Cursor& c, Globals& g);
StateId parse_state_id(Cursor& c, Globals& g);
StateFilter parse_state_filter(Cursor& c, Globals& g);

// `monitor [ all-nsid ] [ nokeys ] [ all | LISTofXFRM-OBJECTS ]`: prints the
// kernel's XFRM notifications until killed (monitor.cpp). `ts` is ip's -t
// (long) / -ts (short) timestamp before each event.
int monitor_command(Cursor& c, Globals& g, Netlink& nl,
                    MonitorTimestamp ts = MonitorTimestamp::none);

// `check`: lints the SPD and SAD (check.cpp); 0 when nothing is found,
// 1 with findings, 2 when the tables cannot be read.
int check_command(Cursor& c, Globals& g, Netlink& nl);

// `save [ file FILE ]` and `restore [ file FILE ]`: the SAD and SPD as
// `xfrm state add` and `xfrm policy add` lines, keys included (save.cpp).
int save_command(Cursor& c, Globals& g, Netlink& nl);
int restore_command(Cursor& c, Globals& g, Netlink& nl);

// Runs one command line (a leading "xfrm" is skipped); returns the exit
// code. `bulk` collects add/update/delete requests instead of sending them
// when not null (the -batch fast path).
int run_command(const std::vector<std::string>& words, Globals& g, Netlink& nl,
                std::vector<BulkRequest>* bulk);

// `-batch FILE -atomic` on the open file `fd` (batch_atomic.cpp).
int run_batch_atomic(int fd, const std::string& file, Globals& g, Netlink& nl);

} // namespace ipxf::cli
