// SPDX-License-Identifier: GPL-2.0-or-later
#include "conf/conn_keywords.hpp"

#include "conf/choice.hpp"
#include "conf/duration.hpp"
#include "conf/value_parsers.hpp"

#include <array>
#include <variant>

namespace ipsec::conf {

namespace {

constexpr std::string_view ikev1_only = "an IKEv1 feature; iked speaks IKEv2 only";
constexpr std::string_view certificates =
    "certificate authentication is not implemented yet: use authby=secret";
constexpr std::string_view second_round =
    "second authentication rounds (RFC 4739) are not supported by iked";

constexpr std::array<Choice<bool>, 2> yes_no{{{"yes", true, {}}, {"no", false, {}}}};

constexpr std::array<Choice<ConnType>, 6> type_choices{{
    {"tunnel", ConnType::tunnel, {}},
    {"transport", ConnType::transport, {}},
    {"passthrough", ConnType::passthrough, {}},
    {"pass", ConnType::passthrough, {}},
    {"drop", ConnType::drop, {}},
    {"transport_proxy", std::nullopt, "the Mobile IPv6 transport proxy mode"},
}};

constexpr std::array<Choice<AutoAction>, 4> auto_choices{{
    {"ignore", AutoAction::ignore, {}},
    {"add", AutoAction::add, {}},
    {"route", AutoAction::route, {}},
    {"start", AutoAction::start, {}},
}};

constexpr std::array<Choice<AuthBy>, 8> authby_choices{{
    {"pubkey", AuthBy::pubkey, {}},
    {"rsasig", AuthBy::rsasig, {}},
    {"ecdsasig", AuthBy::ecdsasig, {}},
    {"psk", AuthBy::psk, {}},
    {"secret", AuthBy::psk, {}},
    {"never", AuthBy::never, {}},
    {"xauthpsk", std::nullopt, ikev1_only},
    {"xauthrsasig", std::nullopt, ikev1_only},
}};

constexpr std::array<Choice<KeyExchange>, 3> keyexchange_choices{{
    {"ike", KeyExchange::ike, {}},
    {"ikev2", KeyExchange::ikev2, {}},
    {"ikev1", std::nullopt, "iked speaks IKEv2 only"},
}};

constexpr std::array<Choice<SaAction>, 4> action_choices{{
    {"none", SaAction::none, {}},
    {"clear", SaAction::clear, {}},
    {"hold", SaAction::hold, {}},
    {"restart", SaAction::restart, {}},
}};

constexpr std::array<Choice<Fragmentation>, 4> fragmentation_choices{{
    {"yes", Fragmentation::yes, {}},
    {"accept", Fragmentation::accept, {}},
    {"no", Fragmentation::no, {}},
    {"force", std::nullopt, "fragmenting the first message is an IKEv1 feature"},
}};

constexpr std::array<Choice<SendCert>, 5> sendcert_choices{{
    {"never", SendCert::never, {}},
    {"no", SendCert::never, {}},
    {"ifasked", SendCert::ifasked, {}},
    {"always", SendCert::always, {}},
    {"yes", SendCert::always, {}},
}};

// Stores a Parsed<T> into `out`, or turns its message into a ValueError.
template <typename T, typename Out>
ApplyResult store(Parsed<T>&& parsed, Out& out) {
    if (auto* problem = std::get_if<Problem>(&parsed))
        return ValueError{problem->text, false};
    out = std::move(std::get<T>(parsed));
    return std::nullopt;
}

ApplyResult duration(std::string_view value, seconds& out) {
    auto parsed = parse_duration(value);
    if (!parsed)
        return ValueError{"expected a time: a number of seconds, or a number followed by s, m, h "
                          "or d (e.g. 30s, 9m, 1h)",
                          false};
    out = *parsed;
    return std::nullopt;
}

ApplyResult optional_duration(std::string_view value, std::optional<seconds>& out) {
    seconds parsed{};
    if (auto rc = duration(value, parsed))
        return rc;
    out = parsed;
    return std::nullopt;
}

ApplyResult count(std::string_view value, std::optional<std::uint64_t>& out) {
    auto parsed = parse_unsigned(value, UINT64_MAX);
    if (!parsed)
        return ValueError{"expected a whole number", false};
    out = *parsed;
    return std::nullopt;
}

ApplyResult boolean(std::string_view value, bool& out) {
    return choose(value, yes_no, out);
}

// A yes/no keyword whose yes iked does not implement: no is taken, yes is an
// unsupported value (it refuses the conn), saying `why`.
ApplyResult no_only(std::string_view value, bool& out, std::string why) {
    if (auto rc = boolean(value, out))
        return rc;
    if (out)
        return ValueError{std::move(why), true};
    return std::nullopt;
}

ApplyResult mark(std::string_view value, std::optional<Mark>& out) {
    return store(parse_mark(value), out);
}

ApplyResult proposals(std::string_view value, std::optional<ProposalList>& out) {
    return store(parse_proposals(value), out);
}

using ConnApply = ApplyResult (*)(Conn&, std::string_view, const ConfOptions&);
using EndApply = ApplyResult (*)(ConnEnd&, std::string_view, const ConfOptions&);

struct ConnKeyword {
    std::string_view name;
    KeywordInfo info;
    ConnApply apply;
};

struct EndKeyword {
    std::string_view suffix; // after "left" or "right"
    KeywordInfo info;
    EndApply apply;
};

constexpr KeywordInfo typed{KeywordSupport::typed, {}};

constexpr KeywordInfo refused(std::string_view note) {
    return {KeywordSupport::refused, note};
}

constexpr KeywordInfo unsupported(std::string_view note) {
    return {KeywordSupport::unsupported, note};
}

constexpr KeywordInfo obsolete(std::string_view note) {
    return {KeywordSupport::obsolete, note};
}

const std::array<ConnKeyword, 55> conn_keywords{{
    // `also` is resolved before typing; it is listed so that it is known.
    {"also", typed,
     [](Conn&, std::string_view, const ConfOptions&) -> ApplyResult {
         return {};
     }},
    {"type", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return choose(v, type_choices, c.type);
     }},
    {"auto", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return choose(v, auto_choices, c.auto_action);
     }},
    {"authby", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return choose(v, authby_choices, c.authby);
     }},
    {"keyexchange", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return choose(v, keyexchange_choices, c.keyexchange);
     }},
    {"ike", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return proposals(v, c.ike);
     }},
    {"esp", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return proposals(v, c.esp);
     }},
    {"ah", refused("AH is not implemented yet; use esp="),
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return proposals(v, c.ah);
     }},
    {"ikelifetime", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return duration(v, c.ikelifetime);
     }},
    {"lifetime", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return duration(v, c.lifetime);
     }},
    {"keylife", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return duration(v, c.lifetime);
     }},
    {"margintime", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return duration(v, c.margintime);
     }},
    {"rekeymargin", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return duration(v, c.margintime);
     }},
    {"lifebytes", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return count(v, c.lifebytes);
     }},
    {"lifepackets", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return count(v, c.lifepackets);
     }},
    {"marginbytes", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return count(v, c.marginbytes);
     }},
    {"marginpackets", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return count(v, c.marginpackets);
     }},
    {"rekeyfuzz", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) -> ApplyResult {
         if (v.empty() || v.back() != '%')
             return ValueError{"expected a percentage such as 100%", false};
         v.remove_suffix(1);
         auto n = parse_unsigned(v, 100000);
         if (!n || v.starts_with("0x"))
             return ValueError{"expected a percentage such as 100%", false};
         c.rekeyfuzz_percent = static_cast<std::uint32_t>(*n);
         return std::nullopt;
     }},
    {"rekey", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return boolean(v, c.rekey);
     }},
    {"reauth", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return no_only(v, c.reauth,
                        "iked rekeys IKE_SAs in place (reauth=no); reauthentication is not "
                        "implemented yet");
     }},
    {"keyingtries", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) -> ApplyResult {
         if (v == "%forever") {
             c.keyingtries = 0;
             return std::nullopt;
         }
         auto n = parse_unsigned(v, UINT32_MAX);
         if (!n)
             return ValueError{"expected a whole number or %forever", false};
         c.keyingtries = static_cast<std::uint32_t>(*n);
         return std::nullopt;
     }},
    {"dpddelay", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return duration(v, c.dpddelay);
     }},
    {"dpdtimeout", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return duration(v, c.dpdtimeout);
     }},
    {"dpdaction", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return choose(v, action_choices, c.dpdaction);
     }},
    {"closeaction", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return choose(v, action_choices, c.closeaction);
     }},
    {"inactivity", refused("closing idle CHILD_SAs is not implemented yet"),
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return optional_duration(v, c.inactivity);
     }},
    {"mobike", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return boolean(v, c.mobike);
     }},
    {"forceencaps", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return boolean(v, c.forceencaps);
     }},
    {"fragmentation", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return choose(v, fragmentation_choices, c.fragmentation);
     }},
    {"installpolicy", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return boolean(v, c.installpolicy);
     }},
    {"compress", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return no_only(v, c.compress, "IPComp is not implemented yet");
     }},
    {"replay_window", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) -> ApplyResult {
         if (v == "-1") {
             c.replay_window.reset();
             return std::nullopt;
         }
         auto n = parse_unsigned(v, UINT32_MAX);
         if (!n)
             return ValueError{"expected -1 (the daemon's default) or a window size in packets",
                               false};
         c.replay_window = static_cast<std::uint32_t>(*n);
         return std::nullopt;
     }},
    {"reqid", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) -> ApplyResult {
         auto n = parse_unsigned(v, UINT32_MAX);
         if (!n || *n == 0)
             return ValueError{"expected a number from 1 to 4294967295", false};
         c.reqid = static_cast<std::uint32_t>(*n);
         return std::nullopt;
     }},
    {"mark", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return mark(v, c.mark);
     }},
    {"mark_in", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return mark(v, c.mark_in);
     }},
    {"mark_out", typed,
     [](Conn& c, std::string_view v, const ConfOptions&) {
         return mark(v, c.mark_out);
     }},
    {"aggressive", typed,
     [](Conn&, std::string_view v, const ConfOptions&) {
         bool on = false;
         return no_only(v, on, "Aggressive Mode is " + std::string(ikev1_only));
     }},
    // Known to strongSwan 5.9, not implemented by iked.
    {"aaa_identity", unsupported("EAP is not supported by iked"), nullptr},
    {"eap_identity", unsupported("EAP is not supported by iked"), nullptr},
    {"xauth", unsupported(ikev1_only), nullptr},
    {"xauth_identity", unsupported(ikev1_only), nullptr},
    {"modeconfig", unsupported("IKEv1 Mode Config push/pull; iked assigns no virtual IPs"),
     nullptr},
    {"ikedscp", unsupported("setting a DSCP on IKE packets is not supported by iked"), nullptr},
    {"tfc", unsupported("Traffic Flow Confidentiality padding is not supported by iked"), nullptr},
    {"sha256_96", unsupported("96-bit HMAC-SHA-256 truncation is not supported by iked"), nullptr},
    {"mediation", unsupported("the IKEv2 mediation extension is not supported by iked"), nullptr},
    {"mediated_by", unsupported("the IKEv2 mediation extension is not supported by iked"), nullptr},
    {"me_peerid", unsupported("the IKEv2 mediation extension is not supported by iked"), nullptr},
    // Keywords strongSwan 5 itself no longer uses.
    {"auth", obsolete("a pluto keyword: charon uses ah= for AH"), nullptr},
    {"eap", obsolete("use leftauth=eap-...; EAP is not supported by iked"), nullptr},
    {"pfs", obsolete("PFS is set by a DH group in esp="), nullptr},
    {"pfsgroup", obsolete("PFS is set by a DH group in esp="), nullptr},
    {"keep_alive", obsolete("a pluto keyword"), nullptr},
    {"ldaphost", obsolete("LDAP lookups were removed in strongSwan 5"), nullptr},
    {"ldapbase", obsolete("LDAP lookups were removed in strongSwan 5"), nullptr},
}};

