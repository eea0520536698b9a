// SPDX-License-Identifier: GPL-2.0-or-later
// The `ip xfrm` grammar's words: the cursor and its errors (keys never
// shown), numbers, prefixes, modes, marks, limits, flags, keys, with
// iproute2's exact error texts and exit codes plus a hint line that shows
// where the error is and what was expected.
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

// ---------------------------------------------------------------- Cursor

const std::string& Cursor::empty_word() {
    static const std::string empty;
    return empty;
}

const std::string& Cursor::next() {
    if (m_pos + 1 >= m_words->size())
        throw CliError(kExitParse, "Command line is not complete. Try option \"help\"",
                       "the command ends after \"" + shown() + "\", which needs a value");
    ++m_pos;
    return (*m_words)[m_pos];
}

bool Cursor::secret_at(std::size_t index) const {
    // ALGO := { enc | auth | auth-trunc | aead } ALGO-NAME ALGO-KEYMAT ...:
    // the word two after an algorithm keyword is key material.
    if (index < m_begin + 2 || index >= m_words->size())
        return false;
    const std::string_view algo = (*m_words)[index - 2];
    return algo == "enc" || algo == "auth" || algo == "auth-trunc" || algo == "aead";
}

std::string Cursor::context(std::size_t at) const {
    std::string out;
    for (std::size_t i = m_begin; i < m_words->size(); ++i) {
        if (!out.empty())
            out += ' ';
        // Keys never appear in an error: they are replaced by a placeholder.
        const std::string& w = secret_at(i) ? redacted_word() : (*m_words)[i];
        out += i - m_begin == at ? ">>" + w + "<<" : w;
    }
    return out;
}

const std::string& Cursor::redacted_word() {
    static const std::string word = "(key not shown)";
    return word;
}

void Cursor::invalid(const std::string& what) const {
    throw CliError(kExitParse, "Error: argument \"" + shown() + "\" is wrong: " + what,
                   "at word " + std::to_string(pos() + 1) + ": " + context(pos()));
}

void Cursor::duplicate(const std::string& key) const {
    throw CliError(kExitParse,
                   "Error: duplicate \"" + key + "\": \"" + shown() + "\" is the second value.",
                   "at word " + std::to_string(pos() + 1) + ": " + context(pos()));
}

void Cursor::missing(const std::string& what) const {
    throw CliError(kExitParse, "Error: argument \"" + what + "\" is required",
                   "after word " + std::to_string(pos() + 1) + ": " + context(pos()));
}

const char* family_word(std::uint16_t family) {
    return family == AF_INET ? "inet" : family == AF_INET6 ? "inet6" : "any valid";
}

// get_prefix(): ADDR[/PLEN], "any"/"default"/"all".
Prefix parse_prefix(Cursor& c, std::uint16_t family, const char* key) {
    const std::string& w = c.cur();
    Prefix p;
    if (w == "default" || w == "any" || w == "all") {
        p.addr.family = family;
        if (family == 0)
            c.invalid(std::string("value after \"") + key +
                      "\" has an unrecognized address family");
        return p;
    }
    std::string addr = w, len;
    auto slash = w.find('/');
    if (slash != std::string::npos) {
        addr = w.substr(0, slash);
        len = w.substr(slash + 1);
    }
    auto a = Address::parse(addr);
    if (!a || (family != 0 && a->family != family))
        throw CliError(kExitSemantic,
                       std::string("Error: ") + family_word(family) +
                           " prefix is expected rather than \"" + w + "\".",
                       "at word " + std::to_string(c.pos() + 1) + ": " + c.context(c.pos()) +
                           " (expected an IPv4 or IPv6 address, optionally /PREFIXLEN)");
    p.addr = *a;
    unsigned max = a->family == AF_INET6 ? 128 : 32;
    p.bits = static_cast<std::uint8_t>(max);
    if (slash != std::string::npos) {
        auto bits = to_unsigned<unsigned>(len, 10);
        if (!bits || *bits > max)
            throw CliError(kExitSemantic,
                           std::string("Error: ") + family_word(family) +
                               " prefix is expected rather than \"" + w + "\".",
                           "the prefix length must be 0-" + std::to_string(max));
        p.bits = static_cast<std::uint8_t>(*bits);
    }
    return p;
}

std::uint16_t parse_be16_value(Cursor& c, const std::string& what) {
    return value_or_invalid<std::uint16_t>(c, what);
}

int xfrm_proto_by_name(std::string_view w) {
    static const std::pair<const char*, int> table[] = {
        {"esp", ipproto::esp}, {"ah", ipproto::ah}, {"comp", ipproto::comp},
        {"route2", 43},        {"hao", 60},         {"ipsec-any", kIpsecProtoAny},
    };
    for (auto& [name, num] : table)
        if (w == name)
            return num;
    return -1;
}

bool is_ipsec_proto(std::uint8_t p) {
    return p == ipproto::esp || p == ipproto::ah || p == ipproto::comp || p == kIpsecProtoAny;
}
bool is_ro_proto(std::uint8_t p) {
    return p == 43 || p == 60;
}

std::uint8_t parse_mode(Cursor& c) {
    const std::string& w = c.cur();
    if (matches(w, "transport"))
        return 0;
    if (matches(w, "tunnel"))
        return 1;
    if (matches(w, "ro"))
        return 2;
    if (matches(w, "in_trigger"))
        return 3;
    if (matches(w, "beet"))
        return 4;
    c.invalid("MODE value is invalid");
}

