// SPDX-License-Identifier: GPL-2.0-or-later
// ipxf's grammar, inside: the word parsers that the state, policy and
// selector grammars share (words.cpp, selector_grammar.cpp), with iproute2's
// error texts. Not installed; cli.hpp is the grammar's interface.
#pragma once

#include "cli.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ipxf::cli {

inline constexpr std::size_t kMaxTemplates = 16;     // ip's XFRM_TMPLS_BUF_SIZE / 64
inline constexpr std::uint32_t kReplayEsnMax = 4096; // ip's XFRMA_REPLAY_ESN_MAX (bits)

[[noreturn]] inline void semantic(const std::string& message, const std::string& hint = {}) {
    throw CliError(kExitSemantic, message, hint);
}

// get_u32/get_u64 with base 0 like iproute2 (0x hex, leading 0 octal).
// get_u64() of iproute2 takes "-5" (strtoull wraps it); get_u32 and smaller do not.
template <typename T>
std::optional<T> to_unsigned(const std::string& s, int base = 0) {
    if (s.empty() || s[0] == ' ' || (s[0] == '-' && sizeof(T) < 8))
        return std::nullopt;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str(), &end, base);
    if (errno != 0 || end == s.c_str() || *end != '\0')
        return std::nullopt;
    if (v > std::numeric_limits<T>::max())
        return std::nullopt;
    return static_cast<T>(v);
}

template <typename T>
T value_or_invalid(Cursor& c, const std::string& what, int base = 0) {
    auto v = to_unsigned<T>(c.cur(), base);
    if (!v)
        c.invalid(what);
    return *v;
}

struct Prefix {
    Address addr;
    std::uint8_t bits = 0;
};

const char* family_word(std::uint16_t family);
// get_prefix(): ADDR[/PLEN], "any"/"default"/"all".
Prefix parse_prefix(Cursor& c, std::uint16_t family, const char* key);
std::uint16_t parse_be16_value(Cursor& c, const std::string& what);
int xfrm_proto_by_name(std::string_view w);
bool is_ipsec_proto(std::uint8_t p);
bool is_ro_proto(std::uint8_t p);
std::uint8_t parse_mode(Cursor& c);
// MARK [ mask MASK ]: the cursor on "mark"; leaves it on the last word used.
Mark parse_mark(Cursor& c);
void parse_limit(Cursor& c, LifetimeConfig& lft);
std::uint8_t parse_dir(Cursor& c);
std::uint8_t parse_ptype(Cursor& c);
std::uint8_t parse_action(Cursor& c);
SecurityContext security_context(const std::string& text);
// ip's "argument ... is wrong: unknown", with what was expected in the hint.
[[noreturn]] void unknown_word(Cursor& c, const std::string& expected);
// ALGO-KEYMAT: 0x hex (an odd number of digits gets a leading 0), else the bytes.
std::vector<std::uint8_t> parse_key(Cursor& c);

// A list of flag names, or one 0x.. value; leaves the cursor on the last used word.
template <typename T>
T parse_flag_list(Cursor& c, const std::vector<std::pair<const char*, T>>& names,
                  const std::string& invalid_text) {
    const std::string& w = c.cur();
    if (w.size() > 2 && w.compare(0, 2, "0x") == 0) {
        auto v = to_unsigned<T>(w, 16);
        if (!v)
            c.invalid(invalid_text);
        return *v;
    }
    T flags = 0;
    for (;;) {
        bool found = false;
        for (auto& [name, bit] : names) {
            if (c.cur() == name) {
                flags |= bit;
                found = true;
                break;
            }
        }
        if (!found) {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    return flags;
}

extern const std::vector<std::pair<const char*, std::uint8_t>> kPolicyFlags;
extern const std::vector<std::pair<const char*, std::uint8_t>> kStateFlags;
extern const std::vector<std::pair<const char*, std::uint32_t>> kStateExtraFlags;

// selector_grammar.cpp
struct SelectorSeen {
    std::uint8_t src_bits = 0, dst_bits = 0;
    bool dev = false, proto = false, sport = false, dport = false;
};
bool is_upspec_word(std::string_view w);
// xfrm_selector_parse(): leaves the cursor on the last word it used.
void parse_selector(Cursor& c, Selector& sel, Globals& g, SelectorSeen& seen);
bool is_selector_word(std::string_view w);
// xfrm_id_parse(): src/dst/proto/spi; leaves the cursor on the last word used.
void parse_id(Cursor& c, Address& saddr, Address& daddr, std::uint8_t& proto, std::uint32_t& spi,
              std::uint16_t& family, Globals& g, bool loose, SelectorSeen* seen = nullptr,
              bool* spi_seen = nullptr, bool* proto_seen = nullptr);
bool is_id_word(std::string_view w);
Template parse_tmpl(Cursor& c, Globals& g);
// The first `bits` bits of a and b are the same.
bool prefix_match(const Address& a, const Address& b, unsigned bits);

} // namespace ipxf::cli
