// The `ip xfrm` grammar: words -> model. Keyword tables where the grammar is a
// list of independent options; iproute2's exact error texts and exit codes,
// plus a hint line that shows where the error is and what was expected.
#include "cli.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
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

namespace {

constexpr std::size_t kMaxTemplates = 16;     // ip's XFRM_TMPLS_BUF_SIZE / 64
constexpr std::uint32_t kReplayEsnMax = 4096; // ip's XFRMA_REPLAY_ESN_MAX (bits)

[[noreturn]] void semantic(const std::string& message, const std::string& hint = {}) {
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

// ---------------------------------------------------------------- selector

struct SelectorSeen {
    std::uint8_t src_bits = 0, dst_bits = 0;
    bool dev = false, proto = false, sport = false, dport = false;
};

// Keywords are compared as string_view, whose == checks the length before
// the bytes (std::string == const char* always runs memcmp).
bool is_upspec_word(std::string_view w) {
    return w == "proto" || w == "sport" || w == "dport" || w == "type" || w == "code" || w == "key";
}

std::uint8_t parse_ip_proto(Cursor& c) {
    const std::string& w = c.cur();
    if (w == "any")
        return 0;
    if (auto number = ip_proto_number(w))
        return *number;
    auto v = to_unsigned<std::uint8_t>(w);
    if (!v)
        c.invalid("PROTO value is invalid");
    return *v;
}

void parse_upspec(Cursor& c, Selector& sel, SelectorSeen& seen) {
    bool sport = false, type = false, gre = false;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "proto") {
            c.next();
            sel.proto = parse_ip_proto(c);
            seen.proto = true;
        } else if (w == "sport" || w == "dport") {
            bool is_s = w == "sport";
            c.next();
            std::uint16_t v = parse_be16_value(
                c, "value after \"" + std::string(is_s ? "sport" : "dport") + "\" is invalid");
            (is_s ? sel.sport : sel.dport) = v;
            if (v)
                (is_s ? sel.sport_mask : sel.dport_mask) = 0xffff;
            (is_s ? seen.sport : seen.dport) = true;
            sport = true;
        } else if (w == "type" || w == "code") {
            bool is_t = w == "type";
            c.next();
            auto v = to_unsigned<std::uint16_t>(c.cur());
            if (!v || *v > 0xff)
                c.invalid("value after \"" + std::string(is_t ? "type" : "code") + "\" is invalid");
            (is_t ? sel.sport : sel.dport) = *v;
            (is_t ? sel.sport_mask : sel.dport_mask) = 0xffff;
            (is_t ? seen.sport : seen.dport) = true;
            type = true;
        } else if (w == "key") {
            c.next();
            std::uint32_t key = 0;
            if (c.cur().find('.') != std::string::npos) {
                in_addr a{};
                if (inet_pton(AF_INET, c.cur().c_str(), &a) != 1)
                    c.invalid("value after \"key\" is invalid");
                key = ntohl(a.s_addr);
            } else {
                auto v = to_unsigned<std::uint32_t>(c.cur());
                if (!v)
                    throw CliError(kExitParse, "value after \"key\" is invalid");
                key = *v;
            }
            sel.sport = static_cast<std::uint16_t>(key >> 16);
            sel.dport = static_cast<std::uint16_t>(key & 0xffff);
            sel.sport_mask = sel.dport_mask = 0xffff;
            seen.dport = true;
            gre = true;
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    const std::string pname = ip_proto_name(sel.proto);
    switch (sel.proto) {
    case ipproto::tcp:
    case ipproto::udp:
    case ipproto::sctp:
    case ipproto::dccp:
    case 0:
        if (type || gre)
            break;
        break;
    default:
        if (sport)
            semantic("\"sport\" and \"dport\" are invalid with PROTO value \"" + pname + "\"");
    }
    if (type && sel.proto != ipproto::icmp && sel.proto != ipproto::icmpv6 &&
        sel.proto != ipproto::mh)
        semantic("\"type\" and \"code\" are invalid with PROTO value \"" + pname + "\"");
    if (gre && sel.proto != ipproto::gre)
        semantic("\"key\" is invalid with PROTO value \"" + pname + "\"");
}

// xfrm_selector_parse(): leaves the cursor on the last word it used.
void parse_selector(Cursor& c, Selector& sel, Globals& g, SelectorSeen& seen) {
    std::size_t start = c.pos();
    bool upspec = false;
    std::uint16_t src_family = 0, dst_family = 0;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "src" || w == "dst") {
            bool is_src = w == "src";
            c.next();
            Prefix p = parse_prefix(c, g.family, is_src ? "src" : "dst");
            sel.family = p.addr.family;
            (is_src ? sel.saddr : sel.daddr) = p.addr;
            (is_src ? sel.prefixlen_s : sel.prefixlen_d) = p.bits;
            (is_src ? seen.src_bits : seen.dst_bits) = p.bits;
            (is_src ? src_family : dst_family) = p.addr.family;
        } else if (w == "dev") {
            c.next();
            if (c.cur() == "none") {
                sel.ifindex = 0;
            } else {
                unsigned idx = if_nametoindex(c.cur().c_str());
                if (idx == 0)
                    c.invalid("DEV value is invalid");
                sel.ifindex = static_cast<std::int32_t>(idx);
            }
            seen.dev = true;
        } else if (!upspec && is_upspec_word(w)) {
            upspec = true;
            parse_upspec(c, sel, seen);
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    if (src_family && dst_family && src_family != dst_family)
        c.invalid("the same address family is required between values after \"src\" and \"dst\"");
    if (c.pos() + 1 == start || (c.pos() < start))
        c.missing("SELECTOR");
}

bool is_selector_word(std::string_view w) {
    return w == "src" || w == "dst" || w == "dev" || is_upspec_word(w);
}

// xfrm_id_parse(): src/dst/proto/spi; leaves the cursor on the last word used.
void parse_id(Cursor& c, Address& saddr, Address& daddr, std::uint8_t& proto, std::uint32_t& spi,
              std::uint16_t& family, Globals& g, bool loose, SelectorSeen* seen = nullptr,
              bool* spi_seen = nullptr, bool* proto_seen = nullptr) {
    std::size_t start = c.pos();
    std::uint16_t sf = 0, df = 0;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "src" || w == "dst") {
            bool is_src = w == "src";
            c.next();
            Prefix p = parse_prefix(c, g.family, is_src ? "src" : "dst");
            family = p.addr.family;
            (is_src ? saddr : daddr) = p.addr;
            (is_src ? sf : df) = p.addr.family;
            if (seen)
                (is_src ? seen->src_bits : seen->dst_bits) = p.bits;
        } else if (w == "proto") {
            c.next();
            int p = xfrm_proto_by_name(c.cur());
            if (p < 0)
                c.invalid("XFRM-PROTO value is invalid");
            proto = static_cast<std::uint8_t>(p);
            if (proto_seen)
                *proto_seen = true;
        } else if (w == "spi") {
            c.next();
            spi = value_or_invalid<std::uint32_t>(c, "SPI value is invalid");
            if (spi_seen)
                *spi_seen = true;
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    if (sf && df && sf != df)
        c.invalid("the same address family is required between values after \"src\" and \"dst\"");
    if (spi && proto) {
        if (is_ro_proto(proto))
            semantic("\"spi\" is invalid with XFRM-PROTO value \"" + xfrm_proto_name(proto) + "\"");
        if (proto == ipproto::comp && spi >= 0x10000)
            semantic("SPI value is too large with XFRM-PROTO value \"" + xfrm_proto_name(proto) +
                     "\"");
    }
    if (!loose && proto == 0)
        c.missing("XFRM-PROTO");
    if (c.pos() < start)
        c.missing("ID");
}

bool is_id_word(std::string_view w) {
    return w == "src" || w == "dst" || w == "proto" || w == "spi";
}

Template parse_tmpl(Cursor& c, Globals& g) {
    Template t;
    t.family = g.family;
    std::size_t start = c.pos();
    bool id_seen = false;
    for (;;) {
        const std::string_view w = c.cur();
        if (w == "mode") {
            c.next();
            t.mode = parse_mode(c);
        } else if (w == "reqid") {
            c.next();
            t.reqid = value_or_invalid<std::uint32_t>(c, "REQID value is invalid");
        } else if (w == "level") {
            c.next();
            if (c.cur() == "required")
                t.optional = 0;
            else if (c.cur() == "use")
                t.optional = 1;
            else
                c.invalid("LEVEL value is invalid\n");
        } else if (!id_seen && is_id_word(w)) {
            id_seen = true;
            Globals local = g;
            local.family = 0;
            parse_id(c, t.saddr, t.daddr, t.proto, t.spi, t.family, local, false);
            g.family = t.family;
        } else {
            c.back();
            break;
        }
        if (!c.has_next())
            break;
        c.advance();
    }
    if (c.pos() < start)
        c.missing("TMPL");
    return t;
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

const std::vector<std::pair<const char*, std::uint8_t>> kPolicyFlags = {
    {"localok", policy_flag::localok}, {"icmp", policy_flag::icmp}};
const std::vector<std::pair<const char*, std::uint8_t>> kStateFlags = {
    {"noecn", state_flag::noecn},
    {"decap-dscp", state_flag::decap_dscp},
    {"nopmtudisc", state_flag::nopmtudisc},
    {"wildrecv", state_flag::wildrecv},
    {"icmp", state_flag::icmp},
    {"af-unspec", state_flag::af_unspec},
    {"align4", state_flag::align4},
    {"esn", state_flag::esn}};
const std::vector<std::pair<const char*, std::uint32_t>> kStateExtraFlags = {
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

// The words `policy add/update` and `policy get/delete` share: dir, ctx,
// mark, ptype, if_id and the selector (Policy and PolicyId name these fields
// alike). Returns false when the word at the cursor is none of them.
struct PolicyWordsSeen {
    bool dir = false, sel = false, ptype = false;
};

template <typename P>
bool parse_policy_shared_word(Cursor& c, Globals& g, P& p, PolicyWordsSeen& seen) {
    const std::string_view w = c.cur();
    if (w == "dir") {
        if (seen.dir)
            c.duplicate("dir");
        seen.dir = true;
        c.next();
        p.dir = parse_dir(c);
    } else if (w == "ctx") {
        if (p.sec_ctx)
            c.duplicate("ctx");
        c.next();
        p.sec_ctx = security_context(c.cur());
    } else if (w == "mark") {
        p.mark = parse_mark(c);
    } else if (w == "ptype") {
        if (seen.ptype)
            c.duplicate("ptype");
        seen.ptype = true;
        c.next();
        p.ptype = parse_ptype(c);
    } else if (w == "if_id") {
        c.next();
        p.if_id = value_or_invalid<std::uint32_t>(c, "IF_ID value is invalid");
    } else if (!seen.sel && is_selector_word(w)) {
        seen.sel = true;
        SelectorSeen sel_seen;
        parse_selector(c, p.sel, g, sel_seen);
        if (g.family == 0)
            g.family = p.sel.family;
    } else {
        return false;
    }
    return true;
}

} // namespace

// ---------------------------------------------------------------- shared words

int xfrm_proto_number(const std::string& word) {
    return xfrm_proto_by_name(word);
}
std::uint8_t parse_policy_type(Cursor& c) {
    return parse_ptype(c);
}

// ---------------------------------------------------------------- policies

Policy parse_policy_modify(Cursor& c, Globals& g) {
    Policy p;
    p.sel.family = g.family;
    PolicyWordsSeen seen;
    const char* expected = "dir, index, ptype, action, priority, flag, limit, tmpl, mark, "
                           "if_id, ctx or a selector (src, dst, dev, proto, sport, dport, ...)";
    while (!c.done()) {
        const std::string_view w = c.cur();
        if (parse_policy_shared_word(c, g, p, seen)) {
            // dir, ctx, mark, ptype, if_id or the selector: done
        } else if (w == "index") {
            c.next();
            p.index = value_or_invalid<std::uint32_t>(c, "INDEX value is invalid");
        } else if (w == "action") {
            c.next();
            p.action = parse_action(c);
        } else if (w == "priority") {
            c.next();
            p.priority = value_or_invalid<std::uint32_t>(c, "PRIORITY value is invalid");
        } else if (w == "flag") {
            c.next();
            p.flags = parse_flag_list(c, kPolicyFlags, "FLAG value is invalid");
        } else if (w == "limit") {
            c.next();
            parse_limit(c, p.lft);
        } else if (w == "tmpl") {
            // ip's 1 KiB buffer holds 16 (xfrm_user_tmpl is 64 bytes); the
            // kernel takes at most XFRM_MAX_DEPTH (6) and says so itself.
            if (p.tmpls.size() >= kMaxTemplates)
                semantic("Too many tmpls: buffer overflow");
            c.next();
            Template t = parse_tmpl(c, g);
            p.tmpls.push_back(t);
        } else {
            unknown_word(c, expected);
        }
        c.advance();
    }
    if (!seen.dir)
        semantic("Not enough information: DIR is required.",
                 "add \"dir in\", \"dir out\" or \"dir fwd\" (tunnel mode gateways need fwd too)");
    for (const Template& t : p.tmpls)
        if (t.mode == 1 && (t.saddr.is_zero() || t.daddr.is_zero()))
            std::fprintf(stderr,
                         "ipxf: warning: a tunnel-mode tmpl without \"src ADDR dst ADDR\" "
                         "(the tunnel endpoints): the kernel will look for an SA to 0.0.0.0\n");
    if (p.mark && p.mark->mask == 0)
        p.mark.reset();
    if (p.sel.family == 0)
        p.sel.family = AF_INET;
    return p;
}

PolicyId parse_policy_id(Cursor& c, Globals& g, bool& by_index) {
    PolicyId id;
    id.sel.family = g.family;
    PolicyWordsSeen seen;
    bool index = false;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (parse_policy_shared_word(c, g, id, seen)) {
            // dir, ctx, mark, ptype, if_id or the selector: done
        } else if (w == "index") {
            if (index)
                c.duplicate("index");
            index = true;
            c.next();
            id.index = value_or_invalid<std::uint32_t>(c, "INDEX value is invalid");
        } else {
            if (seen.sel)
                c.invalid("unknown");
            unknown_word(c, "dir, index, ptype, mark, if_id or a selector");
        }
        c.advance();
    }
    if (!seen.dir)
        semantic("Not enough information: DIR is required.");
    if (!seen.sel && !index)
        semantic("Not enough information: selector or INDEX is required.");
    if (seen.sel && index) // iproute2's duparg2()
        throw CliError(kExitParse,
                       "Error: either \"SELECTOR\" is duplicate, or \"INDEX\" is a garbage.",
                       "give either a selector or \"index N\", not both");
    if (id.mark && id.mark->mask == 0)
        id.mark.reset();
    if (id.sel.family == 0)
        id.sel.family = AF_INET;
    by_index = index;
    return id;
}

PolicyFilter parse_policy_filter(Cursor& c, Globals& g) {
    PolicyFilter f;
    f.use = !c.done() || g.family != 0;
    f.want.sel.family = g.family;
    bool sel = false;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (w == "dir") {
            c.next();
            f.want.dir = parse_dir(c);
            f.dir = true;
        } else if (w == "index") {
            c.next();
            f.want.index = value_or_invalid<std::uint32_t>(c, "INDEX value is invalid");
            f.index = true;
        } else if (w == "ptype") {
            c.next();
            f.ptype_value = parse_ptype(c);
            f.ptype = true;
        } else if (w == "action") {
            c.next();
            f.want.action = parse_action(c);
            f.action = true;
        } else if (w == "priority") {
            c.next();
            f.want.priority = value_or_invalid<std::uint32_t>(c, "PRIORITY value is invalid");
            f.priority = true;
        } else if (w == "flag") {
            c.next();
            f.want.flags = parse_flag_list(c, kPolicyFlags, "FLAG value is invalid");
            f.flags = true;
        } else if (w == "nosock") {
            f.nosock = true;
        } else if (!sel && is_selector_word(w)) {
            sel = true;
            SelectorSeen seen;
            parse_selector(c, f.want.sel, g, seen);
            f.src_bits = seen.src_bits;
            f.dst_bits = seen.dst_bits;
            f.dev = seen.dev;
            f.uproto = seen.proto;
            f.sport = seen.sport;
            f.dport = seen.dport;
            if (g.family == 0)
                g.family = f.want.sel.family;
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    return f;
}

namespace {
bool prefix_match(const Address& a, const Address& b, unsigned bits) {
    unsigned bytes = bits / 8, rest = bits % 8;
    for (unsigned i = 0; i < bytes && i < 16; ++i)
        if (a.bytes[i] != b.bytes[i])
            return false;
    if (rest && bytes < 16) {
        std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        if ((a.bytes[bytes] & mask) != (b.bytes[bytes] & mask))
            return false;
    }
    return true;
}
} // namespace

bool PolicyFilter::matches(const Policy& p) const {
    if (!use)
        return true;
    if (want.sel.family != 0 && want.sel.family != p.sel.family)
        return false;
    if (dir && p.dir != want.dir)
        return false;
    if (nosock && p.dir >= 3)
        return false;
    if (ptype && p.ptype.value_or(kPolicyTypeMain) != ptype_value)
        return false;
    if (src_bits && !prefix_match(p.sel.saddr, want.sel.saddr, src_bits))
        return false;
    if (dst_bits && !prefix_match(p.sel.daddr, want.sel.daddr, dst_bits))
        return false;
    if (dev && p.sel.ifindex != want.sel.ifindex)
        return false;
    if (uproto && p.sel.proto != want.sel.proto)
        return false;
    if (sport && p.sel.sport != want.sel.sport)
        return false;
    if (dport && p.sel.dport != want.sel.dport)
        return false;
    if (index && p.index != want.index)
        return false;
    if (action && p.action != want.action)
        return false;
    if (priority && p.priority != want.priority)
        return false;
    if (flags && (p.flags & want.flags) == 0)
        return false;
    return true;
}

// ---------------------------------------------------------------- states

State parse_state_modify(Cursor& c, Globals& g) {
    State s;
    s.family = g.family;
    const std::uint16_t preferred_family = g.family; // -4, -6, -f
    bool id = false, sel = false;
    std::uint32_t replay_window = 0, rseq = 0, roseq = 0, rseq_hi = 0, roseq_hi = 0;
    std::optional<Mark> output_mark;
    const char* enc_seen = nullptr;
    const char* auth_seen = nullptr;
    const char* aead_seen = nullptr;
    const char* comp_seen = nullptr;
    static const char* kAlgTypes[] = {"enc", "auth", "auth-trunc", "aead", "comp"};
    const char* expected = "an ID (src, dst, proto, spi), an algorithm (enc, auth, auth-trunc, "
                           "aead, comp), mode, reqid, seq, replay-window, flag, sel, limit, "
                           "encap, mark, output-mark, if_id, tfcpad, extra-flag";
    while (!c.done()) {
        const std::string w = c.cur();
        auto u32_after = [&](const char* key) {
            c.next();
            return value_or_invalid<std::uint32_t>(c, std::string("value after \"") + key +
                                                          "\" is invalid");
        };
        if (w == "mode") {
            c.next();
            s.mode = parse_mode(c);
        } else if (w == "mark") {
            s.mark = parse_mark(c);
        } else if (w == "reqid") {
            c.next();
            s.reqid = value_or_invalid<std::uint32_t>(c, "REQID value is invalid");
        } else if (w == "seq") {
            c.next();
            // like ip (get_be32): the kernel gets the number in network byte order
            s.seq = htonl(value_or_invalid<std::uint32_t>(c, "SEQ value is invalid"));
        } else if (w == "replay-window") {
            replay_window = u32_after("replay-window");
        } else if (w == "replay-seq") {
            rseq = u32_after("replay-seq");
        } else if (w == "replay-oseq") {
            roseq = u32_after("replay-oseq");
        } else if (w == "replay-seq-hi") {
            rseq_hi = u32_after("replay-seq-hi");
        } else if (w == "replay-oseq-hi") {
            roseq_hi = u32_after("replay-oseq-hi");
        } else if (w == "flag") {
            c.next();
            s.flags = parse_flag_list(c, kStateFlags, "FLAG value is invalid");
        } else if (w == "extra-flag") {
            c.next();
            std::uint32_t x = parse_flag_list(c, kStateExtraFlags, "\"EXTRA-FLAG\" is invalid");
            if (x)
                s.extra_flags = x;
        } else if (w == "sel") {
            c.next();
            SelectorSeen seen;
            // The selector's family is its own: an IPv4 tunnel may carry
            // IPv6 traffic and the reverse; only -4/-6/-f constrain it.
            Globals local = g;
            local.family = preferred_family;
            parse_selector(c, s.sel, local, seen);
            sel = true;
        } else if (w == "limit") {
            c.next();
            parse_limit(c, s.lft);
        } else if (w == "encap") {
            Encap e;
            c.next();
            if (c.cur() == "espinudp-nonike")
                e.type = 1;
            else if (c.cur() == "espinudp")
                e.type = 2;
            else if (c.cur() == "espintcp")
                e.type = 7;
            else
                c.invalid("ENCAP-TYPE value is invalid");
            c.next();
            e.sport = value_or_invalid<std::uint16_t>(c, "SPORT value after \"encap\" is invalid");
            c.next();
            e.dport = value_or_invalid<std::uint16_t>(c, "DPORT value after \"encap\" is invalid");
            c.next();
            auto oa = Address::parse(c.cur());
            // ip takes an address of either family here (an IPv6 SA may carry 0.0.0.0)
            if (!oa)
                throw CliError(kExitSemantic,
                               std::string("Error: ") + family_word(g.family) +
                                   " address is expected rather than \"" + c.cur() + "\".",
                               "at word " + std::to_string(c.pos() + 1) + ": " +
                                   c.context(c.pos()) + " (encap ends with the original address)");
            e.oa = *oa;
            s.encap = e;
        } else if (w == "coa") {
            if (s.coaddr)
                c.duplicate("coa");
            c.next();
            Prefix p = parse_prefix(c, g.family, "coa");
            s.coaddr = p.addr;
        } else if (w == "ctx") {
            if (s.sec_ctx)
                c.duplicate("ctx");
            c.next();
            s.sec_ctx = security_context(c.cur());
        } else if (w == "offload") {
            Offload off;
            c.next();
            if (c.cur() == "dev") {
                c.next();
                unsigned idx = if_nametoindex(c.cur().c_str());
                if (idx == 0)
                    c.invalid("value after \"offload dev\" is invalid");
                off.ifindex = static_cast<std::int32_t>(idx);
                c.next();
            }
            if (c.cur() != "dir")
                c.invalid("value after \"offload dir\" is invalid");
            c.next();
            if (c.cur() == "in")
                off.flags = 2; // XFRM_OFFLOAD_INBOUND
            else if (c.cur() == "out")
                off.flags = 0;
            else
                c.invalid("DIR value is invalid");
            s.offload = off;
        } else if (w == "output-mark") {
            Mark m;
            c.next();
            m.value = value_or_invalid<std::uint32_t>(c, "value after \"output-mark\" is invalid");
            if (c.has_next()) {
                c.advance();
                if (c.cur() == "mask") {
                    c.next();
                    m.mask = value_or_invalid<std::uint32_t>(c, "mask value is invalid\n");
                } else {
                    c.back();
                }
            }
            output_mark = m;
        } else if (w == "if_id") {
            s.if_id = u32_after("if_id");
        } else if (w == "tfcpad") {
            std::uint32_t v = u32_after("tfcpad");
            if (v)
                s.tfcpad = v;
        } else if (w == "enc" || w == "auth" || w == "auth-trunc" || w == "aead" || w == "comp") {
            const char* type = nullptr;
            for (const char* t : kAlgTypes)
                if (w == t)
                    type = t;
            bool is_enc = w == "enc", is_aead = w == "aead", is_comp = w == "comp";
            bool is_auth = w == "auth" || w == "auth-trunc";
            if ((is_enc && (enc_seen || aead_seen)) ||
                (is_aead && (enc_seen || auth_seen || aead_seen)) ||
                (is_auth && (auth_seen || aead_seen)) || (is_comp && comp_seen))
                c.duplicate("ALGO-TYPE");
            (is_enc ? enc_seen : is_aead ? aead_seen : is_comp ? comp_seen : auth_seen) = type;
            if (!c.has_next())
                c.missing("ALGO-NAME");
            Algorithm a;
            a.name = c.next();
            if (a.name.size() >= 64)
                c.invalid("ALGO-NAME is too long (at most 63 characters)");
            if (!is_comp) {
                if (!c.has_next())
                    c.missing("ALGO-KEYMAT");
                c.next();
                a.key = parse_key(c);
            }
            a.key_bits = static_cast<std::uint32_t>(a.key.size() * 8);
            if (is_aead) {
                if (!c.has_next())
                    c.missing("ALGO-ICV-LEN");
                c.next();
                a.icv_bits = value_or_invalid<std::uint32_t>(c, "ALGO-ICV-LEN value is invalid");
            } else if (w == "auth-trunc") {
                if (!c.has_next())
                    c.missing("ALGO-TRUNC-LEN");
                c.next();
                a.icv_bits = value_or_invalid<std::uint32_t>(c, "ALGO-TRUNC-LEN value is invalid");
            }
            (is_enc ? s.enc : is_aead ? s.aead : is_comp ? s.comp : s.auth) = a;
        } else if (is_id_word(w)) {
            if (id)
                c.invalid("unknown");
            id = true;
            parse_id(c, s.saddr, s.daddr, s.proto, s.spi, s.family, g, false);
            if (g.family == 0)
                g.family = s.family;
        } else {
            if (id)
                c.invalid("unknown");
            throw CliError(kExitParse, "Error: argument \"" + w + "\" is wrong: unknown",
                           "unknown word \"" + w + "\" at word " + std::to_string(c.pos() + 1) +
                               ": " + c.context(c.pos()) + "; expected " + expected);
        }
        c.advance();
    }
    (void)sel;
    if ((s.flags & state_flag::esn) && replay_window == 0)
        throw CliError(kExitParse, "Error: esn flag set without replay-window.");
    if (replay_window > kReplayEsnMax)
        throw CliError(kExitParse, "Error: replay-window (" + std::to_string(replay_window) +
                                       ") > XFRMA_REPLAY_ESN_MAX (" +
                                       std::to_string(kReplayEsnMax) + ").");
    if ((s.flags & state_flag::esn) || replay_window > 32) {
        ReplayStateEsn esn;
        esn.seq = rseq;
        esn.oseq = roseq;
        esn.seq_hi = rseq_hi;
        esn.oseq_hi = roseq_hi;
        esn.replay_window = replay_window;
        esn.bitmap.assign((replay_window + 31) / 32, 0);
        s.replay_esn = esn;
    } else {
        if (rseq || roseq)
            s.replay = ReplayState{roseq, rseq, 0};
        s.replay_window = static_cast<std::uint8_t>(replay_window);
    }
    if (!id)
        semantic("Not enough information: ID is required",
                 "give at least \"src ADDR dst ADDR proto esp|ah|comp spi SPI\"");
    if (s.mark && s.mark->mask == 0)
        s.mark.reset();
    const std::string pname = xfrm_proto_name(s.proto);
    if (is_ipsec_proto(s.proto)) {
        bool mode_ok = s.mode == 0 || s.mode == 1 || (s.mode == 4 && s.proto == ipproto::esp);
        if (!mode_ok)
            semantic("MODE value is invalid with XFRM-PROTO value \"" + pname + "\"");
        if (s.proto == ipproto::esp) {
            if (comp_seen)
                semantic("ALGO-TYPE value \"comp\" is invalid with XFRM-PROTO value \"esp\"");
            if (!enc_seen && !aead_seen)
                semantic("ALGO-TYPE value \"enc\" or \"aead\" is required with XFRM-PROTO value "
                         "\"esp\"",
                         "for example: enc 'cbc(aes)' 0x<32 hex digits> auth 'hmac(sha1)' 0x<40 "
                         "hex digits>");
        } else if (s.proto == ipproto::ah) {
            if (enc_seen || aead_seen || comp_seen)
                semantic("ALGO-TYPE values \"enc\", \"aead\", and \"comp\" are invalid with "
                         "XFRM-PROTO value \"ah\"");
            if (!auth_seen)
                semantic("ALGO-TYPE value \"auth\" or \"auth-trunc\" is required with XFRM-PROTO "
                         "value \"ah\"");
        } else if (s.proto == ipproto::comp) {
            if (enc_seen || auth_seen || aead_seen)
                semantic("ALGO-TYPE values \"enc\", \"auth\", \"auth-trunc\", and \"aead\" are "
                         "invalid with XFRM-PROTO value \"comp\"");
            if (!comp_seen)
                semantic("ALGO-TYPE value \"comp\" is required with XFRM-PROTO value \"comp\"");
        }
    } else if (enc_seen || auth_seen || aead_seen || comp_seen) {
        semantic("ALGO is invalid with XFRM-PROTO value \"" + pname + "\"");
    }
    if (is_ro_proto(s.proto)) {
        if (s.mode == 0)
            semantic("\"mode\" is required with XFRM-PROTO value \"" + pname + "\"");
        if (s.mode != 2 && s.mode != 3)
            semantic("MODE value is invalid with XFRM-PROTO value \"" + pname + "\"");
        if (!s.coaddr)
            semantic("\"coa\" is required with XFRM-PROTO value \"" + pname + "\"");
    } else if (s.coaddr) {
        semantic("\"coa\" is invalid with XFRM-PROTO value \"" + pname + "\"");
    }
    if (output_mark) {
        if (output_mark->value)
            s.output_mark = output_mark->value;
        if (output_mark->mask)
            s.set_mark_mask = output_mark->mask;
    }
    if (s.family == 0)
        s.family = AF_INET;
    return s;
}

StateId parse_state_id(Cursor& c, Globals& g) {
    StateId id;
    id.family = g.family;
    bool seen_id = false;
    Address saddr;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (w == "mark") {
            id.mark = parse_mark(c);
        } else if (is_id_word(w)) {
            if (seen_id)
                c.invalid("unknown");
            seen_id = true;
            parse_id(c, saddr, id.daddr, id.proto, id.spi, id.family, g, false);
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    if (!seen_id)
        semantic("Not enough information: ID is required");
    if (!saddr.is_zero() || saddr.family != 0)
        id.saddr = saddr;
    if (id.mark && id.mark->mask == 0)
        id.mark.reset();
    if (id.family == 0)
        id.family = AF_INET;
    return id;
}

StateFilter parse_state_filter(Cursor& c, Globals& g) {
    StateFilter f;
    f.use = !c.done() || g.family != 0;
    f.want.family = g.family;
    bool seen_id = false;
    while (!c.done()) {
        const std::string& w = c.cur();
        if (w == "nokeys") {
            f.nokeys = true;
        } else if (w == "mode") {
            c.next();
            f.want.mode = parse_mode(c);
            f.mode = true;
        } else if (w == "reqid") {
            c.next();
            f.want.reqid = value_or_invalid<std::uint32_t>(c, "REQID value is invalid");
            f.reqid = true;
        } else if (w == "flag") {
            c.next();
            f.want.flags = parse_flag_list(c, kStateFlags, "FLAG value is invalid");
            f.flags = true;
        } else if (is_id_word(w)) {
            if (seen_id)
                c.invalid("unknown");
            seen_id = true;
            SelectorSeen seen;
            parse_id(c, f.want.saddr, f.want.daddr, f.want.proto, f.want.spi, f.want.family, g,
                     true, &seen, &f.spi, &f.proto);
            f.src_bits = seen.src_bits;
            f.dst_bits = seen.dst_bits;
            f.src = seen.src_bits != 0;
            f.dst = seen.dst_bits != 0;
        } else {
            c.invalid("unknown");
        }
        c.advance();
    }
    return f;
}

bool StateFilter::matches(const State& s) const {
    if (!use)
        return true;
    if (want.family != 0 && want.family != s.family)
        return false;
    if (src && !prefix_match(s.saddr, want.saddr, src_bits))
        return false;
    if (dst && !prefix_match(s.daddr, want.daddr, dst_bits))
        return false;
    if (proto && want.proto != kIpsecProtoAny && s.proto != want.proto)
        return false;
    if (spi && s.spi != want.spi)
        return false;
    if (mode && s.mode != want.mode)
        return false;
    if (reqid && s.reqid != want.reqid)
        return false;
    if (flags && (s.flags & want.flags) == 0)
        return false;
    return true;
}

} // namespace ipxf::cli