Mark parse_mark(Cursor& c) {
    Mark m;
    c.next();
    m.value = value_or_invalid<std::uint32_t>(c, "MARK value is invalid\n");
    m.mask = 0xffffffff;
    if (c.has_next()) {
        c.advance();
        if (c.cur() == "mask") {
            c.next();
            m.mask = value_or_invalid<std::uint32_t>(c, "MASK value is invalid\n");
        } else {
            c.back();
        }
    }
    return m;
}

void parse_limit(Cursor& c, LifetimeConfig& lft) {
    static const std::pair<const char*, std::uint64_t LifetimeConfig::*> table[] = {
        {"time-soft", &LifetimeConfig::soft_add_expires_seconds},
        {"time-hard", &LifetimeConfig::hard_add_expires_seconds},
        {"time-use-soft", &LifetimeConfig::soft_use_expires_seconds},
        {"time-use-hard", &LifetimeConfig::hard_use_expires_seconds},
        {"byte-soft", &LifetimeConfig::soft_byte_limit},
        {"byte-hard", &LifetimeConfig::hard_byte_limit},
        {"packet-soft", &LifetimeConfig::soft_packet_limit},
        {"packet-hard", &LifetimeConfig::hard_packet_limit},
    };
    for (auto& [name, field] : table) {
        if (c.cur() == name) {
            c.next();
            if (!c.cur().empty() && c.cur()[0] == '-')
                std::fprintf(stderr,
                             "ipxf: warning: negative \"%s\" for %s wraps around to a huge "
                             "value (as with ip)\n",
                             c.cur().c_str(), name);
            lft.*field = value_or_invalid<std::uint64_t>(c, std::string("value after \"") + name +
                                                                "\" is invalid");
            return;
        }
    }
    c.invalid("LIMIT value is invalid");
}

std::uint8_t parse_dir(Cursor& c) {
    const std::string_view w = c.cur();
    if (w == "in")
        return 0;
    if (w == "out")
        return 1;
    if (w == "fwd")
        return 2;
    c.invalid("DIR value is invalid");
}

std::uint8_t parse_ptype(Cursor& c) {
    if (c.cur() == "main")
        return kPolicyTypeMain;
    if (c.cur() == "sub")
        return kPolicyTypeSub;
    c.invalid("PTYPE value is invalid");
}

std::uint8_t parse_action(Cursor& c) {
    if (c.cur() == "allow")
        return 0;
    if (c.cur() == "block")
        return 1;
    c.invalid("ACTION value is invalid\n");
}

extern const std::vector<std::pair<const char*, std::uint8_t>> kPolicyFlags = {
    {"localok", policy_flag::localok}, {"icmp", policy_flag::icmp}};
extern const std::vector<std::pair<const char*, std::uint8_t>> kStateFlags = {
    {"noecn", state_flag::noecn},
    {"decap-dscp", state_flag::decap_dscp},
    {"nopmtudisc", state_flag::nopmtudisc},
    {"wildrecv", state_flag::wildrecv},
    {"icmp", state_flag::icmp},
    {"af-unspec", state_flag::af_unspec},
    {"align4", state_flag::align4},
    {"esn", state_flag::esn}};
extern const std::vector<std::pair<const char*, std::uint32_t>> kStateExtraFlags = {
    {"dont-encap-dscp", state_extra_flag::dont_encap_dscp},
    {"oseq-may-wrap", state_extra_flag::oseq_may_wrap}};

// `ctx CTX`: an LSM security context as ip sends it (doi 1, alg 1, with its NUL).
SecurityContext security_context(const std::string& text) {
    SecurityContext ctx;
    ctx.doi = 1;
    ctx.alg = 1;
    ctx.context = text;
    ctx.context.push_back('\0');
    return ctx;
}

[[noreturn]] void unknown_word(Cursor& c, const std::string& expected) {
    throw CliError(kExitParse,
                   "Error: duplicate \"unknown\": \"" + c.shown() + "\" is the second value.",
                   "unknown word \"" + c.shown() + "\" at word " + std::to_string(c.pos() + 1) +
                       ": " + c.context(c.pos()) + "; expected " + expected);
}

// ALGO-KEYMAT: 0x hex (an odd number of digits gets a leading 0), else the bytes.
std::vector<std::uint8_t> parse_key(Cursor& c) {
    const std::string& w = c.cur();
    std::vector<std::uint8_t> key;
    if (w.size() > 2 && w.compare(0, 2, "0x") == 0) {
        std::string hex = w.substr(2);
        if (hex.size() % 2)
            hex.insert(hex.begin(), '0');
        for (std::size_t i = 0; i < hex.size(); i += 2) {
            auto v = to_unsigned<std::uint8_t>(hex.substr(i, 2), 16);
            if (!v || !std::isxdigit(static_cast<unsigned char>(hex[i])) ||
                !std::isxdigit(static_cast<unsigned char>(hex[i + 1])))
                // Neither the key nor the bad digit is echoed (ip prints the key).
                throw CliError(kExitParse,
                               "Error: argument \"" + Cursor::redacted_word() +
                                   "\" is wrong: ALGO-KEYMAT value is invalid",
                               "the key at word " + std::to_string(c.pos() + 1) +
                                   " has a character that is not a hex digit; write it as 0x "
                                   "followed by hex digits");
            key.push_back(*v);
        }
    } else {
        key.assign(w.begin(), w.end());
    }
    if (key.size() > 512)
        c.invalid("ALGO-KEYMAT value makes buffer overflow\n");
    return key;
}

// ---------------------------------------------------------------- shared words

int xfrm_proto_number(const std::string& word) {
    return xfrm_proto_by_name(word);
}
std::uint8_t parse_policy_type(Cursor& c) {
    return parse_ptype(c);
}

} // namespace ipxf::cli