const std::array<EndKeyword, 26> end_keywords{{
    {"", typed,
     [](ConnEnd& e, std::string_view v, const ConfOptions& o) -> ApplyResult {
         bool allow_any = e.allow_any;
         auto rc = store(parse_hosts(v, allow_any, o.default_route), e.hosts);
         if (!rc)
             e.allow_any = allow_any;
         return rc;
     }},
    {"subnet", typed,
     [](ConnEnd& e, std::string_view v, const ConfOptions&) {
         return store(parse_subnets(v), e.subnets);
     }},
    {"protoport", typed,
     [](ConnEnd& e, std::string_view v, const ConfOptions&) {
         return store(parse_proto_port(v), e.proto_port);
     }},
    {"id", typed,
     [](ConnEnd& e, std::string_view v, const ConfOptions&) -> ApplyResult {
         e.id = std::string(v);
         return std::nullopt;
     }},
    {"auth", typed,
     [](ConnEnd& e, std::string_view v, const ConfOptions&) -> ApplyResult {
         if (v.starts_with("eap"))
             return ValueError{"EAP is not supported by iked", true};
         if (v.starts_with("xauth"))
             return ValueError{std::string(ikev1_only), true};
         if (v == "psk" || v == "secret") {
             e.auth = AuthSpec{AuthClass::psk, std::string(v)};
             return std::nullopt;
         }
         constexpr std::array<std::string_view, 7> pubkey_forms{
             "pubkey", "rsa", "ecdsa", "ed25519", "ed448", "bliss", "ike:"};
         for (auto form : pubkey_forms) {
             if (v.starts_with(form)) {
                 e.auth = AuthSpec{AuthClass::pubkey, std::string(v)};
                 return std::nullopt;
             }
         }
         return ValueError{"expected psk, pubkey, or a key type with constraints such as "
                           "rsa-2048-sha256 or ike:pubkey-sha384",
                           false};
     }},
    {"cert", refused(certificates),
     [](ConnEnd& e, std::string_view v, const ConfOptions&) -> ApplyResult {
         e.certs = split_list(v);
         for (const auto& cert : e.certs)
             if (cert.empty())
                 return ValueError{"empty entry in the certificate list", false};
         return std::nullopt;
     }},
    {"ca", refused(certificates),
     [](ConnEnd& e, std::string_view v, const ConfOptions&) -> ApplyResult {
         e.ca = std::string(v);
         return std::nullopt;
     }},
    {"sendcert", refused(certificates),
     [](ConnEnd& e, std::string_view v, const ConfOptions&) {
         return choose(v, sendcert_choices, e.send_cert);
     }},
    {"sourceip", refused("virtual IPs (configuration payloads) are not implemented yet"),
     [](ConnEnd& e, std::string_view v, const ConfOptions&) {
         return store(parse_source_ips(v), e.source_ips);
     }},
    {"firewall", typed,
     [](ConnEnd& e, std::string_view v, const ConfOptions&) {
         return boolean(v, e.firewall);
     }},
    {"updown", typed,
     [](ConnEnd& e, std::string_view v, const ConfOptions&) -> ApplyResult {
         e.updown = std::string(v);
         return std::nullopt;
     }},
    {"allowany", refused("leftallowany is not implemented yet"),
     [](ConnEnd& e, std::string_view v, const ConfOptions&) {
         return boolean(v, e.allow_any);
     }},
    {"ikeport", refused("IKE ports other than 500/4500 are not implemented yet"),
     [](ConnEnd& e, std::string_view v, const ConfOptions&) -> ApplyResult {
         auto n = parse_unsigned(v, 65535);
         if (!n || *n == 0)
             return ValueError{"expected a UDP port from 1 to 65535", false};
         e.ike_port = static_cast<std::uint16_t>(*n);
         return std::nullopt;
     }},
    {"auth2", unsupported(second_round), nullptr},
    {"id2", unsupported(second_round), nullptr},
    {"ca2", unsupported(second_round), nullptr},
    {"cert2", unsupported(second_round), nullptr},
    {"groups2", unsupported(second_round), nullptr},
    {"groups", unsupported("group membership checks are not supported by iked"), nullptr},
    {"certpolicy", unsupported("certificate policy checks are not supported by iked"), nullptr},
    {"dns", unsupported("configuration attributes (DNS servers) are not supported by iked"),
     nullptr},
    {"hostaccess", unsupported("iked runs no updown script, so it adds no firewall rules"),
     nullptr},
    {"sigkey", unsupported("raw public keys are not supported by iked: use a certificate"),
     nullptr},
    {"rsasigkey", unsupported("raw public keys are not supported by iked: use a certificate"),
     nullptr},
    {"nexthop", obsolete("a pluto keyword: charon routes by itself"), nullptr},
    {"subnetwithin", obsolete("a pluto keyword"), nullptr},
}};

// "left..." or "right..." -> the end and the suffix.
bool split_end(std::string_view key, bool& right, std::string_view& suffix) {
    if (key.starts_with("left")) {
        right = false;
        suffix = key.substr(4);
        return true;
    }
    if (key.starts_with("right")) {
        right = true;
        suffix = key.substr(5);
        return true;
    }
    return false;
}

const EndKeyword* find_end(std::string_view suffix) {
    for (const auto& keyword : end_keywords)
        if (keyword.suffix == suffix)
            return &keyword;
    return nullptr;
}

const ConnKeyword* find_conn(std::string_view name) {
    for (const auto& keyword : conn_keywords)
        if (keyword.name == name)
            return &keyword;
    return nullptr;
}

} // namespace

std::optional<KeywordInfo> classify_conn_keyword(std::string_view key) {
    bool right = false;
    std::string_view suffix;
    if (split_end(key, right, suffix)) {
        if (const auto* keyword = find_end(suffix))
            return keyword->info;
        return std::nullopt;
    }
    if (const auto* keyword = find_conn(key))
        return keyword->info;
    return std::nullopt;
}

std::vector<std::pair<std::string, KeywordInfo>> conn_keyword_list() {
    std::vector<std::pair<std::string, KeywordInfo>> out;
    for (const auto& k : conn_keywords)
        out.emplace_back(std::string(k.name), k.info);
    for (const char* side : {"left", "right"})
        for (const auto& k : end_keywords)
            out.emplace_back(side + std::string(k.suffix), k.info);
    return out;
}

ApplyResult apply_conn_keyword(Conn& conn, std::string_view key, std::string_view value,
                               const ConfOptions& options) {
    bool right = false;
    std::string_view suffix;
    if (split_end(key, right, suffix)) {
        const auto* keyword = find_end(suffix);
        if (keyword == nullptr || keyword->apply == nullptr)
            return std::nullopt;
        return keyword->apply(right ? conn.right : conn.left, value, options);
    }
    const auto* keyword = find_conn(key);
    if (keyword == nullptr || keyword->apply == nullptr)
        return std::nullopt;
    return keyword->apply(conn, value, options);
}

} // namespace ipsec::conf
